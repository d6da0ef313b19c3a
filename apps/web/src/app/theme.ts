import { createTheme, type CSSVariablesResolver, DEFAULT_THEME } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamily: "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "'JetBrains Mono', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  headings: { fontWeight: "650" },
  components: {
    Card: { defaultProps: { withBorder: true, radius: "md", padding: "lg" } },
    Paper: { defaultProps: { radius: "md" } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    // A number outside its bounds stays as typed and the form says why; clamping it on blur changed it silently.
    NumberInput: { defaultProps: { clampBehavior: "none" } },
  },
});

/**
 * Colours that meet WCAG AA (4.5:1) on their backgrounds in both schemes: Mantine's defaults put
 * secondary ("dimmed") text and light badges, alerts and buttons at about 3.3:1. Text on a light
 * tint uses a darker shade in light mode and a lighter one in dark mode.
 */
export const accessibleColors: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-anchor": "var(--mantine-color-indigo-8)",
  };
  const dark: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    "--mantine-color-anchor": "var(--mantine-color-indigo-3)",
  };
  for (const color of Object.keys(DEFAULT_THEME.colors)) {
    if (color === "dark") continue;
    // Filled buttons and badges carry white text: the darkest shade keeps it readable on every colour.
    for (const scheme of [light, dark]) {
      scheme[`--mantine-color-${color}-filled`] = `var(--mantine-color-${color}-9)`;
      scheme[`--mantine-color-${color}-filled-hover`] = `var(--mantine-color-${color}-8)`;
    }
    light[`--mantine-color-${color}-light`] = `var(--mantine-color-${color}-0)`;
    // Shade 9 mixed toward black: yellow and orange have no shade dark enough on their own.
    const deep = `color-mix(in srgb, var(--mantine-color-${color}-9) 70%, black)`;
    light[`--mantine-color-${color}-light-color`] = deep;
    light[`--mantine-color-${color}-text`] = deep;
    light[`--mantine-color-${color}-outline`] = deep;
    dark[`--mantine-color-${color}-light-color`] = `var(--mantine-color-${color}-2)`;
    dark[`--mantine-color-${color}-text`] = `var(--mantine-color-${color}-3)`;
    dark[`--mantine-color-${color}-outline`] = `var(--mantine-color-${color}-3)`;
  }
  return { variables: {}, light, dark };
};

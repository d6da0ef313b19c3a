import path from "node:path";
import type { Locator, Page } from "@playwright/test";

const DIR = path.resolve(import.meta.dirname, "../../test-results/screenshots");

/** A full-page screenshot of a main page, for a person to look at after the run. */
export async function snap(page: Page, name: string): Promise<void> {
  // Let charts finish their entry animation and fonts settle.
  await page.waitForTimeout(700);
  // From the top: a page scrolled down would show its fixed header halfway through the shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  // Toasts are transient and, being fixed to the viewport, land mid-page in a full-page shot.
  await page.screenshot({
    path: path.join(DIR, `${name}.png`),
    fullPage: true,
    style: ".mantine-Notifications-root { display: none !important; }",
  });
}

/** A close-up of one part of a page, for details a full-page shot renders too small to read. */
export async function snapPart(part: Locator, name: string): Promise<void> {
  // The fixed header and toasts would otherwise cover the part once it is scrolled into view.
  await part.screenshot({
    path: path.join(DIR, `${name}.png`),
    style: ".mantine-AppShell-header, .mantine-Notifications-root { display: none !important; }",
  });
}

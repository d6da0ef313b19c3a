import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  NavLink,
  ScrollArea,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDatabase, IconHistory, IconLayoutDashboard, IconListCheck, IconMoon, IconRoute, IconSun } from "@tabler/icons-react";
import { Suspense } from "react";
import { NavLink as RouterNavLink, Outlet, useLocation } from "react-router";
import { PageSkeleton } from "../components/PageSkeleton.tsx";
import { ApprovalsBadge } from "./ApprovalsBadge.tsx";
import { BrandMark } from "./BrandMark.tsx";
import { ConnectionBanner } from "./ConnectionBanner.tsx";
import { HealthIndicator } from "./HealthIndicator.tsx";

const NAV = [
  { to: "/", label: "Dashboard", icon: IconLayoutDashboard, end: true },
  { to: "/data", label: "Data", icon: IconDatabase, end: false },
  { to: "/workflows", label: "Workflows", icon: IconRoute, end: false },
  { to: "/jobs", label: "Jobs", icon: IconListCheck, end: false },
  { to: "/audit", label: "Audit log", icon: IconHistory, end: false },
] as const;

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="lg">
      <a href="#main-content" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <BrandMark />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <HealthIndicator />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              end={item.end}
              label={item.label}
              leftSection={<item.icon size={18} stroke={1.6} />}
              rightSection={item.to === "/jobs" ? <ApprovalsBadge /> : undefined}
              active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
              onClick={close}
              style={{ borderRadius: "var(--mantine-radius-md)" }}
              mb={2}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" pb="xs">
            Agentic data preparation
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-body)" id="main-content" tabIndex={-1} style={{ outline: "none" }}>
        <ConnectionBanner />
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light");
  const next = computed === "light" ? "dark" : "light";
  return (
    <Tooltip label={`Switch to ${next} mode`}>
      <ActionIcon variant="default" size="lg" aria-label={`Switch to ${next} mode`} onClick={() => setColorScheme(next)}>
        {computed === "light" ? <IconMoon size={18} /> : <IconSun size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

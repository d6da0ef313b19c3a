import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";

type TProps = {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  crumbs?: { label: string; to: string }[];
  badge?: ReactNode;
};

/** Title, breadcrumbs and the page's main actions, the same on every screen. */
export function PageHeader({ title, description, actions, crumbs, badge }: TProps) {
  return (
    <Group justify="space-between" align="flex-end" mb="lg" gap="md">
      <Stack gap={4} style={{ minWidth: 0 }}>
        {crumbs && (
          <Breadcrumbs separatorMargin={6}>
            {crumbs.map((c) => (
              <Anchor key={c.to} component={Link} to={c.to} size="sm" c="dimmed">
                {c.label}
              </Anchor>
            ))}
          </Breadcrumbs>
        )}
        <Group gap="sm" wrap="nowrap">
          <Title order={2} style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
            {title}
          </Title>
          {/* The title gives way on a narrow screen; the badge (a status) never does. */}
          {badge && <div style={{ flexShrink: 0 }}>{badge}</div>}
        </Group>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

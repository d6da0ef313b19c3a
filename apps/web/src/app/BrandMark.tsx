import { Group, Text, UnstyledButton } from "@mantine/core";
import { Link } from "react-router";

export function BrandMark() {
  return (
    <UnstyledButton component={Link} to="/" aria-label="AW App home">
      <Group gap={8} wrap="nowrap">
        <img src="/favicon.svg" width={28} height={28} alt="" />
        <Text fw={700} size="lg">
          AW App
        </Text>
      </Group>
    </UnstyledButton>
  );
}

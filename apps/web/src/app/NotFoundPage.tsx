import { Button } from "@mantine/core";
import { IconCompass } from "@tabler/icons-react";
import { Link } from "react-router";
import { EmptyState } from "../components/EmptyState.tsx";

export function NotFoundPage() {
  return (
    <EmptyState
      icon={<IconCompass size={28} />}
      title="Page not found"
      description="The page you are looking for does not exist."
      action={
        <Button component={Link} to="/">
          Back to the dashboard
        </Button>
      }
    />
  );
}

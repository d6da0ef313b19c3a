import { Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useNavigate } from "react-router";
import { errorMessage } from "../app/errors.ts";
import { trpc } from "../trpc.ts";

/** Confirm, delete, and when jobs still refer to the file, explain and offer to detach them. */
export function useDeleteArtifact() {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const remove = trpc.data.delete.useMutation({ meta: { silent: true } });

  const run = (id: string, filename: string, force: boolean) =>
    remove.mutate(
      { id, force },
      {
        onSuccess: (result) => {
          notifications.show({
            color: "teal",
            title: "Deleted",
            message: result.detachedJobs ? `${filename} — ${result.detachedJobs} job(s) keep their history without it` : filename,
          });
          void utils.data.list.invalidate();
          void navigate("/data");
        },
        onError: (error) => {
          const usedByJobs = error.data?.code === "CONFLICT" && !force && /force/.test(error.message);
          if (usedByJobs) {
            modals.openConfirmModal({
              title: "This file is part of job history",
              children: (
                <Text size="sm">
                  {error.message.replace(/; delete them first or pass force/, "")}. Delete it anyway? Those jobs stay, without this file.
                </Text>
              ),
              labels: { confirm: "Delete anyway", cancel: "Keep it" },
              confirmProps: { color: "red" },
              onConfirm: () => run(id, filename, true),
            });
          } else {
            notifications.show({ color: "red", title: "Could not delete", message: errorMessage(error) });
          }
        },
      },
    );

  return {
    isPending: remove.isPending,
    confirm: (id: string, filename: string) =>
      modals.openConfirmModal({
        title: `Delete ${filename}?`,
        children: <Text size="sm">The file and its profile are removed from storage. This cannot be undone.</Text>,
        labels: { confirm: "Delete", cancel: "Cancel" },
        confirmProps: { color: "red", "aria-label": "Confirm delete" },
        onConfirm: () => run(id, filename, false),
      }),
  };
}

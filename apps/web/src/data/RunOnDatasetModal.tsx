import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { trpc } from "../trpc.ts";

type TProps = { dataId: string; filename: string; opened: boolean; onClose: () => void };

/** Start any workflow on this dataset and follow the job. */
export function RunOnDatasetModal({ dataId, filename, opened, onClose }: TProps) {
  const [workflowId, setWorkflowId] = useState<string | null>(null);
  const navigate = useNavigate();
  const workflows = trpc.workflows.list.useQuery({ page: 1, pageSize: 100 }, { enabled: opened });
  const execute = trpc.workflows.execute.useMutation({
    onSuccess: (job) => {
      onClose();
      void navigate(`/jobs/${job.id}`);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Run a workflow on {filename}</Text>} centered>
      <Stack>
        <Select
          data-autofocus
          label="Workflow"
          placeholder={workflows.data?.items.length === 0 ? "No workflows yet" : "Choose a workflow"}
          searchable
          data={(workflows.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))}
          value={workflowId}
          onChange={setWorkflowId}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={!workflowId}
            loading={execute.isPending}
            onClick={() => workflowId && execute.mutate({ workflowId, inputDataId: dataId })}
          >
            Start job
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

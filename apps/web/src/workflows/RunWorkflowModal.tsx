import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ArtifactSelect } from "../data/ArtifactSelect.tsx";
import { trpc } from "../trpc.ts";

type TProps = { workflowId: string; workflowName: string; opened: boolean; onClose: () => void; defaultInputId?: string | null };

/** Pick the input dataset, start a job, and follow it. */
export function RunWorkflowModal({ workflowId, workflowName, opened, onClose, defaultInputId = null }: TProps) {
  const [inputId, setInputId] = useState<string | null>(defaultInputId);
  const navigate = useNavigate();
  const execute = trpc.workflows.execute.useMutation({
    onSuccess: (job) => {
      onClose();
      void navigate(`/jobs/${job.id}`);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Run “{workflowName}”</Text>} centered>
      <Stack>
        <ArtifactSelect
          label="Input dataset"
          description="The file the loading step reads"
          value={inputId}
          onChange={setInputId}
          required
          autoFocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={!inputId}
            loading={execute.isPending}
            onClick={() => inputId && execute.mutate({ workflowId, inputDataId: inputId })}
          >
            Start job
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

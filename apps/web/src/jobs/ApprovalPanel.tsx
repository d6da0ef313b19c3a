import { Accordion, Button, Card, Group, Stack, Text, Textarea, ThemeIcon, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconHandStop, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { serverFieldErrors } from "../app/errors.ts";
import { JsonView } from "../components/JsonView.tsx";
import { VirtualTable } from "../components/VirtualTable.tsx";
import { SamplePanel } from "../data/SamplePanel.tsx";
import { formatRelative } from "../format.ts";
import { MappingBadges, mappingOf } from "../results/MappingBadges.tsx";
import { trpc } from "../trpc.ts";
import { ChangeLedger } from "./ChangeLedger.tsx";
import type { TJob, TJobStep } from "./job-types.ts";

type TProps = { job: TJob; steps: TJobStep[] };

/** The paused step's output preview, and the decision with a comment. */
export function ApprovalPanel({ job, steps }: TProps) {
  const awaiting = job.metadata.awaiting;
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | undefined>();
  const utils = trpc.useUtils();
  const onDone = (verb: string) => {
    notifications.show({ color: verb === "approved" ? "teal" : "orange", title: `Step ${verb}`, message: comment || undefined });
    void utils.jobs.get.invalidate({ id: job.id });
  };
  const onError = (e: unknown) => setError(serverFieldErrors(e).comment);
  const approve = trpc.jobs.approve.useMutation({ onSuccess: () => onDone("approved"), onError });
  const reject = trpc.jobs.reject.useMutation({ onSuccess: () => onDone("rejected"), onError });
  if (!awaiting) return null;
  const step = steps[awaiting.stepIndex];
  const { columns, rows, metadata } = awaiting.preview;
  const mapping = mappingOf(metadata);
  const submitReject = () => {
    if (!comment.trim()) {
      setError("Say why the step is rejected");
      return;
    }
    modals.openConfirmModal({
      title: `Reject step ${awaiting.stepIndex + 1} “${step?.name ?? ""}”?`,
      children: (
        <Text size="sm">
          The job ends as rejected and its later steps do not run. Your reason is kept in the job&apos;s history: “{comment.trim()}”. You
          can retry the job afterwards.
        </Text>
      ),
      labels: { confirm: "Reject the job", cancel: "Back" },
      confirmProps: { color: "red", "data-autofocus": true },
      onConfirm: () => reject.mutate({ id: job.id, comment: comment.trim() }),
    });
  };
  return (
    <Card padding="lg" style={{ borderColor: "var(--mantine-color-yellow-5)", borderWidth: 2 }} data-testid="approval-panel">
      <Group gap="sm" mb="md" wrap="nowrap">
        <ThemeIcon color="yellow" variant="light" size="lg" radius="xl">
          <IconHandStop size={20} />
        </ThemeIcon>
        <div>
          <Title order={4}>Approval needed</Title>
          <Text size="sm" c="dimmed">
            Step {awaiting.stepIndex + 1} “{step?.name}” finished {formatRelative(awaiting.since)}. Check its output before the workflow
            continues.
          </Text>
        </div>
      </Group>
      <Stack gap="md">
        {mapping && (
          <div>
            <Text size="sm" fw={500} mb={6}>
              Cosmograph mapping chosen by this step
            </Text>
            <MappingBadges mapping={mapping} />
          </div>
        )}
        {metadata.ledger !== undefined && (
          <div>
            <Text size="sm" fw={500} mb={6}>
              What this step changed
            </Text>
            <ChangeLedger metadata={metadata} />
          </div>
        )}
        <div>
          <Text size="sm" fw={500} mb={6}>
            The step's output
          </Text>
          {/* The whole table pages from the step's checkpoint; the preview kept with the pause stands in where that cannot be read. */}
          {step?.result?.checkpointKey ? (
            <SamplePanel source={{ jobId: job.id, stepIndex: awaiting.stepIndex }} label="Approval preview" height={320} />
          ) : (
            <VirtualTable
              label="Approval preview"
              columns={columns.map((name) => ({ name }))}
              count={rows.length}
              rowAt={(i) => rows[i]}
              height={Math.min(320, 40 + rows.length * 34)}
            />
          )}
        </div>
        <Accordion variant="contained">
          <Accordion.Item value="meta">
            <Accordion.Control>
              <Text size="sm">Step metadata</Text>
            </Accordion.Control>
            <Accordion.Panel>
              <JsonView value={metadata} />
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <Textarea
          label="Comment"
          description="Required when rejecting; kept in the job's history"
          placeholder="Looks right: x/y are longitude/latitude"
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            setError(undefined);
          }}
          error={error}
        />
        <Group justify="flex-end">
          <Button
            color="red"
            variant="light"
            leftSection={<IconX size={16} />}
            loading={reject.isPending}
            disabled={approve.isPending}
            onClick={submitReject}
          >
            Reject
          </Button>
          <Button
            color="teal"
            leftSection={<IconCheck size={16} />}
            loading={approve.isPending}
            disabled={reject.isPending}
            onClick={() => approve.mutate({ id: job.id, comment: comment.trim() || undefined })}
          >
            Approve and continue
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

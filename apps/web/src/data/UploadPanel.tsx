import { ActionIcon, Anchor, Button, Card, Group, Progress, Stack, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { IconCheck, IconCloudUpload, IconFile, IconUpload, IconX } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatBytes } from "../format.ts";
import { type TUploadItem, useUploads } from "./useUploads.ts";

/** Drop or pick several files; each uploads with its own progress bar and can be cancelled. */
export function UploadPanel() {
  const uploads = useUploads();
  const finished = uploads.items.some((item) => item.status !== "uploading");
  return (
    <Stack gap="sm">
      <Dropzone onDrop={uploads.add} multiple aria-label="Upload data files" data-testid="upload-dropzone" radius="md" p="lg">
        <Group justify="center" gap="lg" mih={110} style={{ pointerEvents: "none" }} wrap="nowrap">
          <Dropzone.Accept>
            <IconUpload size={44} stroke={1.5} color="var(--mantine-primary-color-filled)" />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={44} stroke={1.5} color="var(--mantine-color-red-6)" />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <IconCloudUpload size={44} stroke={1.5} color="var(--mantine-color-dimmed)" />
          </Dropzone.Idle>
          <div>
            <Text size="lg" fw={500}>
              Drop files here or click to choose
            </Text>
            <Text size="sm" c="dimmed" mt={4}>
              CSV, TSV, JSON, JSON Lines, Parquet or Excel — several at once. Each file is profiled on arrival.
            </Text>
          </div>
        </Group>
      </Dropzone>
      {uploads.items.length > 0 && (
        <Card padding="sm" aria-label="Uploads">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600} size="sm">
                Uploads
              </Text>
              {finished && (
                <Button variant="subtle" size="compact-xs" onClick={uploads.clearFinished}>
                  Clear finished
                </Button>
              )}
            </Group>
            {uploads.items.map((item) => (
              <UploadRow key={item.key} item={item} onCancel={() => uploads.cancel(item.key)} onDismiss={() => uploads.dismiss(item.key)} />
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

const STATUS_COLOR = { uploading: "indigo", done: "teal", failed: "red", cancelled: "gray" } as const;

function UploadRow({ item, onCancel, onDismiss }: { item: TUploadItem; onCancel: () => void; onDismiss: () => void }) {
  const percent = Math.round(item.progress * 100);
  return (
    <Group wrap="nowrap" gap="sm" data-testid="upload-row" data-status={item.status}>
      <ThemeIcon variant="light" color={STATUS_COLOR[item.status]} size="lg">
        {item.status === "done" ? <IconCheck size={18} /> : <IconFile size={18} />}
      </ThemeIcon>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={500} truncate>
            {item.file.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {formatBytes(item.file.size)}
            {item.status === "uploading" && ` · ${percent}%`}
          </Text>
        </Group>
        {item.status === "uploading" && <Progress value={percent} size="sm" animated striped aria-label={`Uploading ${item.file.name}`} />}
        {item.status === "failed" && (
          <Text size="xs" c="red" role="alert" data-testid="upload-error">
            {item.error}
          </Text>
        )}
        {item.status === "cancelled" && (
          <Text size="xs" c="dimmed">
            Cancelled
          </Text>
        )}
        {item.status === "done" && item.artifactId && (
          <Anchor component={Link} to={`/data/${item.artifactId}`} size="xs">
            Uploaded — open profile
          </Anchor>
        )}
      </Stack>
      {item.status === "uploading" ? (
        <Tooltip label="Cancel upload">
          <ActionIcon variant="subtle" color="red" onClick={onCancel} aria-label={`Cancel upload of ${item.file.name}`}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Tooltip label="Dismiss">
          <ActionIcon variant="subtle" color="gray" onClick={onDismiss} aria-label={`Dismiss ${item.file.name}`}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

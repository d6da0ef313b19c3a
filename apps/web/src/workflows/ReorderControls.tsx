import { ActionIcon, Group, Tooltip } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconTrash } from "@tabler/icons-react";

type TProps = { index: number; count: number; what: string; onMove: (to: number) => void; onRemove: () => void };

/** Up, down and remove buttons: reordering that works from the keyboard. */
export function ReorderControls({ index, count, what, onMove, onRemove }: TProps) {
  const label = `${what} ${index + 1}`;
  return (
    <Group gap={2} wrap="nowrap">
      <Tooltip label="Move up">
        <ActionIcon variant="subtle" color="gray" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`Move ${label} up`}>
          <IconArrowUp size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Move down">
        <ActionIcon
          variant="subtle"
          color="gray"
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
          aria-label={`Move ${label} down`}
        >
          <IconArrowDown size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Remove">
        <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${label}`}>
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

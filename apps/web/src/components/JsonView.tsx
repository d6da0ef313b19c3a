import { ActionIcon, Box, Code, CopyButton, ScrollArea, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";

/** Pretty JSON in a bounded, scrollable block with a copy button. */
export function JsonView({ value, maxHeight = 320 }: { value: unknown; maxHeight?: number }) {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return (
    <Box pos="relative" data-testid="json-view">
      <ScrollArea.Autosize mah={maxHeight} type="auto" viewportProps={{ tabIndex: 0, "aria-label": "JSON" }}>
        <Code block style={{ fontSize: 12, whiteSpace: "pre" }}>
          {text}
        </Code>
      </ScrollArea.Autosize>
      <CopyButton value={text}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : "Copy JSON"}>
            <ActionIcon
              variant="default"
              size="sm"
              onClick={copy}
              aria-label="Copy JSON"
              style={{ position: "absolute", top: 6, right: 14 }}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Box>
  );
}

import { LOG_LEVELS, type TJobLogEntry, type TLogLevel } from "@aw/core/schemas";
import { Badge, Box, Chip, Code, Group, Switch, Text, TextInput, UnstyledButton } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { trpc } from "../trpc.ts";
import classes from "./LogViewer.module.css";

const LEVEL_COLORS: Record<TLogLevel, string> = { debug: "gray", info: "blue", warn: "yellow", error: "red" };

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour12: false }) + "." + String(new Date(iso).getMilliseconds()).padStart(3, "0");

/** Streams the job's log over SSE: replay from the database, then live lines, until the job ends. */
export function LogViewer({ jobId, height = 360 }: { jobId: string; height?: number }) {
  const [lines, setLines] = useState<TJobLogEntry[]>([]);
  const [levels, setLevels] = useState<string[]>(["info", "warn", "error"]);
  const [search, setSearch] = useState("");
  const [follow, setFollow] = useState(true);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const scrollRef = useRef<HTMLDivElement>(null);

  trpc.jobs.onLogs.useSubscription(
    { id: jobId },
    {
      onData: ({ data }) => setLines((prev) => (prev.length && (prev.at(-1)?.sequence ?? 0) >= data.sequence ? prev : [...prev, data])),
    },
  );

  const shown = useMemo(() => {
    const needle = search.toLowerCase();
    return lines.filter((l) => levels.includes(l.level) && (!needle || l.message.toLowerCase().includes(needle)));
  }, [lines, levels, search]);

  // The React Compiler is not used here, so its skipping this component changes nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 26,
    overscan: 20,
  });

  useEffect(() => {
    if (follow && shown.length) virtualizer.scrollToIndex(shown.length - 1, { align: "end" });
  }, [follow, shown.length, virtualizer]);

  const toggle = (sequence: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(sequence)) next.add(sequence);
      return next;
    });

  return (
    <div>
      <Group justify="space-between" mb="xs" gap="sm">
        <Chip.Group multiple value={levels} onChange={setLevels}>
          <Group gap={6} role="group" aria-label="Log levels">
            {LOG_LEVELS.map((level) => (
              <Chip key={level} value={level} size="xs" color={LEVEL_COLORS[level]} variant="light">
                {level}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Group gap="sm">
          <TextInput
            size="xs"
            aria-label="Search logs"
            placeholder="Search logs"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={200}
          />
          <Switch size="xs" label="Follow" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
        </Group>
      </Group>
      <Box
        ref={scrollRef}
        className={classes.scroll}
        style={{ height }}
        role="log"
        aria-label="Job log"
        aria-live="polite"
        tabIndex={0}
        data-testid="job-log"
      >
        {shown.length === 0 ? (
          <Text c="dimmed" size="sm" p="md">
            {lines.length === 0 ? "Waiting for log lines…" : "No line matches the filters."}
          </Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = shown[item.index];
              if (!line) return null;
              return (
                <div
                  key={line.sequence}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className={classes.line}
                  style={{ transform: `translateY(${item.start}px)` }}
                  data-level={line.level}
                >
                  <span className={classes.time}>{time(line.time)}</span>
                  <Badge size="xs" variant="light" color={LEVEL_COLORS[line.level]} w={52} radius="sm">
                    {line.level}
                  </Badge>
                  <div className={classes.message}>
                    {line.data ? (
                      <UnstyledButton
                        onClick={() => toggle(line.sequence)}
                        aria-expanded={open.has(line.sequence)}
                        className={classes.toggle}
                      >
                        {line.message} <span className={classes.more}>{open.has(line.sequence) ? "▾" : "▸"} details</span>
                      </UnstyledButton>
                    ) : (
                      line.message
                    )}
                    {line.data && open.has(line.sequence) && (
                      <Code block mt={4} style={{ fontSize: 11 }}>
                        {JSON.stringify(line.data, null, 2)}
                      </Code>
                    )}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </Box>
      <Text size="xs" c="dimmed" mt={4}>
        {shown.length} of {lines.length} lines
      </Text>
    </div>
  );
}

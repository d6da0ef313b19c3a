import { STEP_TYPES, type TStepInput } from "@aw/core/schemas";
import { Accordion, Badge, Button, Card, FileButton, Grid, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconDeviceFloppy, IconDownload, IconPlayerPlay, IconPlus, IconTemplate, IconUpload } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { serverFieldErrors } from "../app/errors.ts";
import { PageHeader } from "../components/PageHeader.tsx";
import { ArtifactSelect } from "../data/ArtifactSelect.tsx";
import { downloadText, slug } from "../download.ts";
import { trpc } from "../trpc.ts";
import { ColumnsContext, FieldErrorsContext } from "./builder-context.ts";
import { checkDefinition, countErrorsUnder, type TFieldErrors } from "./definition-errors.ts";
import { ImportProblems } from "./ImportProblems.tsx";
import { draftFromJson, draftToJson, moveItem, newStep, STEP_LABELS, type TDraft } from "./draft.ts";
import { GlobalSettings } from "./GlobalSettings.tsx";
import { PipelineOverview } from "./PipelineOverview.tsx";
import { ProblemsList } from "./ProblemsList.tsx";
import { RunWorkflowModal } from "./RunWorkflowModal.tsx";
import { StepCard } from "./StepCard.tsx";
import { TemplateGallery } from "./TemplateGallery.tsx";
import { useLeaveGuard } from "./useLeaveGuard.ts";

type TProps = { initial: TDraft; saved?: { id: string; version: number }; showTemplates?: boolean };

/** Edit a workflow as typed steps, checked against the shared contract as you type (after the first save attempt). */
export function WorkflowBuilder({ initial, saved, showTemplates = false }: TProps) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState<TDraft>(initial);
  const [savedJson, setSavedJson] = useState(() => draftToJson(initial));
  const [version, setVersion] = useState(saved?.version);
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<TFieldErrors>({});
  const [templatesOpen, setTemplatesOpen] = useState(showTemplates);
  const [referenceId, setReferenceId] = useState<string | null>(null);
  const [runOpened, run] = useDisclosure(false);

  const check = useMemo(() => checkDefinition(draft), [draft]);
  const errors = useMemo(() => ({ ...(showErrors ? check.errors : {}), ...serverErrors }), [showErrors, check, serverErrors]);
  const dirty = draftToJson(draft) !== savedJson;
  const guard = useLeaveGuard(dirty);

  const reference = trpc.data.get.useQuery({ id: referenceId ?? "" }, { enabled: !!referenceId });
  const columns = useMemo(() => reference.data?.metadata.columns?.map((c) => c.name) ?? [], [reference.data]);

  const onSaved = (workflow: { id: string; version: number }, definitionJson: string) => {
    setSavedJson(definitionJson);
    setVersion(workflow.version);
    void utils.workflows.list.invalidate();
    notifications.show({ color: "teal", title: "Workflow saved", message: `Version ${workflow.version}` });
    if (!saved) {
      guard.allowNextNavigation();
      void navigate(`/workflows/${workflow.id}`, { replace: true });
    }
  };
  const onSaveError = (error: unknown) => setServerErrors(serverFieldErrors(error));
  const create = trpc.workflows.create.useMutation({ onError: onSaveError });
  const update = trpc.workflows.update.useMutation({ onError: onSaveError });

  const change = (next: TDraft) => {
    setDraft(next);
    if (Object.keys(serverErrors).length) setServerErrors({});
  };
  const setSteps = (steps: TStepInput[]) => change({ ...draft, steps });

  /** Resolves once saved; false when the draft has problems. */
  const save = async (): Promise<{ id: string } | false> => {
    setShowErrors(true);
    if (!check.ok) {
      notifications.show({ color: "yellow", title: "Not saved", message: `Fix ${Object.keys(check.errors).length} problem(s) first` });
      return false;
    }
    const json = draftToJson(draft);
    if (saved && !dirty) return saved;
    const workflow = saved
      ? await update.mutateAsync({ id: saved.id, expectedVersion: version, ...check.definition })
      : await create.mutateAsync(check.definition);
    onSaved(workflow, json);
    return workflow;
  };

  const saveAndRun = async () => {
    const result = await save().catch(() => false as const);
    if (result && saved) run.open();
    // A new workflow navigates to its own page first; the user runs it from there.
  };

  const importFile = async (file: File | null) => {
    if (!file) return;
    try {
      change(draftFromJson(await file.text()));
      setShowErrors(true);
      setTemplatesOpen(false);
      notifications.show({ color: "teal", title: "Imported", message: file.name, closeButtonProps: { "aria-label": "Dismiss" } });
    } catch (err) {
      notifications.show({
        color: "red",
        title: `Could not import ${file.name}: nothing was changed`,
        message: <ImportProblems error={err} />,
        autoClose: false,
        closeButtonProps: { "aria-label": "Dismiss" },
      });
    }
  };

  const title = draft.name.trim() || (saved ? "Untitled workflow" : "New workflow");
  return (
    <FieldErrorsContext.Provider value={errors}>
      <ColumnsContext.Provider value={columns}>
        <PageHeader
          crumbs={[{ label: "Workflows", to: "/workflows" }]}
          title={title}
          badge={
            <Group gap={6}>
              {version !== undefined && (
                <Badge variant="light" tt="none">
                  v{version}
                </Badge>
              )}
              {dirty && (
                <Badge color="gray" variant="outline" tt="none">
                  unsaved changes
                </Badge>
              )}
            </Group>
          }
          actions={
            <>
              <Button variant="default" leftSection={<IconTemplate size={16} />} onClick={() => setTemplatesOpen((o) => !o)}>
                Templates
              </Button>
              <FileButton onChange={(f) => void importFile(f)} accept="application/json,.json">
                {(props) => (
                  <Button variant="default" leftSection={<IconUpload size={16} />} {...props}>
                    Import JSON
                  </Button>
                )}
              </FileButton>
              <Button
                variant="default"
                leftSection={<IconDownload size={16} />}
                onClick={() => downloadText(`${slug(draft.name)}.workflow.json`, draftToJson(draft))}
              >
                Export JSON
              </Button>
              <Button
                leftSection={<IconDeviceFloppy size={16} />}
                loading={create.isPending || update.isPending}
                onClick={() => void save().catch(() => undefined)}
                disabled={!!saved && !dirty}
              >
                Save
              </Button>
              {saved && (
                <Button color="teal" leftSection={<IconPlayerPlay size={16} />} onClick={() => void saveAndRun()}>
                  {dirty ? "Save & run" : "Run"}
                </Button>
              )}
            </>
          }
        />
        {templatesOpen && (
          <Card mb="lg" padding="md">
            <Title order={5} mb="xs">
              Start from a template
            </Title>
            <TemplateGallery
              onPick={(template) => {
                change({ ...template.definition, name: draft.name.trim() ? draft.name : template.name });
                setTemplatesOpen(false);
              }}
            />
          </Card>
        )}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <Card padding="md">
                <Stack gap="sm">
                  <TextInput
                    label="Name"
                    withAsterisk
                    placeholder="e.g. Cities to Cosmograph"
                    value={draft.name}
                    onChange={(e) => change({ ...draft, name: e.currentTarget.value })}
                    error={errors.name}
                  />
                  <Textarea
                    label="Description"
                    autosize
                    minRows={1}
                    placeholder="What this workflow is for"
                    value={draft.description ?? ""}
                    onChange={(e) => change({ ...draft, description: e.currentTarget.value })}
                    error={errors.description}
                  />
                </Stack>
              </Card>
              {errors.steps && (
                <Text c="red" size="sm" role="alert">
                  {errors.steps}
                </Text>
              )}
              {draft.steps.map((step, i) => (
                <StepCard
                  key={`${i}-${step.type}`}
                  index={i}
                  count={draft.steps.length}
                  step={step}
                  errorCount={countErrorsUnder(errors, `steps.${i}`)}
                  onChange={(next) => setSteps(draft.steps.map((s, j) => (j === i ? next : s)))}
                  onMove={(to) => setSteps(moveItem(draft.steps, i, to))}
                  onRemove={() => setSteps(draft.steps.filter((_, j) => j !== i))}
                />
              ))}
              <Card padding="md" style={{ borderStyle: "dashed" }}>
                <Text size="sm" fw={500} mb="xs">
                  Add a step
                </Text>
                <Group gap="xs">
                  {STEP_TYPES.map((type) => (
                    <Button
                      key={type}
                      variant="light"
                      color={STEP_LABELS[type].color}
                      size="xs"
                      leftSection={<IconPlus size={14} />}
                      onClick={() => setSteps([...draft.steps, newStep(type)])}
                    >
                      {STEP_LABELS[type].title}
                    </Button>
                  ))}
                </Group>
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="md" style={{ position: "sticky", top: "calc(var(--app-shell-header-height) + var(--mantine-spacing-lg))" }}>
              <ProblemsList errors={errors} draft={draft} />
              <PipelineOverview steps={draft.steps} errors={errors} />
              <Card padding="md">
                <ArtifactSelect
                  label="Sample dataset"
                  description="Its columns are suggested in column fields"
                  placeholder="None"
                  value={referenceId}
                  onChange={setReferenceId}
                />
              </Card>
              <Card padding={0}>
                <Accordion variant="filled" chevronPosition="right">
                  <Accordion.Item value="settings">
                    <Accordion.Control>
                      <Text fw={500} size="sm">
                        Workflow settings
                      </Text>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <GlobalSettings value={draft.globalConfig ?? {}} onChange={(globalConfig) => change({ ...draft, globalConfig })} />
                    </Accordion.Panel>
                  </Accordion.Item>
                </Accordion>
              </Card>
            </Stack>
          </Grid.Col>
        </Grid>
        {saved && (
          <RunWorkflowModal
            workflowId={saved.id}
            workflowName={draft.name}
            opened={runOpened}
            onClose={run.close}
            defaultInputId={referenceId}
          />
        )}
      </ColumnsContext.Provider>
    </FieldErrorsContext.Provider>
  );
}

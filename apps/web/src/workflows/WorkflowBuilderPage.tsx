import { Alert } from "@mantine/core";
import { useParams, useSearchParams } from "react-router";
import { PageSkeleton } from "../components/PageSkeleton.tsx";
import { trpc } from "../trpc.ts";
import { emptyDraft } from "./draft.ts";
import { WorkflowBuilder } from "./WorkflowBuilder.tsx";

/** `/workflows/new` (optionally `?template=<id>`) and `/workflows/:id`. */
export default function WorkflowBuilderPage() {
  const { id } = useParams();
  return id ? <EditWorkflow id={id} /> : <NewWorkflow />;
}

function EditWorkflow({ id }: { id: string }) {
  const workflow = trpc.workflows.get.useQuery({ id }, { meta: { silent: true } });
  if (workflow.isPending) return <PageSkeleton />;
  if (workflow.isError && !workflow.data)
    return (
      <Alert color="red" title="Could not load the workflow">
        {workflow.error.message}
      </Alert>
    );
  const { name, description, steps, globalConfig, version } = workflow.data;
  return <WorkflowBuilder key={`${id}@${version}`} initial={{ name, description, steps, globalConfig }} saved={{ id, version }} />;
}

function NewWorkflow() {
  const [params] = useSearchParams();
  const templateId = params.get("template");
  const templates = trpc.workflows.templates.useQuery(undefined, { enabled: !!templateId });
  if (templateId && templates.isPending) return <PageSkeleton />;
  const template = templates.data?.find((t) => t.id === templateId);
  const initial = template ? { ...template.definition, name: template.name } : emptyDraft();
  return <WorkflowBuilder key={templateId ?? "blank"} initial={initial} showTemplates={!template} />;
}

import type { TStepInput, TValidationSpec } from "@aw/core/schemas";
import { ExportStepForm } from "./ExportStepForm.tsx";
import { LoadingStepForm } from "./LoadingStepForm.tsx";
import { PreparingStepForm } from "./PreparingStepForm.tsx";
import { ProfilingStepForm } from "./ProfilingStepForm.tsx";
import { ValidationSpecEditor } from "./ValidationSpecEditor.tsx";

type TProps = { path: string; step: TStepInput; onChange: (step: TStepInput) => void };

/** The typed form of a step's `config`, chosen by the step type. */
export function StepConfigForm({ path, step, onChange }: TProps) {
  const configPath = `${path}.config`;
  switch (step.type) {
    case "loading":
      return <LoadingStepForm path={configPath} value={step.config} onChange={(config) => onChange({ ...step, config })} />;
    case "profiling":
      return <ProfilingStepForm path={configPath} value={step.config} onChange={(config) => onChange({ ...step, config })} />;
    case "preparing":
      return <PreparingStepForm path={configPath} value={step.config} onChange={(config) => onChange({ ...step, config })} />;
    case "validation":
      // The recursive spec schema is declared with an `unknown` input type; drafts always hold a spec object.
      return (
        <ValidationSpecEditor
          path={`${configPath}.spec`}
          value={step.config.spec as TValidationSpec}
          onChange={(spec) => onChange({ ...step, config: { spec } })}
        />
      );
    case "export":
      return <ExportStepForm path={configPath} value={step.config} onChange={(config) => onChange({ ...step, config })} />;
  }
}

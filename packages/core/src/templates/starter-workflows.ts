import type { TWorkflowDefinitionInput } from "../schemas/workflow.ts";

/** The starter workflows offered when creating a workflow, as plain data. */
export const STARTER_WORKFLOWS: { id: string; definition: TWorkflowDefinitionInput }[] = [
  {
    id: "basic-loader",
    definition: {
      name: "Basic data loader",
      description: "Load a file (format inferred, retried with adjusted parameters), profile it, export it as CSV.",
      steps: [
        { name: "Load", type: "loading", config: { format: "auto" } },
        { name: "Profile", type: "profiling", config: {} },
        { name: "Export CSV", type: "export", config: { format: "csv" } },
      ],
    },
  },
  {
    id: "cosmo-ready",
    definition: {
      name: "Data preparation (cosmo-ready)",
      description:
        "Make a table ready for a Cosmograph view: positions (or link endpoints), size, colour and label columns chosen for you.",
      steps: [
        { name: "Load", type: "loading", config: { format: "auto" } },
        { name: "Profile", type: "profiling", config: {} },
        { name: "Prepare for Cosmograph", type: "preparing", config: { target: "cosmo-ready" } },
        { name: "Check Cosmograph fitness", type: "validation", config: { spec: { kind: "functional", check: "cosmo-ready" } } },
        { name: "Export Parquet", type: "export", config: { format: "parquet" } },
      ],
    },
  },
  {
    id: "validated-etl",
    definition: {
      name: "Validated ETL",
      description: "Load, clean, and check the result has rows and mostly filled columns before exporting it.",
      steps: [
        { name: "Load", type: "loading", config: { format: "auto" } },
        { name: "Clean", type: "preparing", config: { target: "clean" } },
        {
          name: "Validate",
          type: "validation",
          config: {
            spec: {
              kind: "all",
              of: [
                {
                  kind: "info_dict",
                  rules: [
                    { metric: "row_count", operator: "gt", value: 0 },
                    { metric: "column_count", operator: "gt", value: 0 },
                  ],
                },
                { kind: "info_dict", rules: [{ metric: "null_fraction", operator: "lte", value: 0.5 }] },
              ],
            },
          },
        },
        { name: "Export CSV", type: "export", config: { format: "csv" } },
      ],
    },
  },
  {
    id: "quality-check",
    definition: {
      name: "Quality check",
      description: "Profile a file and fail when it is empty or has columns that are mostly empty.",
      steps: [
        { name: "Load", type: "loading", config: { format: "auto" } },
        { name: "Profile", type: "profiling", config: {} },
        {
          name: "Quality rules",
          type: "validation",
          config: {
            spec: {
              kind: "all",
              of: [
                { kind: "info_dict", rules: [{ metric: "row_count", operator: "gt", value: 0 }] },
                { kind: "info_dict", rules: [{ metric: "null_fraction", operator: "lte", value: 0.2 }] },
              ],
            },
          },
        },
      ],
    },
  },
  {
    id: "approval",
    definition: {
      name: "Approval workflow",
      description: "Clean the data, then wait for a person to approve the preview before exporting.",
      steps: [
        { name: "Load", type: "loading", config: { format: "auto" } },
        { name: "Clean (needs approval)", type: "preparing", config: { target: "clean" }, requireApproval: true },
        { name: "Export CSV", type: "export", config: { format: "csv" } },
      ],
    },
  },
];

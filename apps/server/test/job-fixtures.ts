// Small workflow pieces shared by the job integration tests.
export const POINTS_CSV = "id,name,x,y\n1,alpha,0.5,1.5\n2,beta,1.5,2.5\n3,gamma,2.5,3.5\n";
export const loadStep = { type: "loading", name: "Load", config: { format: "csv" } } as const;
export const exportCsvStep = { type: "export", name: "Export", config: { format: "csv" } } as const;
/** Minutes of real DuckDB work, so a job stays running long enough to cancel or time out. */
export { slowCheck as slowCheckStep } from "../../../packages/core/src/jobs/test-kit.ts";

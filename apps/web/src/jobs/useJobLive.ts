import { trpc } from "../trpc.ts";

/** The job with its steps, kept live by the `onJob` stream; a status or step change refetches the details. */
export function useJobLive(id: string) {
  const utils = trpc.useUtils();
  const input = { id, logLimit: 1 };
  const query = trpc.jobs.get.useQuery(input, { meta: { silent: true } });
  const loaded = query.data !== undefined;
  trpc.jobs.onJob.useSubscription(
    { id },
    {
      enabled: loaded,
      onData: ({ data: state }) => {
        const previous = utils.jobs.get.getData(input)?.job;
        const { status, progress, currentStep, error, resultDataId } = state;
        utils.jobs.get.setData(input, (old) =>
          old ? { ...old, job: { ...old.job, status, progress, currentStep, error, resultDataId } } : old,
        );
        if (!previous || previous.status !== state.status || previous.currentStep !== state.currentStep) {
          void utils.jobs.get.invalidate(input);
          void utils.jobs.list.invalidate();
          void utils.jobs.stats.invalidate();
        }
      },
    },
  );
  return query;
}

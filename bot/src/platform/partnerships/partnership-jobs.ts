import type { PartnershipContext } from '../db/database';
import { jobsActingFor, type JobQueue } from '../jobs/job-queue';

/** Where a job's payload names the partnership it is for (as jobsActingFor writes it). */
const PARTNERSHIP_KEY = 'partnership_id';

type Handler = (data: never, jobId: string, context?: PartnershipContext) => Promise<void>;

/**
 * The job queue shared by every served partnership: each partnership's work sees the queue
 * as its own (`actingFor`: what it enqueues names it), while each queue has one worker in
 * the instance, which runs a job with the handler of the partnership its payload names. A
 * job naming a partnership not served fails, saying so. A schedule's run (a job with no
 * data) is every partnership's: it becomes one job per partnership working the queue. A
 * job from before payloads named a partnership is the default's (the first served).
 */
export interface PartnershipJobs {
  actingFor(context: PartnershipContext): JobQueue;
  /** Starts one worker for each queue some partnership works (call once all have said so). */
  startWorkers(): Promise<void>;
}

export function partnershipJobs(queue: JobQueue, served: readonly string[]): PartnershipJobs {
  const handlers = new Map<string, Map<string, Handler>>();
  const scheduled = new Map<string, string>();
  let started = false;

  const dispatch = (name: string) => async (payload: Record<string, unknown>, jobId: string) => {
    const byPartnership = handlers.get(name)!;
    const { [PARTNERSHIP_KEY]: named, ...data } = payload;
    const scheduledRun = named === undefined && Object.keys(data).length === 0;
    if (scheduledRun && byPartnership.size > 1) {
      // A schedule's run: one job for each partnership (each retried on its own).
      for (const id of byPartnership.keys()) await queue.ensure(name, { [PARTNERSHIP_KEY]: id });
      return;
    }
    const partnershipId =
      typeof named === 'string'
        ? named
        : named !== undefined
          ? String(named)
          : scheduledRun
            ? [...byPartnership.keys()][0]
            : served[0];
    const handler = partnershipId === undefined ? undefined : byPartnership.get(partnershipId);
    if (!handler || partnershipId === undefined) {
      throw new Error(
        served.includes(partnershipId ?? '')
          ? `Job ${jobId} on ${name} is for partnership "${partnershipId}", whose work does not include this queue.`
          : `Job ${jobId} on ${name} is for partnership "${partnershipId}", which this deployment does not serve (it serves ${served.join(', ')}).`,
      );
    }
    await handler(data as never, jobId, { partnershipId });
  };

  return {
    actingFor(context) {
      const acting = jobsActingFor(queue, context);
      return {
        ...acting,
        async work(name, handler) {
          if (started)
            throw new Error(`The ${name} queue's worker has started: work is given before start.`);
          const byPartnership = handlers.get(name) ?? new Map<string, Handler>();
          if (byPartnership.has(context.partnershipId))
            throw new Error(`Partnership "${context.partnershipId}" works ${name} twice.`);
          byPartnership.set(context.partnershipId, handler as Handler);
          handlers.set(name, byPartnership);
        },
        async schedule(name, cron, options) {
          // One schedule a queue, whichever partnership asks: its run is every partnership's.
          const key = `${cron} ${options?.tz ?? ''}`;
          if (scheduled.get(name) === key) return;
          scheduled.set(name, key);
          await queue.schedule(name, cron, options);
        },
      };
    },
    async startWorkers() {
      started = true;
      for (const name of handlers.keys())
        await queue.work<Record<string, unknown>>(name, dispatch(name));
    },
  };
}

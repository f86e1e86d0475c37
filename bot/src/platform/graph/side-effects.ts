import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { executorFor } from '../db/database';
import type { Tables } from '../db/schema';
import type { JobQueue } from '../jobs/job-queue';
import type { ActivityNotification } from './activity';
import type { NewEvent } from './calendar';
import type { GraphResources } from './gateway';
import type { MailProgress, OutgoingMail } from './mail';
import { MailboxQuotaError } from './client-limits';
import type { NewPlannerTask } from './planner';

/** One queue for every Graph side effect; the handler dispatches by kind. */
export const GRAPH_SIDE_EFFECTS_QUEUE = 'graph-side-effects';

export type GraphSideEffect =
  | { kind: 'mail.send'; mail: OutgoingMail }
  | { kind: 'calendar.createEvent'; mailbox: string; event: NewEvent }
  | { kind: 'planner.createTask'; task: NewPlannerTask }
  | { kind: 'activity.notifyUser'; userId: string; notification: ActivityNotification }
  | DomainSideEffect;

/**
 * Side effects whose Graph calls depend on a Pathways record read when the job runs
 * (e.g. a recommendation's Planner task): the module that owns the record performs them.
 */
export type DomainSideEffect =
  | { kind: 'recommendation.createTask'; recommendationId: string }
  | { kind: 'recommendation.updateTask'; recommendationId: string }
  | { kind: 'recommendation.createImpactTask'; recommendationId: string };

export type DomainSideEffectHandlers = {
  [K in DomainSideEffect['kind']]?: (
    effect: Extract<DomainSideEffect, { kind: K }>,
  ) => Promise<Record<string, unknown>>;
};

export interface GraphSideEffectJob {
  effectId: string;
}

/**
 * Records a Graph side effect and enqueues its job, inside the transaction that decided
 * it: roll back and neither exists; commit and a crash cannot lose it. The same key
 * decided twice is one effect (the first one's payload stands).
 */
export async function enqueueGraphSideEffect(
  trx: Kysely<Tables>,
  jobs: Pick<JobQueue, 'enqueue'>,
  effect: { partnershipId: string; key: string; startAfterSeconds?: number } & GraphSideEffect,
): Promise<{ effectId: string; enqueued: boolean }> {
  const { partnershipId, key, startAfterSeconds, ...payload } = effect;
  const inserted = await trx
    .insertInto('graph_side_effects')
    .values({
      partnership_id: partnershipId,
      effect_key: key,
      kind: payload.kind,
      payload: JSON.stringify(payload),
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'effect_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom('graph_side_effects')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('effect_key', '=', key)
      .executeTakeFirstOrThrow();
    return { effectId: existing.id, enqueued: false };
  }
  const job: GraphSideEffectJob = { effectId: inserted.id };
  await jobs.enqueue(
    executorFor(trx),
    GRAPH_SIDE_EFFECTS_QUEUE,
    job,
    startAfterSeconds ? { startAfterSeconds } : undefined,
  );
  return { effectId: inserted.id, enqueued: true };
}

export interface GraphSideEffectRecord {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  result: unknown;
}

export async function graphSideEffect(
  db: Kysely<Tables>,
  effectId: string,
): Promise<GraphSideEffectRecord | undefined> {
  return db
    .selectFrom('graph_side_effects')
    .select(['id', 'kind', 'status', 'attempts', 'result'])
    .where('id', '=', effectId)
    .executeTakeFirst();
}

/**
 * The job handler. Idempotent from the stored row: a finished effect is not repeated,
 * and each kind carries its own way to tell "already done" (Sent Items, transactionId,
 * the task's marker). A thrown error leaves the row pending and the job retries.
 *
 * A worker claims the row for a lease (renewed while it works) before performing it, so
 * two workers or instances never perform one effect at once: a second job for the same
 * effect finds it claimed and leaves it to the holder, whose own job retries if it fails,
 * coming back itself once the lease is over: a crashed worker's claim lapses with its
 * lease, and that later job takes it.
 */
export function graphSideEffectHandler(
  db: Kysely<Tables>,
  graph: GraphResources,
  /** To come back later when a mailbox's 24-hour recipient quota is used up. */
  jobs?: Pick<JobQueue, 'enqueue'>,
  domain: DomainSideEffectHandlers = {},
  options: { leaseSeconds?: number } = {},
) {
  const leaseSeconds = options.leaseSeconds ?? 60;
  const leaseEnd = sql<Date>`now() + make_interval(secs => ${leaseSeconds})`;
  return async (job: GraphSideEffectJob): Promise<void> => {
    const token = randomUUID();
    const row = await db
      .updateTable('graph_side_effects')
      .set({ attempts: sql<number>`attempts + 1`, claim_token: token, claimed_until: leaseEnd })
      .where('id', '=', job.effectId)
      .where('status', '=', 'pending')
      .where((eb) =>
        eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]),
      )
      .returning(['id', 'payload', 'progress'])
      .executeTakeFirst();
    if (!row) {
      // Done already, not ours, or claimed. A claim may be a dead instance's: its job was
      // taken back (20 to 35 s after the crash) before the lease ran out, and this is that
      // job, which ends here. So come back once the lease is over (a live holder renews
      // it, and the effect is then done or claimed again).
      const claimed = await db
        .selectFrom('graph_side_effects')
        .select(sql<number>`ceil(extract(epoch from claimed_until - now()))`.as('seconds'))
        .where('id', '=', job.effectId)
        .where('status', '=', 'pending')
        .where('claimed_until', 'is not', null)
        .executeTakeFirst();
      if (claimed && jobs)
        await jobs.enqueue(executorFor(db), GRAPH_SIDE_EFFECTS_QUEUE, job, {
          startAfterSeconds: Math.max(1, Number(claimed.seconds) + 1),
        });
      return;
    }
    const held = db
      .updateTable('graph_side_effects')
      .where('id', '=', row.id)
      .where('claim_token', '=', token);
    const release = { claim_token: null, claimed_until: null };
    // Renewed while it works: a mail waiting on Exchange's 30 a minute can take minutes.
    const renewal = setInterval(
      () =>
        void held
          .set({ claimed_until: leaseEnd })
          .execute()
          .catch(() => undefined),
      (leaseSeconds * 1000) / 3,
    );
    renewal.unref();
    const effect = row.payload as GraphSideEffect;
    const checkpoint = <S extends object>() => ({
      state: row.progress as S,
      save: async (state: S) => {
        await held.set({ progress: JSON.stringify(state) }).execute();
      },
    });
    let result: Record<string, unknown>;
    try {
      result = await perform(graph, domain, row.id, effect, checkpoint<MailProgress>());
    } catch (error) {
      clearInterval(renewal);
      if (!(error instanceof MailboxQuotaError) || !jobs) {
        await held
          .set(release)
          .execute()
          .catch(() => undefined);
        throw error;
      }
      // Exchange's recipients-per-day quota: nothing was sent. Come back when there is room,
      // without spending one of the job's retries (they are for failures, not for waiting).
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('graph_side_effects')
          .set({ attempts: sql<number>`attempts - 1`, ...release })
          .where('id', '=', row.id)
          .where('claim_token', '=', token)
          .execute();
        await jobs.enqueue(executorFor(trx), GRAPH_SIDE_EFFECTS_QUEUE, job, {
          startAfterSeconds: Math.ceil(error.retryAfterMs / 1000),
        });
      });
      return;
    }
    clearInterval(renewal);
    await held
      .set({
        status: 'done',
        result: JSON.stringify(result),
        completed_at: new Date(),
        ...release,
      })
      .execute();
  };
}

async function perform(
  graph: GraphResources,
  domain: DomainSideEffectHandlers,
  effectId: string,
  effect: GraphSideEffect,
  mailProgress: { state: MailProgress; save(state: MailProgress): Promise<void> },
): Promise<Record<string, unknown>> {
  switch (effect.kind) {
    case 'mail.send': {
      const outcome = await graph.mail.send(effect.mail, mailProgress);
      return { ...outcome };
    }
    case 'calendar.createEvent': {
      // The effect's own id is the transactionId: a repeat returns the same event.
      const event = await graph.calendar.createEvent(effect.mailbox, effect.event, effectId);
      return { eventId: event.id, joinUrl: event.joinUrl };
    }
    case 'planner.createTask': {
      const { task, created } = await graph.planner.createTask(effect.task);
      return { taskId: task.id, created };
    }
    case 'activity.notifyUser': {
      await graph.activity.notifyUser(effect.userId, effect.notification);
      return {};
    }
    default: {
      const handler = domain[effect.kind] as
        ((e: DomainSideEffect) => Promise<Record<string, unknown>>) | undefined;
      // Left pending: the job retries once the owning module is wired in.
      if (!handler) throw new Error(`No handler for the side effect ${effect.kind}.`);
      return handler(effect);
    }
  }
}

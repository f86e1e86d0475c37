import { sql, type Kysely } from 'kysely';
import { executorFor } from '../db/database';
import type { Tables } from '../db/schema';
import type { JobQueue } from '../jobs/job-queue';
import type { ActivityNotification } from './activity';
import type { NewEvent } from './calendar';
import type { GraphResources } from './gateway';
import type { MailProgress, OutgoingMail } from './mail';
import type { NewPlannerTask } from './planner';

/** One queue for every Graph side effect; the handler dispatches by kind. */
export const GRAPH_SIDE_EFFECTS_QUEUE = 'graph-side-effects';

export type GraphSideEffect =
  | { kind: 'mail.send'; mail: OutgoingMail }
  | { kind: 'calendar.createEvent'; mailbox: string; event: NewEvent }
  | { kind: 'planner.createTask'; task: NewPlannerTask }
  | { kind: 'activity.notifyUser'; userId: string; notification: ActivityNotification };

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
  jobs: JobQueue,
  effect: { partnershipId: string; key: string } & GraphSideEffect,
): Promise<{ effectId: string; enqueued: boolean }> {
  const { partnershipId, key, ...payload } = effect;
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
  await jobs.enqueue(executorFor(trx), GRAPH_SIDE_EFFECTS_QUEUE, job);
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
 */
export function graphSideEffectHandler(db: Kysely<Tables>, graph: GraphResources) {
  return async (job: GraphSideEffectJob): Promise<void> => {
    const row = await db
      .updateTable('graph_side_effects')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('id', '=', job.effectId)
      .where('status', '=', 'pending')
      .returning(['id', 'payload', 'progress'])
      .executeTakeFirst();
    if (!row) return; // done already, or not ours
    const effect = row.payload as GraphSideEffect;
    const checkpoint = <S extends object>() => ({
      state: row.progress as S,
      save: async (state: S) => {
        await db
          .updateTable('graph_side_effects')
          .set({ progress: JSON.stringify(state) })
          .where('id', '=', row.id)
          .execute();
      },
    });
    const result = await perform(graph, row.id, effect, checkpoint<MailProgress>());
    await db
      .updateTable('graph_side_effects')
      .set({ status: 'done', result: JSON.stringify(result), completed_at: new Date() })
      .where('id', '=', row.id)
      .execute();
  };
}

async function perform(
  graph: GraphResources,
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
      return { eventId: event.id };
    }
    case 'planner.createTask': {
      const { task, created } = await graph.planner.createTask(effect.task);
      return { taskId: task.id, created };
    }
    case 'activity.notifyUser': {
      await graph.activity.notifyUser(effect.userId, effect.notification);
      return {};
    }
  }
}

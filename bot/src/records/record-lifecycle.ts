import {
  isLifecycleStage,
  isTriageResult,
  lifecycleFigures,
  lifecycleText,
  moveLifecycle,
  ENGLAND_TIME_ZONE,
  type CountedStep,
  type IsoDate,
  type LifecycleEvent,
  type LifecycleFigures,
  type LifecycleMove,
  type LifecyclePosition,
  type LifecycleStep,
  type Person,
  type RecordType,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { recordKind } from './record-kinds';

type Row = Tables['record_lifecycle'];

const positionOf = (r: Pick<Row, 'stage' | 'result'>): LifecyclePosition => ({
  stage: isLifecycleStage(r.stage) ? r.stage : 'received',
  result: r.result && isTriageResult(r.result) ? r.result : undefined,
});

/** A record's lifecycle steps, oldest first: what the card and the tab show. */
export async function lifecycleOf(
  db: Kysely<Tables>,
  type: string,
  id: string,
): Promise<LifecycleStep[]> {
  const rows = await db
    .selectFrom('record_lifecycle')
    .select(['stage', 'result', 'actor_name', 'at'])
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const position = positionOf(r);
    return { ...position, text: lifecycleText(position), by: r.actor_name, at: r.at.toISOString() };
  });
}

/** Where a record stands in its lifecycle (undefined: not yet received). */
export async function positionOfRecord(
  db: Kysely<Tables>,
  type: string,
  id: string,
): Promise<LifecyclePosition | undefined> {
  const last = await db
    .selectFrom('record_lifecycle')
    .select(['stage', 'result'])
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last ? positionOf(last) : undefined;
}

/**
 * What the queue says of a record: once the Engine Room has taken it up, where it stands
 * in the lifecycle; before that, its own kind's words ("Waiting to be triaged...").
 */
export function queueStatusText(position: LifecyclePosition | undefined, own: string): string {
  return position?.stage === 'being-explored' || position?.stage === 'outcome-recorded'
    ? lifecycleText(position)
    : own;
}

/**
 * Takes an event through the lifecycle's rules and stores the steps it adds, in the
 * caller's transaction (which holds the record's lock). Refused: nothing is stored and
 * the caller says why, where the person is.
 */
export async function advanceLifecycle(
  trx: Kysely<Tables>,
  change: {
    partnershipId: string;
    type: RecordType;
    id: string;
    event: LifecycleEvent;
    by: Person;
    at: Date;
  },
): Promise<LifecycleMove> {
  const move = moveLifecycle(await positionOfRecord(trx, change.type, change.id), change.event);
  if (move.outcome !== 'moved') return move;
  await trx
    .insertInto('record_lifecycle')
    .values(
      move.steps.map((s) => ({
        partnership_id: change.partnershipId,
        record_type: change.type,
        record_id: change.id,
        stage: s.stage,
        result: s.result ?? null,
        actor_id: change.by.aadObjectId,
        actor_name: change.by.name,
        at: change.at,
      })),
    )
    .execute();
  const now = move.steps[move.steps.length - 1]!;
  // The queue's line follows (its own status text stays until the Engine Room takes it up).
  const text = queueStatusText(now, '');
  if (text && recordKind(change.type).statusFromLifecycle) {
    await trx
      .updateTable('queue_items')
      .set({ status_text: text })
      .where('record_type', '=', change.type)
      .where('record_id', '=', change.id)
      .execute();
  }
  return move;
}

/**
 * The lifecycle figures of one kind of record between two dates in England: the one
 * count the quarterly report, the newsletter and the measures read, so they cannot
 * disagree.
 */
export async function lifecycleFiguresOf(
  db: Kysely<Tables>,
  partnershipId: string,
  type: RecordType,
  start: IsoDate,
  endExclusive: IsoDate,
): Promise<LifecycleFigures & { steps: CountedStep[] }> {
  const from = sql<Date>`(${start}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const to = sql<Date>`(${endExclusive}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const rows = await db
    .selectFrom('record_lifecycle')
    .select(['record_type', 'record_id', 'stage', 'result', 'at'])
    .where('partnership_id', '=', partnershipId)
    .where('record_type', '=', type)
    .where('at', '>=', from)
    .where('at', '<', to)
    .execute();
  const steps: CountedStep[] = rows.map((r) => ({
    recordType: r.record_type,
    recordId: r.record_id,
    ...positionOf(r),
    at: r.at,
  }));
  // The database chose the period's steps (England's dates as instants): count them all.
  return { ...lifecycleFigures(steps, ALL_TIME.from, ALL_TIME.to), steps };
}

const ALL_TIME = { from: new Date(-8.64e15), to: new Date(8.64e15) };

/** How many of these KLOEs there are per theme, most first (the figures' own lists of ids). */
export async function kloesByTheme(
  db: Kysely<Tables>,
  kloeIds: readonly string[],
): Promise<{ theme: string; n: number }[]> {
  if (kloeIds.length === 0) return [];
  return db
    .selectFrom('kloes')
    .select([
      sql<string>`"values"->>'theme'`.as('theme'),
      ({ fn }) => fn.countAll<number>().as('n'),
    ])
    .where('id', 'in', kloeIds)
    .groupBy(sql`"values"->>'theme'`)
    .orderBy('n', 'desc')
    .orderBy('theme')
    .execute();
}

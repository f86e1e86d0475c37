import { historyInOrder, type HistoryEntry, type Person, type RecordType } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { recordKind } from './record-kinds';

/**
 * Adds one line to a record's history (what the Engine Room record and "My submissions"
 * show). Call it in the transaction that made the change, so the history cannot disagree.
 */
export async function addHistoryLine(
  trx: Kysely<Tables>,
  line: { type: string; id: string; by: Person; at: Date; action: string },
): Promise<void> {
  await trx
    .insertInto('record_events')
    .values({
      record_type: line.type,
      record_id: line.id,
      at: line.at,
      actor_id: line.by.aadObjectId,
      actor_name: line.by.name,
      action: line.action,
    })
    .execute();
}

/**
 * A record's history, oldest first: the lines every kind shares in record_events
 * and, for a kind that keeps its own events, those read as English.
 */
export async function historyOf(
  db: Kysely<Tables>,
  type: RecordType,
  id: string,
): Promise<HistoryEntry[]> {
  const kind = recordKind(type);
  const own = kind.history.table === 'kloe_events' ? kind.history : undefined;
  const [general, specific] = await Promise.all([
    db
      .selectFrom('record_events')
      .select(['at', 'actor_name', 'action'])
      .where('record_type', '=', type)
      .where('record_id', '=', id)
      .execute(),
    own
      ? db
          .selectFrom('kloe_events')
          .select(['at', 'actor_name', 'action', 'detail'])
          .where('kloe_id', '=', id)
          .execute()
      : [],
  ]);
  return historyInOrder([
    ...specific.map((e) => ({
      at: e.at,
      by: e.actor_name,
      action: own ? own.describe(e.action, e.detail) : e.action,
    })),
    ...general.map((e) => ({ at: e.at, by: e.actor_name, action: e.action })),
  ]);
}

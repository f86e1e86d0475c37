import type { Person } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

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

import type { Kysely, Insertable } from 'kysely';
import type { Tables } from '../platform/db/schema';

export type QueueItemRow = Insertable<Tables['queue_items']>;

/**
 * Writes a record's line in the queue. Call it in the transaction that
 * changed the record, so the queue can never disagree with the record.
 */
export async function upsertQueueItem(trx: Kysely<Tables>, item: QueueItemRow): Promise<void> {
  const { record_type: _t, record_id: _i, ...changes } = item;
  await trx
    .insertInto('queue_items')
    .values(item)
    .onConflict((oc) => oc.columns(['record_type', 'record_id']).doUpdateSet(changes))
    .execute();
}

/**
 * A record's line in the queue, locked until the transaction ends, so two changes to one
 * record take turns. Undefined: the partnership has no such record.
 */
export function lockQueueItem(
  trx: Kysely<Tables>,
  partnershipId: string,
  type: string,
  id: string,
): Promise<{ record_id: string } | undefined> {
  return trx
    .selectFrom('queue_items')
    .select('record_id')
    .where('partnership_id', '=', partnershipId)
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

import { sql, type Kysely, type Insertable } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { RECORD_KIND_LIST } from './record-kinds';
import { advanceLifecycle, positionOfRecord, queueStatusText } from './record-lifecycle';

export type QueueItemRow = Insertable<Tables['queue_items']>;

/**
 * Writes a record's line in the queue. Call it in the transaction that
 * changed the record, so the queue can never disagree with the record. A new
 * record is received into its lifecycle here, whatever its kind; once the
 * Engine Room has taken it up, its line says where it stands in the lifecycle.
 */
export async function upsertQueueItem(trx: Kysely<Tables>, item: QueueItemRow): Promise<void> {
  const kind = RECORD_KIND_LIST.find((k) => k.type === item.record_type);
  const position = await positionOfRecord(trx, item.record_type, item.record_id);
  const row = kind?.statusFromLifecycle
    ? { ...item, status_text: queueStatusText(position, item.status_text) }
    : item;
  const { record_type: _t, record_id: _i, ...changes } = row;
  await trx
    .insertInto('queue_items')
    .values(row)
    .onConflict((oc) => oc.columns(['record_type', 'record_id']).doUpdateSet(changes))
    .execute();
  if (!position && kind) {
    const { rows } = await sql<{ name: string }>`SELECT submitted_by_name AS name
      FROM ${sql.table(kind.table)} WHERE id = ${item.record_id}`.execute(trx);
    await advanceLifecycle(trx, {
      partnershipId: item.partnership_id,
      type: kind.type,
      id: item.record_id,
      event: { kind: 'receive' },
      by: { aadObjectId: item.submitted_by_id, name: rows[0]?.name ?? '' },
      at: new Date(item.received_at),
    });
  }
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

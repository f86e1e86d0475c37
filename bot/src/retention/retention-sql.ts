import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

// The SQL the retention rules share: finding what is due, and removing what they remove.

/** The rows of `map` as a table (key: the person id, value: its stand-in). */
export const standInTable = (map: Record<string, string>) =>
  sql`jsonb_each_text(${JSON.stringify(map)}::jsonb) AS m (key, value)`;

/**
 * Clears the payload (recipients, text) of Graph side effects already carried
 * out; pending ones are left to finish. Their kind and state stay for the record's status.
 */
export async function clearSentPayloads(trx: Kysely<Tables>, effectIds: string[]): Promise<number> {
  if (effectIds.length === 0) return 0;
  const result = await sql`UPDATE graph_side_effects
    SET payload = jsonb_build_object('kind', kind, 'removed', 'retention')
    WHERE id IN (${sql.join(effectIds)}) AND status = 'done'`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The reference of a record (from its queue line), for the audit trail. */
export async function referenceOf(trx: Kysely<Tables>, recordType: string, recordId: string) {
  const line = await trx
    .selectFrom('queue_items')
    .select('reference')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return line?.reference ?? '';
}

/**
 * The Engine Room's work planned from a record that is being deleted: its
 * recommendations' histories, Active Learning Sets (with their leads,
 * nominations and attendance) and invitations to attend. Children first,
 * in the caller's transaction.
 */
export async function deleteRecordWork(trx: Kysely<Tables>, recordType: string, recordId: string) {
  await trx
    .deleteFrom('recommendation_events')
    .where(
      'recommendation_id',
      'in',
      trx
        .selectFrom('record_recommendations')
        .select('id')
        .where('record_type', '=', recordType)
        .where('record_id', '=', recordId),
    )
    .execute();
  const sets = trx
    .selectFrom('active_learning_sets')
    .select('id')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId);
  for (const table of [
    'active_learning_attendance',
    'active_learning_nominations',
    'active_learning_leads',
    'active_learning_agencies',
  ] as const) {
    await trx.deleteFrom(table).where('set_id', 'in', sets).execute();
  }
  await trx
    .deleteFrom('active_learning_sets')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .execute();
  await trx
    .deleteFrom('engine_room_invitations')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .execute();
}

/** Closed consideration requests whose closing date is on or before `before`. */
export function closedCasesDue(
  db: Kysely<Tables>,
  partnershipId: string,
  before: string,
  options: { childDetailsKept?: boolean } = {},
) {
  let query = db
    .selectFrom('serious_cases')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'closed')
    .where(sql<string>`dates->>'closed'`, '<=', before);
  if (options.childDetailsKept) query = query.where('child_details_removed_at', 'is', null);
  return query.execute();
}

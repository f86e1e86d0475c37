import { formatReference, ENGLAND_TIME_ZONE } from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

/** The year in England, which is what a partnership's references count by. */
export function londonYear(at: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: ENGLAND_TIME_ZONE }).format(at),
  );
}

/**
 * The next reference for a prefix, inside the caller's transaction. The row
 * lock serialises numbering; a rollback gives the number back, so no gaps.
 */
export async function nextReference(
  trx: Kysely<Tables>,
  partnershipId: string,
  prefix: string,
  at: Date,
): Promise<string> {
  const year = londonYear(at);
  await trx
    .insertInto('reference_counters')
    .values({ partnership_id: partnershipId, prefix, year, last_value: 0 })
    .onConflict((oc) => oc.columns(['partnership_id', 'prefix', 'year']).doNothing())
    .execute();
  const { last_value } = await trx
    .updateTable('reference_counters')
    .set({ last_value: sql`last_value + 1` })
    .where('partnership_id', '=', partnershipId)
    .where('prefix', '=', prefix)
    .where('year', '=', year)
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return formatReference(prefix, year, last_value);
}

/** Thrown inside a submit transaction when a concurrent redelivery already stored it. */
export class AlreadySubmitted extends Error {}

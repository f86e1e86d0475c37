import type { RecordType, RetentionRule } from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

/**
 * What the shared machinery (retention, a person's export, the Engine Room)
 * needs to know about one kind of record, declared once instead of
 * `if (type === 'kloe')` chains wherever kinds differ.
 */
export interface RecordKind {
  type: RecordType;
  /** The table holding the record, its reference and who submitted it (`submitted_by_*`). */
  table: 'kloes' | 'serious_cases' | 'professional_challenges';
  /** Its subject type in the audit trail. */
  auditSubject: 'kloe' | 'serious-case' | 'professional-challenge';
  /** Where its history lines live: KLOEs keep their own; other kinds share record_events. */
  history: { table: 'kloe_events'; record: 'kloe_id' } | { table: 'record_events' };
  /** What a person's export lists of the records they submitted: its section and columns. */
  submissions: { section: string; columns: readonly string[] };
  /** The retention rule that removes who submitted it (by anonymising or deleting the record). */
  submitterRemovedBy: RetentionRule;
}

export const RECORD_KINDS = {
  kloe: {
    type: 'kloe',
    table: 'kloes',
    auditSubject: 'kloe',
    history: { table: 'kloe_events', record: 'kloe_id' },
    submissions: {
      section: 'kloes',
      columns: [
        'id',
        'reference',
        'status',
        'values',
        'submitted_by_name',
        'submitted_at',
        'decline_reason',
        'meeting_date',
      ],
    },
    submitterRemovedBy: 'kloes',
  },
  consideration: {
    type: 'consideration',
    table: 'serious_cases',
    auditSubject: 'serious-case',
    history: { table: 'record_events' },
    // Never the child's details: those are the child's, read through the audited route.
    submissions: {
      section: 'considerationRequests',
      columns: ['id', 'reference', 'status', 'values', 'submitted_by_name', 'submitted_at'],
    },
    submitterRemovedBy: 'considerationRequests',
  },
  challenge: {
    type: 'challenge',
    table: 'professional_challenges',
    auditSubject: 'professional-challenge',
    history: { table: 'record_events' },
    submissions: {
      section: 'professionalChallenges',
      columns: ['id', 'reference', 'values', 'submitted_by_name', 'submitted_at'],
    },
    submitterRemovedBy: 'professionalChallenges',
  },
} as const satisfies { [T in RecordType]: RecordKind & { type: T } };

export const RECORD_KIND_LIST: readonly RecordKind[] = Object.values(RECORD_KINDS);

/** The history lines of one record written by `personId`, now attributed to `as`. */
export async function reattributeHistory(
  trx: Kysely<Tables>,
  kind: RecordKind,
  recordId: string,
  personId: string,
  as: string,
): Promise<void> {
  const ofRecord =
    kind.history.table === 'kloe_events'
      ? sql`kloe_id = ${recordId}`
      : sql`record_type = ${kind.type} AND record_id = ${recordId}`;
  await sql`UPDATE ${sql.table(kind.history.table)} SET actor_id = ${as}, actor_name = ${as}
    WHERE ${ofRecord} AND actor_id = ${personId}`.execute(trx);
}

/**
 * The queue line's copy of who submitted a record, made to match the record
 * again after the submitter changed (retention anonymised them). In the
 * caller's transaction, so the queue never disagrees with the record.
 */
export async function refreshQueueSubmitter(
  trx: Kysely<Tables>,
  kind: RecordKind,
  recordId: string,
): Promise<void> {
  await sql`UPDATE queue_items SET submitted_by_id = r.submitted_by_id
    FROM ${sql.table(kind.table)} r
    WHERE r.id = ${recordId} AND queue_items.record_type = ${kind.type}
      AND queue_items.record_id = ${recordId}`.execute(trx);
}

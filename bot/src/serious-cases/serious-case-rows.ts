import type { CaseDecision, CaseStatus, SeriousCase } from '@pathways/core';
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../platform/db/schema';

export type CaseRow = Omit<Selectable<Tables['serious_cases']>, 'child_details_removed_at'>;

/** The case without the child's details: those are only in `child_details`, read through readDetails. */
export function toSeriousCase(row: CaseRow): SeriousCase {
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    reference: row.reference,
    status: row.status as CaseStatus,
    version: row.version,
    referringAgency: row.referring_agency,
    criteria: row.criteria,
    values: row.values,
    submittedBy: { aadObjectId: row.submitted_by_id, name: row.submitted_by_name },
    receivedAt: row.submitted_at,
    dates: row.dates as unknown as SeriousCase['dates'],
    ...(row.decision ? { decision: row.decision as CaseDecision } : {}),
    ...(row.decision_reasons ? { decisionReasons: row.decision_reasons } : {}),
    ...(row.closed_reason ? { closedReason: row.closed_reason } : {}),
  };
}

// Every column but the child's details: what ordinary reads select.
export const caseColumns = [
  'id',
  'partnership_id',
  'reference',
  'submission_key',
  'status',
  'version',
  'referring_agency',
  'criteria',
  'values',
  'submitted_by_id',
  'submitted_by_name',
  'submitted_at',
  'dates',
  'decision',
  'decision_reasons',
  'closed_reason',
  'receipt_reference',
  'receipt_activity_id',
  'channel_conversation_id',
  'channel_activity_id',
] as const;

/**
 * A partnership's consideration requests, newest first, without the child's
 * details: the read the store's list and the reports share (it changes nothing).
 */
export async function listSeriousCases(
  db: Kysely<Tables>,
  partnershipId: string,
): Promise<SeriousCase[]> {
  const rows = await db
    .selectFrom('serious_cases')
    .select(caseColumns)
    .where('partnership_id', '=', partnershipId)
    .orderBy('submitted_at', 'desc')
    .execute();
  return rows.map((row) => toSeriousCase({ ...row, child_details: {} }));
}

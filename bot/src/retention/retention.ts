import { londonDate, type Partnership } from '@pathways/core';
import { subMonths } from 'date-fns';
import { sql, type Kysely } from 'kysely';
import { auditLog } from '../db/repositories';
import type { Tables } from '../db/schema';
import { refreshKloeQueueItem } from '../kloe/kloe-queue';

/** The daily job that applies the partnership's retention rules. */
export const RETENTION_QUEUE = 'retention-apply';
/** 02:17 in England, each day: quiet, and off the hour. */
export const RETENTION_CRON = '17 2 * * *';

/** Who the audit trail names for what the job does. */
export const RETENTION_ACTOR = 'pathways:retention';

/** What stands in for a removed person's identity. */
export const REMOVED = 'Removed (retention)';

export type RetentionRule = keyof Partnership['retention'];

export interface RetentionAction {
  rule: RetentionRule;
  recordType: 'consideration' | 'kloe' | 'challenge';
  recordId: string;
  reference: string;
  action: 'child-details-removed' | 'deleted' | 'submitter-anonymised';
}

/** The subject types the rest of the audit trail uses for these records. */
const AUDIT_SUBJECT = {
  consideration: 'serious-case',
  kloe: 'kloe',
  challenge: 'professional-challenge',
} as const;

/** The last calendar date (in England) on which something `months` old falls due today. */
function cutoff(now: Date, months: number): string {
  const [y, m, d] = londonDate(now).split('-').map(Number) as [number, number, number];
  const date = subMonths(new Date(Date.UTC(y, m - 1, d)), months);
  return date.toISOString().slice(0, 10);
}

/**
 * Applies every retention rule of the partnership that is due at `now`: each
 * record in its own transaction, its audit event written last. The audit
 * event names the record, the rule and the fields removed, never their
 * contents. Safe to run again at any time: done records are skipped.
 */
export async function applyRetention(
  db: Kysely<Tables>,
  partnership: Partnership,
  now: Date,
): Promise<RetentionAction[]> {
  const rules = partnership.retention;
  const done: RetentionAction[] = [];
  const audit = (
    trx: Kysely<Tables>,
    a: RetentionAction,
    detail: Record<string, string | number | string[]>,
  ) =>
    auditLog(trx).record({
      partnershipId: partnership.id,
      actorId: RETENTION_ACTOR,
      action: `retention.${a.action}`,
      subjectType: AUDIT_SUBJECT[a.recordType],
      subjectId: a.recordId,
      detail: { rule: a.rule, reference: a.reference, ...detail } as never,
    });

  // Whole requests first: a request due for deletion needs no separate removal of its details.
  if (rules.considerationRequests) {
    const months = rules.considerationRequests.monthsAfterClosed;
    const due = await closedCasesDue(db, partnership.id, cutoff(now, months));
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('serious_cases')
          .select(['id', 'reference'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return undefined;
        await trx.deleteFrom('serious_case_reminders').where('case_id', '=', id).execute();
        for (const table of [
          'record_events',
          'record_evidence',
          'record_activities',
          'record_recommendations',
          'record_outcomes',
          'queue_items',
        ] as const) {
          await trx
            .deleteFrom(table)
            .where('record_type', '=', 'consideration')
            .where('record_id', '=', id)
            .execute();
        }
        await trx.deleteFrom('serious_cases').where('id', '=', id).execute();
        const a: RetentionAction = {
          rule: 'considerationRequests',
          recordType: 'consideration',
          recordId: id,
          reference: row.reference,
          action: 'deleted',
        };
        await audit(trx, a, { monthsAfterClosed: months });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.considerationChildDetails) {
    const months = rules.considerationChildDetails.monthsAfterClosed;
    const due = await closedCasesDue(db, partnership.id, cutoff(now, months), {
      childDetailsKept: true,
    });
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('serious_cases')
          .select(['id', 'reference', 'child_details', 'child_details_removed_at'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.child_details_removed_at) return undefined;
        await trx
          .updateTable('serious_cases')
          .set({ child_details: JSON.stringify({}), child_details_removed_at: now })
          .where('id', '=', id)
          .execute();
        const a: RetentionAction = {
          rule: 'considerationChildDetails',
          recordType: 'consideration',
          recordId: id,
          reference: row.reference,
          action: 'child-details-removed',
        };
        // The names of the fields removed, never what they held.
        await audit(trx, a, {
          monthsAfterClosed: months,
          fields: Object.keys(row.child_details).sort(),
        });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.kloes) {
    const months = rules.kloes.monthsAfterReceived;
    const before = cutoff(now, months);
    const due = await db
      .selectFrom('kloes')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('anonymised_at', 'is', null)
      .where(sql<string>`(submitted_at AT TIME ZONE 'Europe/London')::date`, '<=', before)
      .execute();
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('kloes')
          .select(['id', 'reference', 'values', 'submitted_by_id', 'anonymised_at'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.anonymised_at) return undefined;
        const values = { ...row.values };
        const fields = ['submittedBy'];
        if (values.contactOfficer !== undefined) {
          values.contactOfficer = REMOVED;
          fields.push('contactOfficer');
        }
        await trx
          .updateTable('kloes')
          .set({
            submitted_by_id: REMOVED,
            submitted_by_name: REMOVED,
            values: JSON.stringify(values),
            receipt_reference: JSON.stringify({}),
            receipt_activity_id: null,
            anonymised_at: now,
          })
          .where('id', '=', id)
          .execute();
        await trx
          .updateTable('kloe_events')
          .set({ actor_id: REMOVED, actor_name: REMOVED })
          .where('kloe_id', '=', id)
          .where('actor_id', '=', row.submitted_by_id)
          .execute();
        await refreshKloeQueueItem(trx, id);
        const a: RetentionAction = {
          rule: 'kloes',
          recordType: 'kloe',
          recordId: id,
          reference: row.reference,
          action: 'submitter-anonymised',
        };
        await audit(trx, a, { monthsAfterReceived: months, fields });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.professionalChallenges) {
    const months = rules.professionalChallenges.monthsAfterResolved;
    const due = await db
      .selectFrom('professional_challenges')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('anonymised_at', 'is', null)
      .where('resolved_date', '<=', cutoff(now, months))
      .execute();
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('professional_challenges')
          .select(['id', 'reference', 'submitted_by_id', 'anonymised_at'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.anonymised_at) return undefined;
        await trx
          .updateTable('record_events')
          .set({ actor_id: REMOVED, actor_name: REMOVED })
          .where('record_type', '=', 'challenge')
          .where('record_id', '=', id)
          .where('actor_id', '=', row.submitted_by_id)
          .execute();
        await trx
          .updateTable('professional_challenges')
          .set({ submitted_by_id: REMOVED, submitted_by_name: REMOVED, anonymised_at: now })
          .where('id', '=', id)
          .execute();
        await trx
          .updateTable('queue_items')
          .set({ submitted_by_id: REMOVED })
          .where('record_type', '=', 'challenge')
          .where('record_id', '=', id)
          .execute();
        const a: RetentionAction = {
          rule: 'professionalChallenges',
          recordType: 'challenge',
          recordId: id,
          reference: row.reference,
          action: 'submitter-anonymised',
        };
        await audit(trx, a, { monthsAfterResolved: months, fields: ['submittedBy'] });
        return a;
      });
      if (action) done.push(action);
    }
  }
  return done;
}

/** Closed consideration requests whose closing date is on or before `before`. */
function closedCasesDue(
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

import {
  retentionCutoff,
  retentionMonths,
  type Partnership,
  type RetentionRule,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { RETENTION_RULES, type RetentionAction } from './retention-rules';

export { REMOVED } from '@pathways/core';
export type { RetentionAction } from './retention-rules';

/** The daily job that applies the partnership's retention rules. */
export const RETENTION_QUEUE = 'retention-apply';
/** 02:17 in England, each day: quiet, and off the hour. */
export const RETENTION_CRON = '17 2 * * *';

/** Who the audit trail names for what the job does. */
export const RETENTION_ACTOR = 'pathways:retention';

/**
 * Applies every retention rule of the partnership that is due at `now`
 * (retention-rules.ts, in its order): each record in its own transaction, its
 * audit event written last. The audit event names the record, the rule and
 * the fields removed, never their contents. Safe to run again at any time:
 * done records are skipped.
 */
export async function applyRetention(
  db: Kysely<Tables>,
  partnership: Partnership,
  now: Date,
): Promise<RetentionAction[]> {
  const done: RetentionAction[] = [];
  const apply = async <R extends RetentionRule>(rule: R) => {
    const step = RETENTION_RULES[rule];
    const months = retentionMonths(partnership, rule, step.age);
    if (months === undefined) return;
    const due = await step.due(db, partnership.id, retentionCutoff(now, months));
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
        const removed = await step.remove(trx, id, now);
        if (!removed) return undefined;
        const a: RetentionAction = {
          rule,
          recordType: step.recordType,
          recordId: id,
          reference: removed.reference,
          action: step.action,
        };
        await auditLog(trx).record({
          partnershipId: partnership.id,
          actorId: RETENTION_ACTOR,
          action: `retention.${a.action}`,
          subjectType: step.auditSubject,
          subjectId: id,
          detail: {
            rule,
            reference: a.reference,
            [step.age]: months,
            ...removed.detail,
          } as never,
        });
        return a;
      });
      if (action) done.push(action);
    }
  };
  for (const rule of Object.keys(RETENTION_RULES) as RetentionRule[]) await apply(rule);
  return done;
}

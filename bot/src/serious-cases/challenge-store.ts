import type { ChallengeStore, ProfessionalChallenge } from '@pathways/core';
import type { Kysely, Selectable } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { addHistoryLine } from '../records/record-history';
import { AlreadySubmitted, nextReference } from '../records/references';
import { refreshChallengeQueueItem } from './serious-case-queue';

export const CHALLENGE_PREFIX = 'PC';

function toChallenge(row: Selectable<Tables['professional_challenges']>): ProfessionalChallenge {
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    reference: row.reference,
    raisingOrganisation: row.raising_organisation,
    receivingOrganisation: row.receiving_organisation,
    resolutionStage: row.resolution_stage,
    outcome: row.outcome,
    raisedDate: row.raised_date,
    resolvedDate: row.resolved_date,
    values: row.values,
    submittedBy: { aadObjectId: row.submitted_by_id, name: row.submitted_by_name },
    submittedAt: row.submitted_at,
  };
}

/** Challenge records: a gapless reference, the record and its audit entry in one transaction. */
export function challengeStore(db: Kysely<Tables>): ChallengeStore {
  const findByKey = (partnershipId: string, key: string) =>
    db
      .selectFrom('professional_challenges')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where('submission_key', '=', key)
      .executeTakeFirst();
  return {
    async submit(command) {
      const existing = await findByKey(command.partnershipId, command.submissionKey);
      if (existing) return { challenge: toChallenge(existing), created: false };
      const v = command.values;
      try {
        const row = await db.transaction().execute(async (trx) => {
          const inserted = await trx
            .insertInto('professional_challenges')
            .values({
              partnership_id: command.partnershipId,
              reference: await nextReference(
                trx,
                command.partnershipId,
                CHALLENGE_PREFIX,
                command.at,
              ),
              submission_key: command.submissionKey,
              values: JSON.stringify(v),
              raising_organisation: v.raisingOrganisation ?? '',
              receiving_organisation: v.receivingOrganisation ?? '',
              resolution_stage: v.resolutionStage ?? '',
              outcome: v.outcome ?? '',
              raised_date: v.raisedDate ?? '',
              resolved_date: v.resolvedDate ?? '',
              submitted_by_id: command.submittedBy.aadObjectId,
              submitted_by_name: command.submittedBy.name,
              submitted_at: command.at,
            })
            .onConflict((oc) => oc.columns(['partnership_id', 'submission_key']).doNothing())
            .returningAll()
            .executeTakeFirst();
          if (!inserted) throw new AlreadySubmitted();
          await refreshChallengeQueueItem(trx, inserted.id);
          await addHistoryLine(trx, {
            type: 'challenge',
            id: inserted.id,
            by: command.submittedBy,
            at: command.at,
            action: 'recorded the professional challenge',
          });
          await auditLog(trx).record({
            partnershipId: command.partnershipId,
            actorId: command.submittedBy.aadObjectId,
            action: 'professional-challenge.recorded',
            subjectType: 'professional-challenge',
            subjectId: inserted.id,
          });
          return inserted;
        });
        return { challenge: toChallenge(row), created: true };
      } catch (error) {
        if (!(error instanceof AlreadySubmitted)) throw error;
        const winner = await findByKey(command.partnershipId, command.submissionKey);
        if (!winner) throw error;
        return { challenge: toChallenge(winner), created: false };
      }
    },
    async list(partnershipId) {
      const rows = await db
        .selectFrom('professional_challenges')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .orderBy('resolved_date')
        .execute();
      return rows.map(toChallenge);
    },
  };
}

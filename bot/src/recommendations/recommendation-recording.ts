import { recommendationSourceTitle } from '@pathways/core';
import type { Kysely } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import { nextReference } from '../records/references';
import {
  addEvent,
  createTaskKey,
  type NewRecommendation,
  type RecommendationsDeps,
} from './recommendation-records';

/** Recording a recommendation, for the features that raise them (KLOEs, cases, briefings...). */
export function recommendationRecording(deps: RecommendationsDeps) {
  const pid = deps.partnership.id;

  return {
    /**
     * Records a recommendation inside the caller's transaction, with its Planner
     * task decided in the same transaction (a side-effect job). Records an audit
     * event unless `audit: false` (the caller audits): call it last, or pass false.
     */
    async add(
      trx: Kysely<Tables>,
      input: NewRecommendation,
      options: { audit?: boolean } = {},
    ): Promise<{ id: string; reference: string }> {
      const reference = await nextReference(trx, pid, 'REC', input.at);
      // With no theme given, it takes the theme its record was triaged under.
      const theme =
        input.theme ??
        (
          await trx
            .selectFrom('queue_items')
            .select('theme')
            .where('record_type', '=', input.record.type)
            .where('record_id', '=', input.record.id)
            .executeTakeFirst()
        )?.theme ??
        null;
      const row = await trx
        .insertInto('record_recommendations')
        .values({
          partnership_id: pid,
          reference,
          source: input.source,
          record_type: input.record.type,
          record_id: input.record.id,
          source_reference: input.record.reference ?? null,
          theme,
          text: input.text,
          owning_agency: input.owningAgency,
          due_date: input.dueDate,
          status: 'open',
          created_by_id: input.by.aadObjectId,
          created_at: input.at,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await addEvent(
        trx,
        row.id,
        input.by,
        input.at,
        `recorded it for ${input.owningAgency} (${recommendationSourceTitle(input.source)})`,
      );
      if (deps.planId) {
        await enqueueGraphSideEffect(trx, deps.jobs, {
          partnershipId: pid,
          key: createTaskKey(row.id),
          kind: 'recommendation.createTask',
          recommendationId: row.id,
        });
      }
      if (options.audit ?? true) {
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: input.by.aadObjectId,
          action: `recommendation.${input.source}.recorded`,
          subjectType: 'recommendation',
          subjectId: row.id,
        });
      }
      return { id: row.id, reference };
    },
  };
}

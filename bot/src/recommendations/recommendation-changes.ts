import {
  IMPACT_RATINGS,
  decideImpactResult,
  decideUpdate,
  describeChange,
  isUuid,
  type Person,
  type RecommendationStatus,
  type RecommendationView,
} from '@pathways/core';
import { auditLog } from '../platform/db/repositories';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import {
  addEvent,
  lockedRecommendation,
  pushKey,
  type RecommendationsDeps,
} from './recommendation-records';
import type { recommendationTracking } from './recommendation-tracking';
import type { RecommendationViews } from './recommendation-views';

/**
 * The changes people make to a recommendation: the Development Manager's progress and due
 * date, and the Engine Room's impact result. Who may change it when is core's rule.
 */
export function recommendationChanges(
  deps: RecommendationsDeps,
  now: () => Date,
  tracking: ReturnType<typeof recommendationTracking>,
  views: RecommendationViews,
) {
  const pid = deps.partnership.id;

  return {
    /** The Development Manager changes progress or the due date; it goes out to Planner. */
    async update(
      id: string,
      changes: { percentComplete?: number | undefined; dueDate?: string | undefined },
      expectedVersion: number,
      by: Person,
    ): Promise<'not-found' | 'stale' | 'closed' | RecommendationView> {
      if (!isUuid(id)) return 'not-found';
      const at = now();
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const row = await lockedRecommendation(trx, pid, id);
        if (!row) return 'not-found' as const;
        const decision = decideUpdate(row, expectedVersion);
        if (!decision.ok) return decision.outcome;
        const before = { percentComplete: row.percent_complete, dueDate: row.due_date };
        const values = {
          percentComplete: changes.percentComplete ?? row.percent_complete,
          dueDate: changes.dueDate ?? row.due_date,
        };
        const updated = await tracking.applyValues(trx, row, values, {
          completedAt: at,
          set: { pathways_edited_at: at },
        });
        await addEvent(trx, id, by, at, describeChange(before, values));
        if (deps.planId) {
          await enqueueGraphSideEffect(trx, deps.jobs, {
            partnershipId: pid,
            key: pushKey(id, updated.version),
            kind: 'recommendation.updateTask',
            recommendationId: id,
          });
        }
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: by.aadObjectId,
          action: 'recommendation.updated',
          subjectType: 'recommendation',
          subjectId: id,
        });
        return updated;
      });
      return typeof outcome === 'string' ? outcome : views.view(outcome, true);
    },

    /** The Engine Room's impact test closes the loop on the recommendation. */
    async recordImpact(
      id: string,
      result: { evidence: string; rating: string },
      by: Person,
    ): Promise<'not-found' | 'not-completed' | 'already-recorded' | RecommendationView> {
      if (!isUuid(id)) return 'not-found';
      const at = now();
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const row = await lockedRecommendation(trx, pid, id);
        if (!row) return 'not-found' as const;
        const decision = decideImpactResult(row.status as RecommendationStatus);
        if (!decision.ok) return decision.outcome;
        const updated = await trx
          .updateTable('record_recommendations')
          .set({
            status: 'closed',
            impact_rating: result.rating,
            impact_evidence: result.evidence,
            impact_recorded_by_id: by.aadObjectId,
            impact_recorded_at: at,
            version: row.version + 1,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const rating = IMPACT_RATINGS.find((r) => r.value === result.rating)?.title ?? '';
        await addEvent(trx, id, by, at, `recorded the impact test: ${rating.toLowerCase()}`);
        if (deps.planId && row.impact_task_id) {
          await enqueueGraphSideEffect(trx, deps.jobs, {
            partnershipId: pid,
            key: pushKey(id, updated.version),
            kind: 'recommendation.updateTask',
            recommendationId: id,
          });
        }
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: by.aadObjectId,
          action: 'recommendation.impact-recorded',
          subjectType: 'recommendation',
          subjectId: id,
        });
        return updated;
      });
      return typeof outcome === 'string' ? outcome : views.view(outcome, true);
    },
  };
}

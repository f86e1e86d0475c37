import {
  impactTestDueOn,
  progressChange,
  secondsUntilImpactTest,
  type RecommendationStatus,
  type TrackedValues,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import {
  impactKey,
  type RecommendationRow,
  type RecommendationsDeps,
} from './recommendation-records';

/**
 * Writes new tracked values (from the Development Manager or from Planner) to a locked row.
 * What they do to its status and its impact test is core's (recommendation-tracking.ts).
 */
export function recommendationTracking(deps: RecommendationsDeps, now: () => Date) {
  const pid = deps.partnership.id;

  /** Completion schedules the impact test's Planner task after the configured interval. */
  async function scheduleImpactTest(
    trx: Kysely<Tables>,
    id: string,
    completedAt: Date,
  ): Promise<string> {
    if (deps.planId) {
      const seconds = secondsUntilImpactTest(completedAt, deps.impactTestAfterDays, now());
      await enqueueGraphSideEffect(trx, deps.jobs, {
        partnershipId: pid,
        key: impactKey(id, completedAt),
        kind: 'recommendation.createImpactTask',
        recommendationId: id,
        ...(seconds > 0 ? { startAfterSeconds: seconds } : {}),
      });
    }
    return impactTestDueOn(completedAt, deps.impactTestAfterDays);
  }

  /**
   * Applies new tracked values to a locked row: status follows progress, completion
   * is dated and schedules impact testing, and reopening clears it.
   */
  async function applyValues(
    trx: Kysely<Tables>,
    row: RecommendationRow,
    values: TrackedValues,
    options: { completedAt: Date; set?: Partial<Record<string, unknown>> },
  ): Promise<RecommendationRow> {
    const { status, change } = progressChange(
      row.status as RecommendationStatus,
      values.percentComplete,
    );
    let impactDue = row.impact_due_on;
    let completedAt = row.completed_at;
    if (change === 'completed') {
      impactDue = await scheduleImpactTest(trx, row.id, options.completedAt);
      completedAt = options.completedAt;
    }
    if (change === 'reopened') {
      impactDue = null;
      completedAt = null;
    }
    return trx
      .updateTable('record_recommendations')
      .set({
        percent_complete: values.percentComplete,
        due_date: values.dueDate,
        status,
        completed_at: completedAt,
        impact_due_on: impactDue,
        version: row.version + 1,
        ...(options.set ?? {}),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  return { applyValues };
}

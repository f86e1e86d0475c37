import {
  conflictLine,
  mergeTracked,
  noChanges,
  plannerChangeLine,
  trackedChanges,
  trackedOfTask,
  type SyncConflict,
  type TrackedValues,
} from '@pathways/core';
import { auditLog } from '../platform/db/repositories';
import type { PlannerTask } from '../platform/graph/planner';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import { syncedOf, trackedOfRow, type PlannerSyncDeps } from './planner-values';
import { addEvent, PATHWAYS_ACTOR, PLANNER_ACTOR } from './recommendations';

/**
 * Takes in what a task holds now: Planner's changes, and the later edit where both
 * sides changed a field (core: mergeTracked). One transaction with the history lines and,
 * for a conflict, an audit event (last). A Pathways edit that should win is sent again.
 */
export async function takeIn(
  deps: PlannerSyncDeps,
  seenAt: Date,
  id: string,
  task: PlannerTask,
  alsoRecord: SyncConflict[] = [],
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('record_recommendations')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.planner_task_id !== task.id) return;
    const completedAt = task.completedDateTime ? new Date(task.completedDateTime) : null;
    const plannerValues = trackedOfTask(task, syncedOf(row).dueDate);
    const merged = mergeTracked({
      synced: syncedOf(row),
      pathways: trackedOfRow(row),
      pathwaysEditedAt: row.pathways_edited_at,
      planner: plannerValues,
      plannerUnchangedAt: row.planner_checked_at,
      plannerCompletedAt: completedAt,
    });
    const planner_fields = {
      planner_etag: task.etag,
      planner_synced: JSON.stringify(plannerValues),
      planner_checked_at: seenAt,
    };
    if (noChanges(trackedChanges(merged.values, trackedOfRow(row)))) {
      await trx
        .updateTable('record_recommendations')
        .set(planner_fields)
        .where('id', '=', id)
        .execute();
    } else {
      await deps.recommendations.applyValues(trx, row, merged.values, {
        completedAt: completedAt ?? seenAt,
        set: planner_fields,
      });
    }
    const conflicted = new Set(merged.conflicts.map((c) => c.field));
    for (const [field, value] of Object.entries(merged.fromPlanner) as [
      keyof TrackedValues,
      string | number,
    ][]) {
      if (conflicted.has(field)) continue;
      await addEvent(trx, id, PLANNER_ACTOR, seenAt, plannerChangeLine(field, value));
    }
    const conflicts = [...merged.conflicts, ...alsoRecord];
    for (const c of conflicts) {
      await addEvent(trx, id, PATHWAYS_ACTOR, seenAt, conflictLine(c), { conflict: c });
    }
    if (!noChanges(merged.toPlanner)) {
      await enqueueGraphSideEffect(trx, deps.jobs, {
        partnershipId: deps.partnershipId,
        key: `recommendation:${id}:push:etag:${task.etag}`,
        kind: 'recommendation.updateTask',
        recommendationId: id,
      });
    }
    if (conflicts.length > 0) {
      await auditLog(trx).record({
        partnershipId: deps.partnershipId,
        actorId: PATHWAYS_ACTOR.aadObjectId,
        action: 'recommendation.sync-conflict',
        subjectType: 'recommendation',
        subjectId: id,
        detail: { fields: conflicts.map((c) => c.field).join(','), kept: conflicts[0]!.kept },
      });
    }
  });
}

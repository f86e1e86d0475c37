import {
  mergeTracked,
  noChanges,
  trackedChanges,
  trackedOfTask,
  type SyncConflict,
} from '@pathways/core';
import type { DomainSideEffectHandlers } from '../platform/graph/side-effects';
import { takeIn } from './planner-take-in';
import { plannerTaskCreation } from './planner-task-creation';
import {
  loadRecommendation,
  syncedOf,
  toGraph,
  trackedOfRow,
  type PlannerSyncDeps,
} from './planner-values';

export type { PlannerSyncDeps } from './planner-values';

/** The scheduled job that reads the plan's tasks and takes in what changed in Planner. */
export const POLL_PLANNER_QUEUE = 'recommendations-poll-planner';

/**
 * Recommendations as Planner tasks: created once (our reference as the marker,
 * looked for before creating), changes sent with If-Match (a stale etag is
 * re-read and the change reapplied), Planner's changes polled back, and
 * conflicts settled by the later edit (core: mergeTracked).
 */
export function plannerSync(deps: PlannerSyncDeps) {
  const { db, planner, planId } = deps;
  const now = deps.now ?? (() => new Date());

  /** Sends Pathways' changes with If-Match; a 412 re-reads and reapplies what still applies. */
  async function pushChanges(id: string): Promise<Record<string, unknown>> {
    const row = await loadRecommendation(deps, id);
    if (!row) throw new Error('The recommendation is not there (yet).');
    const result: Record<string, unknown> = {};
    if (row.status === 'closed' && row.impact_task_id) {
      const impact = await planner.getTask(row.impact_task_id);
      if (impact.percentComplete < 100) {
        await planner.updateTask(impact.id, impact.etag, { percentComplete: 100 }, (current) =>
          current.percentComplete < 100 ? { percentComplete: 100 } : undefined,
        );
      }
      result.impactTaskCompleted = true;
    }
    // No task yet: creating it sends the values of that moment, and pushes the rest.
    if (!row.planner_task_id || !row.planner_etag) return { ...result, skipped: 'no task yet' };
    const synced = syncedOf(row);
    const toPush = trackedChanges(trackedOfRow(row), synced);
    if (noChanges(toPush)) return { ...result, pushed: {} };
    let reapplied: SyncConflict[] = [];
    const outcome = await planner.updateTask(
      row.planner_task_id,
      row.planner_etag,
      toGraph(toPush),
      (current) => {
        const merged = mergeTracked({
          synced,
          pathways: trackedOfRow(row),
          pathwaysEditedAt: row.pathways_edited_at,
          planner: trackedOfTask(current, synced.dueDate),
          plannerUnchangedAt: row.planner_checked_at,
          plannerCompletedAt: current.completedDateTime
            ? new Date(current.completedDateTime)
            : null,
        });
        reapplied = merged.conflicts.filter((c) => c.kept === 'pathways');
        return noChanges(merged.toPlanner) ? undefined : toGraph(merged.toPlanner);
      },
    );
    const task = outcome.status === 'updated' ? outcome.task : outcome.current;
    await takeIn(deps, now(), id, task, outcome.status === 'updated' ? reapplied : []);
    return { ...result, status: outcome.status, etag: task.etag };
  }

  const { createTask, createImpactTask } = plannerTaskCreation(deps, now, pushChanges);

  /** One pass over the plan, a page at a time: what changed in Planner comes back. */
  async function poll(): Promise<{ pages: number; tasks: number; changed: number }> {
    let pages = 0;
    let tasks = 0;
    let changed = 0;
    for await (const page of planner.taskPages(planId)) {
      pages += 1;
      tasks += page.length;
      if (page.length === 0) continue;
      const rows = await db
        .selectFrom('record_recommendations')
        .select(['id', 'planner_task_id', 'planner_etag'])
        .where('partnership_id', '=', deps.partnershipId)
        .where(
          'planner_task_id',
          'in',
          page.map((t) => t.id),
        )
        .execute();
      const unchanged: string[] = [];
      for (const row of rows) {
        const task = page.find((t) => t.id === row.planner_task_id)!;
        if (task.etag === row.planner_etag) {
          unchanged.push(row.id);
          continue;
        }
        changed += 1;
        await takeIn(deps, now(), row.id, task);
      }
      if (unchanged.length > 0)
        await db
          .updateTable('record_recommendations')
          .set({ planner_checked_at: now() })
          .where('id', 'in', unchanged)
          .execute();
    }
    return { pages, tasks, changed };
  }

  const effects: DomainSideEffectHandlers = {
    'recommendation.createTask': (e) => createTask(e.recommendationId),
    'recommendation.updateTask': (e) => pushChanges(e.recommendationId),
    'recommendation.createImpactTask': (e) => createImpactTask(e.recommendationId),
  };

  return { effects, poll, createTask, pushChanges, createImpactTask };
}

export type PlannerSync = ReturnType<typeof plannerSync>;

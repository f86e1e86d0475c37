import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, graphCall } from './graph-errors';
import { readAllPages } from './users';

export interface PlannerTask {
  id: string;
  planId: string;
  bucketId: string | null;
  title: string;
  percentComplete: number;
  dueDateTime: string | null;
  assignments: Record<string, unknown>;
  /** For If-Match on the next change. */
  etag: string;
}

export interface NewPlannerTask {
  planId: string;
  bucketId?: string;
  title: string;
  /**
   * Our marker, unique per task we mean to create once (e.g. a Pathways reference).
   * Planner has no creation key, so it goes in the title, where a look finds it.
   */
  marker: string;
  assigneeIds?: string[];
  dueDateTime?: string;
  description?: string;
}

export type TaskChanges = Partial<
  Pick<PlannerTask, 'title' | 'percentComplete' | 'dueDateTime' | 'bucketId'>
>;

export type UpdateOutcome =
  { status: 'updated'; task: PlannerTask } | { status: 'conflict'; current: PlannerTask };

export interface Planner {
  /** Creates once per marker: it looks in the plan before creating. */
  createTask(task: NewPlannerTask): Promise<{ task: PlannerTask; created: boolean }>;
  findTaskByMarker(planId: string, marker: string): Promise<PlannerTask | undefined>;
  getTask(id: string): Promise<PlannerTask>;
  /**
   * PATCH with If-Match. When the etag is stale (412), the task is read again and
   * `reapply` decides from what is there now: changes to apply on the fresh etag, or
   * undefined to report the conflict.
   */
  updateTask(
    id: string,
    etag: string,
    changes: TaskChanges,
    reapply?: (current: PlannerTask) => TaskChanges | undefined,
  ): Promise<UpdateOutcome>;
}

interface GraphTask {
  id: string;
  planId: string;
  bucketId?: string | null;
  title: string;
  percentComplete?: number;
  dueDateTime?: string | null;
  assignments?: Record<string, unknown>;
  '@odata.etag'?: string;
}

const asTask = (t: GraphTask): PlannerTask => ({
  id: t.id,
  planId: t.planId,
  bucketId: t.bucketId ?? null,
  title: t.title,
  percentComplete: t.percentComplete ?? 0,
  dueDateTime: t.dueDateTime ?? null,
  assignments: t.assignments ?? {},
  etag: t['@odata.etag'] ?? '',
});

export const titleWithMarker = (title: string, marker: string) =>
  title.includes(`[${marker}]`) ? title : `${title} [${marker}]`;

const MAX_UPDATE_ATTEMPTS = 3;

export function graphPlanner(client: Client): Planner {
  const taskUrl = (id: string) => `/planner/tasks/${encodeURIComponent(id)}`;
  const getTask = async (id: string) =>
    asTask(await graphCall<GraphTask>(() => client.api(taskUrl(id)).get()));

  async function findTaskByMarker(planId: string, marker: string) {
    const tasks = await readAllPages<GraphTask>(
      client,
      `/planner/plans/${encodeURIComponent(planId)}/tasks`,
    );
    const found = tasks.find((t) => t.title.includes(`[${marker}]`));
    return found ? asTask(found) : undefined;
  }

  async function describe(taskId: string, description: string): Promise<void> {
    const details = await graphCall<{ '@odata.etag': string; description?: string }>(() =>
      client.api(`${taskUrl(taskId)}/details`).get(),
    );
    if (details.description === description) return;
    await graphCall(() =>
      client
        .api(`${taskUrl(taskId)}/details`)
        .header('If-Match', details['@odata.etag'])
        .patch({ description, previewType: 'description' }),
    );
  }

  return {
    findTaskByMarker,
    getTask,
    async createTask(input) {
      let task = await findTaskByMarker(input.planId, input.marker);
      const created = !task;
      // A 503 on this POST may still have created it: the job looks again before retrying.
      task ??= asTask(
        await graphCall<GraphTask>(() =>
          client.api('/planner/tasks').post({
            planId: input.planId,
            ...(input.bucketId ? { bucketId: input.bucketId } : {}),
            title: titleWithMarker(input.title, input.marker),
            ...(input.dueDateTime ? { dueDateTime: input.dueDateTime } : {}),
            ...(input.assigneeIds?.length
              ? {
                  assignments: Object.fromEntries(
                    input.assigneeIds.map((id) => [
                      id,
                      { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' },
                    ]),
                  ),
                }
              : {}),
          }),
        ),
      );
      if (input.description !== undefined) await describe(task.id, input.description);
      return { task, created };
    },
    async updateTask(id, etag, changes, reapply) {
      let ifMatch = etag;
      let body: TaskChanges = changes;
      for (let attempt = 1; ; attempt += 1) {
        try {
          const updated = await graphCall<GraphTask>(() =>
            client
              .api(taskUrl(id))
              .header('If-Match', ifMatch)
              .header('Prefer', 'return=representation')
              .patch(body),
          );
          return { status: 'updated', task: asTask(updated) };
        } catch (error) {
          if (!(error instanceof GraphRequestError) || error.status !== 412) throw error;
          const current = await getTask(id);
          const again = attempt < MAX_UPDATE_ATTEMPTS ? reapply?.(current) : undefined;
          if (!again) return { status: 'conflict', current };
          ifMatch = current.etag;
          body = again;
        }
      }
    },
  };
}

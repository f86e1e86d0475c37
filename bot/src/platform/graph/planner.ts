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
  /** When percentComplete was set to 100 (Planner's only edit time). */
  completedDateTime: string | null;
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
  /** Links in the task's details (e.g. back to the Pathways record). */
  references?: { url: string; alias: string }[];
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
  /** The plan's tasks a page at a time, following @odata.nextLink. */
  taskPages(planId: string): AsyncGenerator<PlannerTask[]>;
  /** The bucket of that name in the plan, created when there is none (look before create). */
  ensureBucket(planId: string, name: string): Promise<string>;
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
  completedDateTime?: string | null;
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
  completedDateTime: t.completedDateTime ?? null,
  etag: t['@odata.etag'] ?? '',
});

/** Planner's key for an external reference: the URL with % . : @ # encoded. */
export const referenceKey = (url: string) =>
  url.replace(/[%.:@#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

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

  async function describe(
    taskId: string,
    description: string | undefined,
    references: { url: string; alias: string }[] = [],
  ): Promise<void> {
    const details = await graphCall<{
      '@odata.etag': string;
      description?: string;
      references?: Record<string, unknown>;
    }>(() => client.api(`${taskUrl(taskId)}/details`).get());
    const missing = references.filter((r) => !(referenceKey(r.url) in (details.references ?? {})));
    const describeIt = description !== undefined && details.description !== description;
    if (!describeIt && missing.length === 0) return;
    await graphCall(() =>
      client
        .api(`${taskUrl(taskId)}/details`)
        .header('If-Match', details['@odata.etag'])
        .patch({
          ...(describeIt ? { description, previewType: 'description' } : {}),
          ...(missing.length
            ? {
                references: Object.fromEntries(
                  missing.map((r) => [
                    referenceKey(r.url),
                    {
                      '@odata.type': 'microsoft.graph.plannerExternalReference',
                      alias: r.alias,
                      type: 'Other',
                    },
                  ]),
                ),
              }
            : {}),
        }),
    );
  }

  async function* taskPages(planId: string): AsyncGenerator<PlannerTask[]> {
    let next: string | undefined = `/planner/plans/${encodeURIComponent(planId)}/tasks`;
    for (let pages = 0; next; pages += 1) {
      if (pages >= 1_000) throw new Error('Microsoft Graph returned more pages than expected.');
      const url: string = next;
      const page = await graphCall<{ value: GraphTask[]; '@odata.nextLink'?: string }>(() =>
        client.api(url).get(),
      );
      yield page.value.map(asTask);
      next = page['@odata.nextLink'];
    }
  }

  async function ensureBucket(planId: string, name: string): Promise<string> {
    const buckets = await readAllPages<{ id: string; name: string }>(
      client,
      `/planner/plans/${encodeURIComponent(planId)}/buckets`,
    );
    const found = buckets.find((b) => b.name === name);
    if (found) return found.id;
    // A 503 on this POST may still have made it: the caller's retry looks again first.
    const created = await graphCall<{ id: string }>(() =>
      client.api('/planner/buckets').post({ planId, name, orderHint: ' !' }),
    );
    return created.id;
  }

  return {
    findTaskByMarker,
    taskPages,
    ensureBucket,
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
      if (input.description !== undefined || input.references?.length) {
        await describe(task.id, input.description, input.references);
        task = await getTask(task.id); // the details changed the task's etag
      }
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

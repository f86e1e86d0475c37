import {
  londonDate,
  mergeTracked,
  plannerDueDateTime,
  RECOMMENDATION_SOURCES,
  recommendationSourceTitle,
  type PeopleDirectory,
  type SyncConflict,
  type TrackedValues,
} from '@pathways/core';
import { addDays } from 'date-fns';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { auditLog } from '../platform/db/repositories';
import type { DomainSideEffectHandlers } from '../platform/graph/side-effects';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import type { Planner, PlannerTask, TaskChanges } from '../platform/graph/planner';
import type { JobQueue } from '../platform/jobs/job-queue';
import {
  addEvent,
  PATHWAYS_ACTOR,
  PLANNER_ACTOR,
  type RecommendationRow,
  type Recommendations,
} from './recommendations';

/** The scheduled job that reads the plan's tasks and takes in what changed in Planner. */
export const POLL_PLANNER_QUEUE = 'recommendations-poll-planner';
export const IMPACT_TESTING_BUCKET = 'Impact testing';

const TITLE_MAX = 200;
/** Planner takes at most 20 assignees on a task. */
const ASSIGNEES_MAX = 20;
const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}\u2026`;

const fieldWords: Record<keyof TrackedValues, string> = {
  percentComplete: 'progress',
  dueDate: 'due date',
};
const shown = (field: keyof TrackedValues, value: string | number) =>
  field === 'percentComplete' ? `${value}%` : String(value);

export interface PlannerSyncDeps {
  db: Kysely<Tables>;
  planner: Planner;
  directory: PeopleDirectory;
  jobs: Pick<JobQueue, 'enqueue'>;
  recommendations: Recommendations;
  partnershipId: string;
  planId: string;
  /** Where a task's link back to Pathways points (the tab's recommendation view). */
  publicUrl: string;
  now?: () => Date;
}

/**
 * Recommendations as Planner tasks: created once (our reference as the marker,
 * looked for before creating), changes sent with If-Match (a stale etag is
 * re-read and the change reapplied), Planner's changes polled back, and
 * conflicts settled by the later edit (core: mergeTracked).
 */
export function plannerSync(deps: PlannerSyncDeps) {
  const { db, planner, planId } = deps;
  const now = deps.now ?? (() => new Date());

  const load = (id: string) =>
    db
      .selectFrom('record_recommendations')
      .selectAll()
      .where('id', '=', id)
      .where('partnership_id', '=', deps.partnershipId)
      .executeTakeFirst();

  const trackedOfRow = (row: RecommendationRow): TrackedValues => ({
    percentComplete: row.percent_complete,
    dueDate: row.due_date,
  });
  const trackedOfTask = (task: PlannerTask, fallbackDue: string): TrackedValues => ({
    percentComplete: task.percentComplete,
    // A due date removed in Planner is not taken in: a recommendation always has one.
    dueDate: task.dueDateTime ? londonDate(new Date(task.dueDateTime)) : fallbackDue,
  });
  const syncedOf = (row: RecommendationRow): TrackedValues =>
    (row.planner_synced as TrackedValues | null) ?? trackedOfRow(row);
  const toGraph = (changes: Partial<TrackedValues>): TaskChanges => ({
    ...(changes.percentComplete !== undefined ? { percentComplete: changes.percentComplete } : {}),
    ...(changes.dueDate !== undefined ? { dueDateTime: plannerDueDateTime(changes.dueDate) } : {}),
  });
  const differs = (a: TrackedValues, b: TrackedValues): Partial<TrackedValues> => ({
    ...(a.percentComplete !== b.percentComplete ? { percentComplete: a.percentComplete } : {}),
    ...(a.dueDate !== b.dueDate ? { dueDate: a.dueDate } : {}),
  });
  const isEmpty = (o: object) => Object.keys(o).length === 0;
  const link = (row: RecommendationRow) =>
    `${deps.publicUrl}/tab/index.html#/recommendations?ref=${encodeURIComponent(row.reference)}`;

  async function bucketFor(name: string): Promise<string> {
    const known = await db
      .selectFrom('planner_buckets')
      .select('bucket_id')
      .where('partnership_id', '=', deps.partnershipId)
      .where('plan_id', '=', planId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (known) return known.bucket_id;
    const bucketId = await planner.ensureBucket(planId, name);
    await db
      .insertInto('planner_buckets')
      .values({ partnership_id: deps.partnershipId, plan_id: planId, name, bucket_id: bucketId })
      .onConflict((oc) => oc.columns(['partnership_id', 'plan_id', 'name']).doNothing())
      .execute();
    return bucketId;
  }

  /** The owning agency's lead, when they are in the tenant. */
  async function ownerFor(agency: string): Promise<{ id: string; name: string } | undefined> {
    for (const id of await deps.directory.membersOf('AgencyLead')) {
      const person = await deps.directory.profile(id);
      // Directory entries and the partnership's list differ in capitals ("Early Years").
      if (person?.agency?.toLocaleLowerCase('en-GB') === agency.toLocaleLowerCase('en-GB'))
        return { id: person.aadObjectId, name: person.displayName };
    }
    return undefined;
  }

  /**
   * Who the impact-testing task is assigned to: the Development Manager. The Engine Room
   * tests the impact, but it is a group and Planner assigns tasks to people only; the
   * Development Manager sits on the Engine Room and monitors every recommendation to
   * completion and impact (DOMAIN.md, "Who is who" and pathway 6), so they see it due.
   */
  async function impactTesters(): Promise<{ id: string; name: string }[]> {
    const found: { id: string; name: string }[] = [];
    for (const id of await deps.directory.membersOf('DevelopmentManager')) {
      if (found.length === ASSIGNEES_MAX) break;
      const person = await deps.directory.profile(id);
      if (person) found.push({ id: person.aadObjectId, name: person.displayName });
    }
    return found;
  }

  /**
   * Takes in what a task holds now: Planner's changes, and the later edit where both
   * sides changed a field. One transaction with the history lines and, for a
   * conflict, an audit event (last). A Pathways edit that should win is sent again.
   */
  async function takeIn(
    id: string,
    task: PlannerTask,
    alsoRecord: SyncConflict[] = [],
  ): Promise<void> {
    const seenAt = now();
    await db.transaction().execute(async (trx) => {
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
      if (isEmpty(differs(merged.values, trackedOfRow(row)))) {
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
        await addEvent(
          trx,
          id,
          PLANNER_ACTOR,
          seenAt,
          `changed the ${fieldWords[field]} to ${shown(field, value)} in Planner`,
        );
      }
      const conflicts = [...merged.conflicts, ...alsoRecord];
      for (const c of conflicts) {
        await addEvent(
          trx,
          id,
          PATHWAYS_ACTOR,
          seenAt,
          `kept the later edit of the ${fieldWords[c.field]} (${shown(c.field, c.keptValue)}, from ${
            c.kept === 'pathways' ? 'Pathways' : 'Planner'
          }); the earlier ${c.kept === 'pathways' ? 'Planner' : 'Pathways'} value was ${shown(
            c.field,
            c.otherValue,
          )}`,
          { conflict: c },
        );
      }
      if (!isEmpty(merged.toPlanner)) {
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

  /** Sends Pathways' changes with If-Match; a 412 re-reads and reapplies what still applies. */
  async function pushChanges(id: string): Promise<Record<string, unknown>> {
    const row = await load(id);
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
    const toPush = differs(trackedOfRow(row), synced);
    if (isEmpty(toPush)) return { ...result, pushed: {} };
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
        return isEmpty(merged.toPlanner) ? undefined : toGraph(merged.toPlanner);
      },
    );
    const task = outcome.status === 'updated' ? outcome.task : outcome.current;
    await takeIn(id, task, outcome.status === 'updated' ? reapplied : []);
    return { ...result, status: outcome.status, etag: task.etag };
  }

  async function createTask(id: string): Promise<Record<string, unknown>> {
    const row = await load(id);
    if (!row) throw new Error('The recommendation is not there (yet).');
    if (row.planner_task_id) return { taskId: row.planner_task_id, created: false };
    const source = RECOMMENDATION_SOURCES.find((s) => s.value === row.source);
    const bucketId = await bucketFor(source?.bucket ?? 'Recommendations');
    const owner = await ownerFor(row.owning_agency);
    const from = `${recommendationSourceTitle(row.source)}${row.source_reference ? ` ${row.source_reference}` : ''}`;
    const { task, created } = await planner.createTask({
      planId,
      bucketId,
      title: clip(row.text, TITLE_MAX),
      marker: row.reference,
      assigneeIds: owner ? [owner.id] : [],
      dueDateTime: plannerDueDateTime(row.due_date),
      description: `${row.text}\n\nFrom: ${from}\nOwning agency: ${row.owning_agency}\nTracked in Pathways as ${row.reference}.`,
      references: [{ url: link(row), alias: `Pathways ${row.reference}` }],
    });
    const values = trackedOfTask(task, row.due_date);
    const stored = await db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('record_recommendations')
        .select(['planner_task_id'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.planner_task_id) return false;
      await trx
        .updateTable('record_recommendations')
        .set({
          planner_task_id: task.id,
          planner_etag: task.etag,
          planner_synced: JSON.stringify(values),
          planner_checked_at: now(),
          assignee_id: owner?.id ?? null,
          assignee_name: owner?.name ?? null,
        })
        .where('id', '=', id)
        .execute();
      await addEvent(
        trx,
        id,
        PATHWAYS_ACTOR,
        now(),
        owner
          ? `tracked it in Planner, assigned to ${owner.name}`
          : `tracked it in Planner (no lead for ${row.owning_agency} is in the tenant to assign it to)`,
      );
      return true;
    });
    // Changes made in Pathways before the task existed go out now.
    if (stored) await pushChanges(id);
    return { taskId: task.id, created };
  }

  async function createImpactTask(id: string): Promise<Record<string, unknown>> {
    const row = await load(id);
    if (!row) throw new Error('The recommendation is not there (yet).');
    if (row.impact_task_id) return { taskId: row.impact_task_id, created: false };
    // Reopened in Planner since, or already tested: nothing to schedule now.
    if (row.status !== 'completed') return { skipped: row.status };
    const bucketId = await bucketFor(IMPACT_TESTING_BUCKET);
    const due = londonDate(addDays(now(), 28));
    const testers = await impactTesters();
    const { task, created } = await planner.createTask({
      planId,
      bucketId,
      title: clip(`Impact test: ${row.text}`, TITLE_MAX),
      marker: `${row.reference}-IMPACT`,
      assigneeIds: testers.map((p) => p.id),
      dueDateTime: plannerDueDateTime(due),
      description: `The Engine Room tests whether this change made a difference, and records the evidence and an impact rating in Pathways (${row.reference}).\n\n${row.text}`,
      references: [{ url: link(row), alias: `Pathways ${row.reference}` }],
    });
    await db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('record_recommendations')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.impact_task_id) return;
      await trx
        .updateTable('record_recommendations')
        .set({
          impact_task_id: task.id,
          ...(locked.status === 'completed' ? { status: 'impact-testing' } : {}),
          version: locked.version + 1,
        })
        .where('id', '=', id)
        .execute();
      await addEvent(
        trx,
        id,
        PATHWAYS_ACTOR,
        now(),
        testers.length > 0
          ? `scheduled impact testing: a task for the Engine Room in Planner, assigned to ${testers
              .map((p) => p.name)
              .join(', ')} (Development Manager)`
          : 'scheduled impact testing: a task for the Engine Room in Planner (no Development Manager is in the tenant to assign it to)',
      );
    });
    return { taskId: task.id, created };
  }

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
        await takeIn(row.id, task);
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

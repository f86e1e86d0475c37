import {
  bucketOf,
  IMPACT_TESTING_BUCKET,
  impactScheduledLine,
  impactTask,
  londonDate,
  PLANNER_ASSIGNEES_MAX,
  plannerDueDateTime,
  recommendationTask,
  trackedLine,
  trackedOfTask,
} from '@pathways/core';
import { addDays } from 'date-fns/addDays';
import { loadRecommendation, type PlannerSyncDeps } from './planner-values';
import { addEvent, PATHWAYS_ACTOR, type RecommendationRow } from './recommendations';

/**
 * Creating a recommendation's Planner tasks, each once: our reference is the marker
 * Planner is searched for before creating, and the row records the task in a
 * transaction that a concurrent creation loses.
 */
export function plannerTaskCreation(
  deps: PlannerSyncDeps,
  now: () => Date,
  pushChanges: (id: string) => Promise<unknown>,
) {
  const { db, planner, planId } = deps;
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

  /**
   * The owning agency's lead, when they are in the tenant: one of this partnership's leads
   * for the agency (its name or a former name, through the partnership's agency list), never
   * a lead of a same-named agency in another partnership.
   */
  async function ownerFor(agency: string): Promise<{ id: string; name: string } | undefined> {
    const [lead] = await deps.organisations.leadsOf(agency);
    return lead ? { id: lead.id, name: lead.name } : undefined;
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
      if (found.length === PLANNER_ASSIGNEES_MAX) break;
      const person = await deps.directory.profile(id);
      if (person) found.push({ id: person.aadObjectId, name: person.displayName });
    }
    return found;
  }

  async function createTask(id: string): Promise<Record<string, unknown>> {
    const row = await loadRecommendation(deps, id);
    if (!row) throw new Error('The recommendation is not there (yet).');
    if (row.planner_task_id) return { taskId: row.planner_task_id, created: false };
    const bucketId = await bucketFor(bucketOf(row.source));
    const owner = await ownerFor(row.owning_agency);
    const words = recommendationTask({
      reference: row.reference,
      text: row.text,
      source: row.source,
      sourceReference: row.source_reference,
      owningAgency: row.owning_agency,
    });
    const { task, created } = await planner.createTask({
      planId,
      bucketId,
      title: words.title,
      marker: words.marker,
      assigneeIds: owner ? [owner.id] : [],
      dueDateTime: plannerDueDateTime(row.due_date),
      description: words.description,
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
      await addEvent(trx, id, PATHWAYS_ACTOR, now(), trackedLine(owner, row.owning_agency));
      return true;
    });
    // Changes made in Pathways before the task existed go out now.
    if (stored) await pushChanges(id);
    return { taskId: task.id, created };
  }

  async function createImpactTask(id: string): Promise<Record<string, unknown>> {
    const row = await loadRecommendation(deps, id);
    if (!row) throw new Error('The recommendation is not there (yet).');
    if (row.impact_task_id) return { taskId: row.impact_task_id, created: false };
    // Reopened in Planner since, or already tested: nothing to schedule now.
    if (row.status !== 'completed') return { skipped: row.status };
    const bucketId = await bucketFor(IMPACT_TESTING_BUCKET);
    const due = londonDate(addDays(now(), 28));
    const testers = await impactTesters();
    const words = impactTask({ reference: row.reference, text: row.text });
    const { task, created } = await planner.createTask({
      planId,
      bucketId,
      title: words.title,
      marker: words.marker,
      assigneeIds: testers.map((p) => p.id),
      dueDateTime: plannerDueDateTime(due),
      description: words.description,
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
      await addEvent(trx, id, PATHWAYS_ACTOR, now(), impactScheduledLine(testers));
    });
    return { taskId: task.id, created };
  }

  return { createTask, createImpactTask };
}

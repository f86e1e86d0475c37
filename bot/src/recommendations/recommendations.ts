import {
  IMPACT_RATINGS,
  RECOMMENDATION_SOURCES,
  RECOMMENDATION_STATUSES,
  isActionCompleted,
  isRecommendationStatus,
  londonDate,
  recommendationSourceTitle,
  recommendationStatusText,
  statusForProgress,
  type ImpactRating,
  type Partnership,
  type Person,
  type RecommendationList,
  type RecommendationSource,
  type RecommendationStatus,
  type RecommendationView,
  type TrackedValues,
  isUuid,
} from '@pathways/core';
import { addDays, parseISO, format } from 'date-fns';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { auditLog } from '../platform/db/repositories';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import type { JobQueue } from '../platform/jobs/job-queue';
import { nextReference } from '../records/references';

export type RecommendationRow = Selectable<Tables['record_recommendations']>;

/** Who Pathways itself is in a recommendation's history (its own sync with Planner). */
export const PATHWAYS_ACTOR: Person = { aadObjectId: 'pathways', name: 'Pathways' };
/** Changes seen in Planner are recorded as Planner's. */
export const PLANNER_ACTOR: Person = { aadObjectId: 'planner', name: 'Planner' };

export interface NewRecommendation {
  source: RecommendationSource;
  /** The record it came from: a KLOE, a serious case, a briefing... */
  record: { type: string; id: string; reference?: string | null };
  text: string;
  owningAgency: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  theme?: string | null;
  by: Person;
  at: Date;
}

export interface RecommendationsDeps {
  db: Kysely<Tables>;
  partnership: Partnership;
  jobs: Pick<JobQueue, 'enqueue'>;
  /** The Planner plan tasks go in; undefined: tracked in Pathways only. */
  planId: string | undefined;
  /** Days from completion to the Engine Room's impact test. */
  impactTestAfterDays: number;
  now?: () => Date;
}

export const createTaskKey = (id: string) => `recommendation:${id}:task`;
const pushKey = (id: string, version: number) => `recommendation:${id}:push:${version}`;
const impactKey = (id: string, completedAt: Date) =>
  `recommendation:${id}:impact:${completedAt.toISOString()}`;

export async function addEvent(
  trx: Kysely<Tables>,
  id: string,
  by: Person,
  at: Date,
  action: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('recommendation_events')
    .values({
      recommendation_id: id,
      at,
      actor_id: by.aadObjectId,
      actor_name: by.name,
      action,
      detail: detail ? JSON.stringify(detail) : null,
    })
    .execute();
}

/**
 * Recommendations, whatever raised them: the use cases other modules call
 * (`add`, inside their own transaction), the Development Manager's list and
 * changes, and the Engine Room's impact result.
 */
export function recommendations(deps: RecommendationsDeps) {
  const pid = deps.partnership.id;
  const now = deps.now ?? (() => new Date());

  /** Completion schedules the impact test after the configured interval. */
  async function scheduleImpactTest(
    trx: Kysely<Tables>,
    id: string,
    completedAt: Date,
  ): Promise<string> {
    const due = format(
      addDays(parseISO(londonDate(completedAt)), deps.impactTestAfterDays),
      'yyyy-MM-dd',
    );
    if (deps.planId) {
      const seconds = Math.max(
        0,
        Math.round(
          (addDays(completedAt, deps.impactTestAfterDays).getTime() - now().getTime()) / 1000,
        ),
      );
      await enqueueGraphSideEffect(trx, deps.jobs, {
        partnershipId: pid,
        key: impactKey(id, completedAt),
        kind: 'recommendation.createImpactTask',
        recommendationId: id,
        ...(seconds > 0 ? { startAfterSeconds: seconds } : {}),
      });
    }
    return due;
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
    const status = statusForProgress(row.status as RecommendationStatus, values.percentComplete);
    const becameComplete = status === 'completed' && row.status !== 'completed';
    const reopened =
      !isActionCompleted(status) && isActionCompleted(row.status as RecommendationStatus);
    let impactDue = row.impact_due_on;
    if (becameComplete) impactDue = await scheduleImpactTest(trx, row.id, options.completedAt);
    if (reopened) impactDue = null;
    return trx
      .updateTable('record_recommendations')
      .set({
        percent_complete: values.percentComplete,
        due_date: values.dueDate,
        status,
        completed_at: becameComplete ? options.completedAt : reopened ? null : row.completed_at,
        impact_due_on: impactDue,
        version: row.version + 1,
        ...(options.set ?? {}),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async function view(row: RecommendationRow, withHistory = false): Promise<RecommendationView> {
    const status = isRecommendationStatus(row.status) ? row.status : 'open';
    const today = londonDate(now());
    const history = withHistory
      ? (
          await deps.db
            .selectFrom('recommendation_events')
            .select(['at', 'actor_name', 'action'])
            .where('recommendation_id', '=', row.id)
            .orderBy('id')
            .execute()
        ).map((e) => ({ at: e.at.toISOString(), by: e.actor_name, action: e.action }))
      : [];
    return {
      id: row.id,
      reference: row.reference,
      text: row.text,
      source: row.source as RecommendationSource,
      sourceTitle: recommendationSourceTitle(row.source),
      sourceRecord: { type: row.record_type, id: row.record_id, reference: row.source_reference },
      owningAgency: row.owning_agency,
      owner: row.assignee_name,
      theme: row.theme,
      dueDate: row.due_date,
      status,
      statusText: recommendationStatusText[status],
      percentComplete: row.percent_complete,
      overdue: !isActionCompleted(status) && row.due_date < today,
      version: row.version,
      impactTestDue: row.impact_due_on,
      impact:
        row.impact_rating && row.impact_evidence && row.impact_recorded_at
          ? {
              rating: row.impact_rating as ImpactRating,
              ratingTitle:
                IMPACT_RATINGS.find((r) => r.value === row.impact_rating)?.title ??
                row.impact_rating,
              evidence: row.impact_evidence,
              recordedAt: row.impact_recorded_at.toISOString(),
            }
          : null,
      history,
    };
  }

  const api = {
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
    applyValues,
    view,
  };

  const bound = deps.db;
  return {
    ...api,

    async list(filter: {
      source?: string | undefined;
      theme?: string | undefined;
      status?: string | undefined;
    }): Promise<RecommendationList> {
      let q = bound
        .selectFrom('record_recommendations')
        .selectAll()
        .where('partnership_id', '=', pid);
      if (filter.source) q = q.where('source', '=', filter.source);
      if (filter.theme) q = q.where('theme', '=', filter.theme);
      if (filter.status) q = q.where('status', '=', filter.status);
      const today = londonDate(now());
      const rows = await q
        .orderBy(
          sql`CASE WHEN due_date < ${today}::date AND status IN ('open', 'in-progress') THEN 0 ELSE 1 END`,
        )
        .orderBy('due_date')
        .orderBy('reference')
        .limit(3000)
        .execute();
      return {
        items: await Promise.all(rows.map((r) => view(r))),
        sources: RECOMMENDATION_SOURCES.map((s) => ({ value: s.value, title: s.title })),
        themes: deps.partnership.themes,
        statuses: RECOMMENDATION_STATUSES.map((s) => ({
          value: s,
          title: recommendationStatusText[s],
        })),
      };
    },

    async get(id: string): Promise<RecommendationView | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await bound
        .selectFrom('record_recommendations')
        .selectAll()
        .where('partnership_id', '=', pid)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? view(row, true) : undefined;
    },

    /** The Development Manager changes progress or the due date; it goes out to Planner. */
    async update(
      id: string,
      changes: { percentComplete?: number | undefined; dueDate?: string | undefined },
      expectedVersion: number,
      by: Person,
    ): Promise<'not-found' | 'stale' | 'closed' | RecommendationView> {
      if (!isUuid(id)) return 'not-found';
      const at = now();
      const outcome = await bound.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('record_recommendations')
          .selectAll()
          .where('partnership_id', '=', pid)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return 'not-found' as const;
        if (row.version !== expectedVersion) return 'stale' as const;
        if (row.status === 'closed') return 'closed' as const;
        const values = {
          percentComplete: changes.percentComplete ?? row.percent_complete,
          dueDate: changes.dueDate ?? row.due_date,
        };
        const updated = await applyValues(trx, row, values, {
          completedAt: at,
          set: { pathways_edited_at: at },
        });
        const said: string[] = [];
        if (values.percentComplete !== row.percent_complete)
          said.push(`progress ${row.percent_complete}% to ${values.percentComplete}%`);
        if (values.dueDate !== row.due_date)
          said.push(`due date ${row.due_date} to ${values.dueDate}`);
        await addEvent(trx, id, by, at, `changed ${said.join(' and ') || 'nothing'}`);
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
      return typeof outcome === 'string' ? outcome : view(outcome, true);
    },

    /** The Engine Room's impact test closes the loop on the recommendation. */
    async recordImpact(
      id: string,
      result: { evidence: string; rating: string },
      by: Person,
    ): Promise<'not-found' | 'not-completed' | 'already-recorded' | RecommendationView> {
      if (!isUuid(id)) return 'not-found';
      const at = now();
      const outcome = await bound.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('record_recommendations')
          .selectAll()
          .where('partnership_id', '=', pid)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return 'not-found' as const;
        if (row.status === 'closed') return 'already-recorded' as const;
        if (!isActionCompleted(row.status as RecommendationStatus)) return 'not-completed' as const;
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
      return typeof outcome === 'string' ? outcome : view(outcome, true);
    },
  };
}

export type Recommendations = ReturnType<typeof recommendations>;

import {
  RECOMMENDATION_SOURCES,
  RECOMMENDATION_STATUSES,
  impactRatingTitle,
  isOverdue,
  isRecommendationStatus,
  isUuid,
  londonDate,
  recommendationSourceTitle,
  recommendationStatusText,
  type ImpactRating,
  type RecommendationList,
  type RecommendationSource,
  type RecommendationView,
} from '@pathways/core';
import { sql } from 'kysely';
import type { RecommendationRow, RecommendationsDeps } from './recommendation-records';

/** The Development Manager's list of recommendations and one recommendation with its history. */
export function recommendationViews(deps: RecommendationsDeps, now: () => Date) {
  const pid = deps.partnership.id;

  async function view(row: RecommendationRow, withHistory = false): Promise<RecommendationView> {
    const status = isRecommendationStatus(row.status) ? row.status : 'open';
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
      overdue: isOverdue(status, row.due_date, londonDate(now())),
      version: row.version,
      impactTestDue: row.impact_due_on,
      impact:
        row.impact_rating && row.impact_evidence && row.impact_recorded_at
          ? {
              rating: row.impact_rating as ImpactRating,
              ratingTitle: impactRatingTitle(row.impact_rating),
              evidence: row.impact_evidence,
              recordedAt: row.impact_recorded_at.toISOString(),
            }
          : null,
      history,
    };
  }

  return {
    view,

    async list(filter: {
      source?: string | undefined;
      theme?: string | undefined;
      status?: string | undefined;
    }): Promise<RecommendationList> {
      let q = deps.db
        .selectFrom('record_recommendations')
        .selectAll()
        .where('partnership_id', '=', pid);
      if (filter.source) q = q.where('source', '=', filter.source);
      if (filter.theme) q = q.where('theme', '=', filter.theme);
      if (filter.status) q = q.where('status', '=', filter.status);
      const today = londonDate(now());
      // Overdue first (the same rule as isOverdue, in SQL so the limit keeps them).
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
      const row = await deps.db
        .selectFrom('record_recommendations')
        .selectAll()
        .where('partnership_id', '=', pid)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? view(row, true) : undefined;
    },
  };
}

export type RecommendationViews = ReturnType<typeof recommendationViews>;

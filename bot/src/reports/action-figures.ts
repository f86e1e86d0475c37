import { financialQuarter, type ActionFigures, ENGLAND_TIME_ZONE } from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

/**
 * The action figures for one financial quarter, from the recommendations
 * records (whatever raised them). The one place reports read
 * `record_recommendations`, so a change to that table changes this function only.
 *
 * - made: recorded in the quarter;
 * - completed: the action completed in the quarter (`completed_at`);
 * - in progress: made by the quarter's end and not completed by then;
 * - overdue: of those, due before the quarter's end;
 * - impact tested: the Engine Room's impact test recorded in the quarter.
 *
 * Quarters are England's calendar (midnight Europe/London).
 */
export async function actionFigures(
  db: Kysely<Tables>,
  partnershipId: string,
  year: number,
  quarter: 1 | 2 | 3 | 4,
): Promise<ActionFigures> {
  const q = financialQuarter(year, quarter);
  const from = sql<Date>`(${q.start}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const to = sql<Date>`(${q.endExclusive}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const open = sql`created_at < ${to} AND (completed_at IS NULL OR completed_at >= ${to})`;
  const row = await db
    .selectFrom('record_recommendations')
    .select([
      sql<number>`count(*) FILTER (WHERE created_at >= ${from} AND created_at < ${to})`.as('made'),
      sql<number>`count(*) FILTER (WHERE ${open})`.as('in_progress'),
      sql<number>`count(*) FILTER (WHERE completed_at >= ${from} AND completed_at < ${to})`.as(
        'completed',
      ),
      sql<number>`count(*) FILTER (WHERE ${open} AND due_date < ${q.endExclusive}::date)`.as(
        'overdue',
      ),
      sql<number>`count(*) FILTER (WHERE impact_recorded_at >= ${from} AND impact_recorded_at < ${to})`.as(
        'impact_tested',
      ),
    ])
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  return {
    quarter,
    period: q.label,
    made: Number(row.made),
    inProgress: Number(row.in_progress),
    completed: Number(row.completed),
    overdue: Number(row.overdue),
    impactTested: Number(row.impact_tested),
  };
}

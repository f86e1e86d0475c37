import {
  financialQuarter,
  quarterlyReportTitle,
  QUARTERLY_KLOE_FIGURES,
  type Partnership,
  type QuarterlyReport,
  ENGLAND_TIME_ZONE,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { actionFigures } from '../reports';
import { kloesByTheme, lifecycleFiguresOf } from '../records/record-lifecycle';

/**
 * The quarterly report to the Executive, from the records: KLOEs received,
 * explored (taken up by the Engine Room: accepted onto its agenda or worked
 * on), given an outcome and closed in the quarter, all counted from their
 * lifecycle (lifecycleFiguresOf, as the newsletter counts them); learning
 * identified; the action figures for each quarter of the year so far.
 */
export async function quarterlyReport(
  db: Kysely<Tables>,
  partnership: Partnership,
  year: number,
  quarter: 1 | 2 | 3 | 4,
): Promise<QuarterlyReport> {
  const q = financialQuarter(year, quarter);
  const from = sql<Date>`(${q.start}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const to = sql<Date>`(${q.endExclusive}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const pid = partnership.id;

  // The one count over the lifecycle that the newsletter reads too.
  const figures = await lifecycleFiguresOf(db, pid, 'kloe', q.start, q.endExclusive);
  const outcomes = await db
    .selectFrom('record_outcomes')
    .innerJoin('queue_items', (j) =>
      j
        .onRef('queue_items.record_type', '=', 'record_outcomes.record_type')
        .onRef('queue_items.record_id', '=', 'record_outcomes.record_id'),
    )
    .select(['queue_items.reference', 'record_outcomes.learning', 'record_outcomes.record_type'])
    .where('record_outcomes.partnership_id', '=', pid)
    .where('record_outcomes.recorded_at', '>=', from)
    .where('record_outcomes.recorded_at', '<', to)
    .orderBy('queue_items.reference')
    .execute();
  const actions = [];
  for (let q = 1 as 1 | 2 | 3 | 4; q <= quarter; q++) {
    actions.push(await actionFigures(db, pid, year, q));
  }
  const byTheme = await kloesByTheme(db, figures.records.received);

  const kloes = {
    received: figures.received,
    explored: figures.explored,
    outcomeRecorded: figures.outcomeRecorded,
    closed: figures.closed,
  };
  return {
    title: quarterlyReportTitle({ partnership: partnership.name }),
    partnership: partnership.name,
    year,
    quarter,
    period: q.label,
    kloes,
    kloeFigures: QUARTERLY_KLOE_FIGURES.map((f) => ({ label: f.label, value: kloes[f.key] })),
    learningIdentified: outcomes.map((o) => ({ reference: o.reference, learning: o.learning })),
    actions,
    byTheme: byTheme.map((t) => ({ theme: t.theme ?? 'No theme', received: Number(t.n) })),
  };
}

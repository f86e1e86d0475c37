import {
  financialQuarter,
  type Partnership,
  type QuarterlyReport,
  ENGLAND_TIME_ZONE,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { actionFigures } from '../reports';

/**
 * The quarterly report to the Executive, from the records: KLOEs received,
 * explored (accepted onto the Engine Room agenda) and closed (declined,
 * closed as duplicates, or an outcome recorded) in the quarter; learning
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

  const received = await db
    .selectFrom('kloes')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('partnership_id', '=', pid)
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .executeTakeFirstOrThrow();
  const decided = await db
    .selectFrom('kloe_events')
    .innerJoin('kloes', 'kloes.id', 'kloe_events.kloe_id')
    .select([
      sql<number>`count(DISTINCT kloe_id) FILTER (WHERE action = 'accept')`.as('explored'),
      sql<number>`count(DISTINCT kloe_id) FILTER (WHERE action IN ('decline', 'linked-duplicate'))`.as(
        'closed',
      ),
    ])
    .where('kloes.partnership_id', '=', pid)
    .where('kloe_events.at', '>=', from)
    .where('kloe_events.at', '<', to)
    .executeTakeFirstOrThrow();
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
  const byTheme = await db
    .selectFrom('kloes')
    .select([
      sql<string>`"values"->>'theme'`.as('theme'),
      ({ fn }) => fn.countAll<number>().as('n'),
    ])
    .where('partnership_id', '=', pid)
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .groupBy(sql`"values"->>'theme'`)
    .orderBy('n', 'desc')
    .orderBy('theme')
    .execute();

  const kloeOutcomes = outcomes.filter((o) => o.record_type === 'kloe').length;
  return {
    partnership: partnership.name,
    year,
    quarter,
    period: q.label,
    kloes: {
      received: Number(received.n),
      explored: Number(decided.explored),
      closed: Number(decided.closed) + kloeOutcomes,
    },
    learningIdentified: outcomes.map((o) => ({ reference: o.reference, learning: o.learning })),
    actions,
    byTheme: byTheme.map((t) => ({ theme: t.theme ?? 'No theme', received: Number(t.n) })),
  };
}

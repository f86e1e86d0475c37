import {
  ACTIVITY_KINDS,
  financialQuarter,
  londonDate,
  type Activity,
  type CirculationPlan,
  type IsoDate,
  type NewsletterFacts,
  type Partnership,
  ENGLAND_TIME_ZONE,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { listSeriousCases } from '../serious-cases';
import { kloesByTheme, lifecycleFiguresOf } from '../records/record-lifecycle';
import { actionFigures } from './action-figures';

export type Quarter = 1 | 2 | 3 | 4;

const kindTitle = (kind: string) => ACTIVITY_KINDS.find((k) => k.value === kind)?.title ?? kind;

/**
 * Briefings issued in a quarter: briefing notes actually sent, from the briefings records.
 * A briefing counts once every message of its cascade has gone, on the day (in England)
 * the last one went; a draft, or one still sending, does not. Newsletters sent as
 * briefings are left out: the newsletter's own Briefings section is about briefing notes,
 * and a newsletter listing the last one would count itself over again.
 */
export async function briefingsIssued(
  db: Kysely<Tables>,
  partnershipId: string,
  start: IsoDate,
  endExclusive: IsoDate,
): Promise<NewsletterFacts['briefings']> {
  const from = sql<Date>`(${start}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const to = sql<Date>`(${endExclusive}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const sentAt = sql<Date>`max(e.completed_at)`;
  const rows = await db
    .selectFrom('briefings as b')
    .innerJoin('briefing_messages as m', 'm.briefing_id', 'b.id')
    .innerJoin('graph_side_effects as e', 'e.id', 'm.effect_id')
    .select(['b.title', sentAt.as('sent_at')])
    .where('b.partnership_id', '=', partnershipId)
    .where('b.kind', '<>', 'newsletter')
    .where('b.prepared_at', 'is not', null)
    .groupBy(['b.id', 'b.title'])
    .having(sql<boolean>`bool_and(e.status = 'done')`)
    .having(sentAt, '>=', from)
    .having(sentAt, '<', to)
    .orderBy(sentAt)
    .execute();
  return rows.map((r) => ({ title: r.title, issuedOn: londonDate(new Date(r.sent_at)) }));
}

/** The facts of a quarter a newsletter is drafted from. */
export async function newsletterFacts(
  db: Kysely<Tables>,
  partnership: Partnership,
  plan: CirculationPlan,
  year: number,
  quarter: Quarter,
): Promise<NewsletterFacts> {
  const q = financialQuarter(year, quarter);
  const pid = partnership.id;
  const cases = await listSeriousCases(db, pid);

  const activityRows = await db
    .selectFrom('record_activities')
    .innerJoin('queue_items', (j) =>
      j
        .onRef('queue_items.record_type', '=', 'record_activities.record_type')
        .onRef('queue_items.record_id', '=', 'record_activities.record_id'),
    )
    .select([
      'record_activities.kind',
      'record_activities.description',
      'record_activities.start_date',
      'record_activities.end_date',
    ])
    .where('queue_items.partnership_id', '=', pid)
    .where('record_activities.start_date', '<', q.endExclusive)
    .where('record_activities.end_date', '>=', q.start)
    .orderBy('record_activities.start_date')
    .execute();
  const asActivity = (r: (typeof activityRows)[number]): Activity => ({
    kindTitle: kindTitle(r.kind),
    description: r.description,
    startDate: r.start_date,
    endDate: r.end_date,
  });

  // The one count over the lifecycle that the quarterly report reads too.
  const figures = await lifecycleFiguresOf(db, pid, 'kloe', q.start, q.endExclusive);
  const explored = await kloesByTheme(db, figures.records.explored);

  const trainingKinds = plan.events.filter((e) => e.training).map((e) => e.id);
  const training =
    trainingKinds.length === 0
      ? []
      : await db
          .selectFrom('partnership_events')
          .select(['occurs_on', 'title', 'delivery'])
          .where('partnership_id', '=', pid)
          .where('kind', 'in', trainingKinds)
          .where('occurs_on', '>=', q.start)
          .where('occurs_on', '<', q.endExclusive)
          .execute();

  return {
    partnership: { name: partnership.name, shortName: partnership.shortName },
    year,
    quarter,
    cases,
    audits: activityRows.filter((r) => r.kind === 'audit').map(asActivity),
    activities: activityRows.filter((r) => r.kind !== 'audit').map(asActivity),
    kloesExplored: {
      total: figures.explored,
      byTheme: explored.map((t) => ({ theme: t.theme ?? 'No theme', count: Number(t.n) })),
    },
    actions: await actionFigures(db, pid, year, quarter),
    training: training.map((t) => ({ on: t.occurs_on, title: t.title, delivery: t.delivery })),
    briefings: await briefingsIssued(db, pid, q.start, q.endExclusive),
  };
}

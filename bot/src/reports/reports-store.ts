import {
  ACTIVITY_KINDS,
  draftNewsletter,
  financialQuarter,
  londonDate,
  type Activity,
  type CirculationDone,
  type CirculationPlan,
  type IsoDate,
  type NewsletterContent,
  type NewsletterEdit,
  type NewsletterFacts,
  type NewsletterSent,
  type NewsletterVersion,
  type Partnership,
  type RecordedEvent,
  ENGLAND_TIME_ZONE,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { auditLog } from '../platform/db/repositories';
import { seriousCaseStore } from '../serious-cases';
import { actionFigures } from './action-figures';

type Quarter = 1 | 2 | 3 | 4;
export interface Actor {
  aadObjectId: string;
  name: string;
}

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
  const from = sql<Date>`(${q.start}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const to = sql<Date>`(${q.endExclusive}::date)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`;
  const pid = partnership.id;
  const noJobs = { enqueue: () => Promise.reject(new Error('reports enqueue nothing')) };
  const cases = await seriousCaseStore(db, noJobs).list(pid);

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

  const explored = await db
    .selectFrom('kloe_events')
    .innerJoin('kloes', 'kloes.id', 'kloe_events.kloe_id')
    .select([
      sql<string>`kloes."values"->>'theme'`.as('theme'),
      sql<number>`count(DISTINCT kloes.id)`.as('n'),
    ])
    .where('kloes.partnership_id', '=', pid)
    .where('kloe_events.action', '=', 'accept')
    .where('kloe_events.at', '>=', from)
    .where('kloe_events.at', '<', to)
    .groupBy(sql`kloes."values"->>'theme'`)
    .orderBy('n', 'desc')
    .orderBy('theme')
    .execute();

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
      total: explored.reduce((n, t) => n + Number(t.n), 0),
      byTheme: explored.map((t) => ({ theme: t.theme ?? 'No theme', count: Number(t.n) })),
    },
    actions: await actionFigures(db, pid, year, quarter),
    training: training.map((t) => ({ on: t.occurs_on, title: t.title, delivery: t.delivery })),
    briefings: await briefingsIssued(db, pid, q.start, q.endExclusive),
  };
}

export class VersionConflictError extends Error {}

/** Newsletter drafts (each save a version) and the circulation records. */
export function reportsStore(db: Kysely<Tables>, partnership: Partnership, plan: CirculationPlan) {
  const pid = partnership.id;

  const versionRow = (
    year: number,
    quarter: Quarter,
    r: { version: number; content: unknown; saved_by_name: string; saved_at: Date },
  ): NewsletterVersion => ({
    year,
    quarter,
    period: financialQuarter(year, quarter).label,
    version: r.version,
    savedBy: r.saved_by_name,
    savedAt: r.saved_at.toISOString(),
    content: r.content as NewsletterContent,
  });

  const latest = async (
    year: number,
    quarter: Quarter,
    trx: Kysely<Tables> = db,
  ): Promise<NewsletterVersion | undefined> => {
    const row = await trx
      .selectFrom('newsletter_drafts')
      .select(['version', 'content', 'saved_by_name', 'saved_at'])
      .where('partnership_id', '=', pid)
      .where('year', '=', year)
      .where('quarter', '=', quarter)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && versionRow(year, quarter, row);
  };

  const fresh = async (year: number, quarter: Quarter): Promise<NewsletterVersion> => ({
    year,
    quarter,
    period: financialQuarter(year, quarter).label,
    version: 0,
    savedBy: null,
    savedAt: null,
    content: draftNewsletter(await newsletterFacts(db, partnership, plan, year, quarter)),
  });

  /** The briefing the quarter's newsletter was sent as, once the Business Unit has sent it. */
  const sentAs = async (year: number, quarter: Quarter): Promise<NewsletterSent | null> => {
    const row = await db
      .selectFrom('briefings as b')
      .select([
        'b.id',
        'b.reference',
        'b.newsletter_version',
        'b.send_requested_at',
        'b.created_by_name',
      ])
      .where('b.partnership_id', '=', pid)
      .where('b.newsletter_year', '=', year)
      .where('b.newsletter_quarter', '=', quarter)
      .where('b.status', '<>', 'draft')
      .executeTakeFirst();
    return row && row.send_requested_at
      ? {
          briefingId: row.id,
          reference: row.reference,
          version: row.newsletter_version!,
          sentBy: row.created_by_name,
          sentAt: new Date(row.send_requested_at).toISOString(),
        }
      : null;
  };

  return {
    /** A new draft from the records, not saved. */
    fresh,

    /** The latest saved version, if any. */
    saved: (year: number, quarter: Quarter) => latest(year, quarter),

    /** The latest saved version, or a new draft from the records when none is saved. */
    async current(year: number, quarter: Quarter) {
      const versions = await db
        .selectFrom('newsletter_drafts')
        .select(['version', 'saved_by_name', 'saved_at'])
        .where('partnership_id', '=', pid)
        .where('year', '=', year)
        .where('quarter', '=', quarter)
        .orderBy('version', 'desc')
        .execute();
      return {
        current: (await latest(year, quarter)) ?? (await fresh(year, quarter)),
        versions: versions.map((v) => ({
          version: v.version,
          savedBy: v.saved_by_name,
          savedAt: v.saved_at.toISOString(),
        })),
        sentAs: await sentAs(year, quarter),
      };
    },

    async version(year: number, quarter: Quarter, version: number) {
      const row = await db
        .selectFrom('newsletter_drafts')
        .select(['version', 'content', 'saved_by_name', 'saved_at'])
        .where('partnership_id', '=', pid)
        .where('year', '=', year)
        .where('quarter', '=', quarter)
        .where('version', '=', version)
        .executeTakeFirst();
      return row && versionRow(year, quarter, row);
    },

    /**
     * Saves the edited words as the next version. The figures are those of
     * the version edited, or of a fresh draft when it is the first save or
     * the words were started again from the records.
     */
    async save(year: number, quarter: Quarter, edit: NewsletterEdit, by: Actor, at: Date) {
      const base =
        edit.expectedVersion === 0 || edit.fromRecords
          ? await fresh(year, quarter)
          : await this.version(year, quarter, edit.expectedVersion);
      return db.transaction().execute(async (trx) => {
        // Lock the quarter's newest row (if any) so two saves take turns.
        const top = await trx
          .selectFrom('newsletter_drafts')
          .select('version')
          .where('partnership_id', '=', pid)
          .where('year', '=', year)
          .where('quarter', '=', quarter)
          .orderBy('version', 'desc')
          .limit(1)
          .forUpdate()
          .executeTakeFirst();
        if ((top?.version ?? 0) !== edit.expectedVersion || !base) throw new VersionConflictError();
        const content: NewsletterContent = {
          ...edit.content,
          sections: edit.content.sections.map((s) => ({
            ...s,
            figures: base.content.sections.find((b) => b.id === s.id)?.figures ?? [],
          })),
        };
        const version = edit.expectedVersion + 1;
        await trx
          .insertInto('newsletter_drafts')
          .values({
            partnership_id: pid,
            year,
            quarter,
            version,
            content: JSON.stringify(content),
            saved_by_id: by.aadObjectId,
            saved_by_name: by.name,
            saved_at: at,
          })
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: by.aadObjectId,
          action: 'newsletter.saved',
          subjectType: 'newsletter',
          subjectId: `${year}-Q${quarter}`,
          detail: { version },
        });
        return versionRow(year, quarter, {
          version,
          content,
          saved_by_name: by.name,
          saved_at: at,
        });
      });
    },

    async events(from: IsoDate, to: IsoDate): Promise<RecordedEvent[]> {
      const rows = await db
        .selectFrom('partnership_events')
        .selectAll()
        .where('partnership_id', '=', pid)
        .where('occurs_on', '>=', from)
        .where('occurs_on', '<=', to)
        .orderBy('occurs_on')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        on: r.occurs_on,
        recordedOn: londonDate(r.recorded_at),
        delivery: r.delivery,
      }));
    },

    async recordEvent(
      event: {
        kind: string;
        title: string;
        on: IsoDate;
        delivery: 'in-person' | 'virtual' | 'hybrid' | null;
      },
      by: Actor,
      at: Date,
    ) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('partnership_events')
          .values({
            partnership_id: pid,
            kind: event.kind,
            title: event.title,
            occurs_on: event.on,
            delivery: event.delivery,
            recorded_by_id: by.aadObjectId,
            recorded_by_name: by.name,
            recorded_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: by.aadObjectId,
          action: 'circulation.event-recorded',
          subjectType: 'partnership-event',
          subjectId: row.id,
          detail: { kind: event.kind, on: event.on },
        });
        return row.id;
      });
    },

    async done(): Promise<CirculationDone[]> {
      const rows = await db
        .selectFrom('circulation_done')
        .select(['item_id', 'occurrence', 'done_on'])
        .where('partnership_id', '=', pid)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ itemId: r.item_id, occurrence: r.occurrence, doneOn: r.done_on }));
    },

    async markDone(
      mark: { itemId: string; occurrence: string; doneOn: IsoDate },
      by: Actor,
      at: Date,
    ) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('circulation_done')
          .values({
            partnership_id: pid,
            item_id: mark.itemId,
            occurrence: mark.occurrence,
            done_on: mark.doneOn,
            recorded_by_id: by.aadObjectId,
            recorded_by_name: by.name,
            recorded_at: at,
          })
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: by.aadObjectId,
          action: 'circulation.done',
          subjectType: 'circulation-item',
          subjectId: `${mark.itemId}/${mark.occurrence}`,
          detail: { doneOn: mark.doneOn },
        });
      });
    },
  };
}

export type ReportsStore = ReturnType<typeof reportsStore>;

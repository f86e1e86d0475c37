import {
  draftNewsletter,
  financialQuarter,
  londonDate,
  type CirculationDone,
  type CirculationPlan,
  type IsoDate,
  type NewsletterContent,
  type NewsletterEdit,
  type NewsletterSent,
  type NewsletterVersion,
  type Partnership,
  type RecordedEvent,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { auditLog } from '../platform/db/repositories';
import { newsletterFacts, type Quarter } from './newsletter-facts';

export interface Actor {
  aadObjectId: string;
  name: string;
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

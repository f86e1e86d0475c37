import {
  decideNewsletterDraft,
  type BriefingNote,
  type BriefingStatus,
  type NewsletterBriefing,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { nextReference } from '../records/references';
import type { Actor, BriefingStoreContext } from './briefing-store-context';
import type { BriefingProgressViews } from './briefing-progress-views';

/** A concurrent send of the same newsletter took the reference first: start again. */
class NewsletterRace extends Error {}

/** Briefings written and not yet sent: a briefing note's draft, and a quarter's newsletter. */
export function briefingDrafts(ctx: BriefingStoreContext, views: BriefingProgressViews) {
  const { db, pid } = ctx;

  return {
    async create(note: BriefingNote, author: Actor, now: Date): Promise<BriefingStatus> {
      const row = await db.transaction().execute(async (trx) => {
        const reference = await nextReference(trx, pid, 'BRF', now);
        const inserted = await trx
          .insertInto('briefings')
          .values({
            partnership_id: pid,
            reference,
            title: note.title,
            kind: note.kind,
            theme: note.theme,
            note: JSON.stringify(note),
            created_by_id: author.id,
            created_by_name: author.displayName,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: author.id,
          action: 'briefing.drafted',
          subjectType: 'briefing',
          subjectId: inserted.id,
          detail: { reference },
        });
        return inserted;
      });
      return views.statusOf(row);
    },

    /**
     * The quarter's newsletter as a briefing: found (at most one per quarter: the database's
     * unique constraint), or made now as a draft in the same transaction that takes its
     * reference. A draft left by an interrupted send takes the version asked for.
     */
    async newsletterBriefing(
      newsletter: NewsletterBriefing,
      author: Actor,
      now: Date,
    ): Promise<{ id: string; version: number; status: string }> {
      const { year, quarter, version } = newsletter.source;
      const existing = (trx: Kysely<Tables>) =>
        trx
          .selectFrom('briefings')
          .select(['id', 'status', 'newsletter_version'])
          .where('partnership_id', '=', pid)
          .where('newsletter_year', '=', year)
          .where('newsletter_quarter', '=', quarter)
          .forUpdate()
          .executeTakeFirst();
      for (;;) {
        try {
          return await db.transaction().execute(async (trx) => {
            let found = await existing(trx);
            if (!found) {
              // The reference's row lock serialises two presses at once: the second finds
              // the first's briefing here, and gives its reference back by rolling back.
              const reference = await nextReference(trx, pid, 'BRF', now);
              if (await existing(trx)) throw new NewsletterRace();
              const inserted = await trx
                .insertInto('briefings')
                .values({
                  partnership_id: pid,
                  reference,
                  title: newsletter.title,
                  kind: newsletter.kind,
                  theme: '',
                  note: JSON.stringify(newsletter),
                  created_by_id: author.id,
                  created_by_name: author.displayName,
                  created_at: now,
                  newsletter_year: year,
                  newsletter_quarter: quarter,
                  newsletter_version: version,
                })
                .returning(['id', 'status', 'newsletter_version'])
                .executeTakeFirstOrThrow();
              await auditLog(trx).record({
                partnershipId: pid,
                actorId: author.id,
                action: 'briefing.drafted',
                subjectType: 'briefing',
                subjectId: inserted.id,
                detail: { reference, newsletter: `${year}-Q${quarter}`, version },
              });
              found = inserted;
            } else if (
              decideNewsletterDraft(
                { status: found.status, version: found.newsletter_version },
                version,
              ).decision === 'revise'
            ) {
              await sql`UPDATE briefings SET title = ${newsletter.title},
                note = ${JSON.stringify(newsletter)}::jsonb, newsletter_version = ${version}
                WHERE id = ${found.id}`.execute(trx);
              found = { ...found, newsletter_version: version };
            }
            return { id: found.id, version: found.newsletter_version!, status: found.status };
          });
        } catch (error) {
          if (!(error instanceof NewsletterRace)) throw error;
        }
      }
    },
  };
}

export type BriefingDrafts = ReturnType<typeof briefingDrafts>;

import {
  briefingKindTitle,
  currentAgencyName,
  isNewsletter,
  recommendationsOf,
  type BriefingContent,
  type CascadeMethod,
  type LeadBriefing,
  type LeadBriefingSummary,
} from '@pathways/core';
import { sql } from 'kysely';
import {
  toIso,
  type Actor,
  type BriefingRow,
  type BriefingStoreContext,
} from './briefing-store-context';

/** What a lead sees of the briefings sent to them, with their agency's progress on each. */
export function briefingLeadViews(ctx: BriefingStoreContext) {
  const { db, pid, partnership, briefingRow } = ctx;

  /** The lead's place on the briefing's list of recipients; undefined if it was not sent to them. */
  async function recipientOf(briefingId: string, userId: string) {
    return db
      .selectFrom('briefing_recipients as p')
      .innerJoin('briefings as b', 'b.id', 'p.briefing_id')
      .select(['p.agency', 'p.name'])
      .where('b.partnership_id', '=', pid)
      .where('p.briefing_id', '=', briefingId)
      .where('p.user_id', '=', userId)
      .executeTakeFirst();
  }

  async function leadView(row: BriefingRow, userId: string, agency: string): Promise<LeadBriefing> {
    const content = row.note as BriefingContent;
    const [acks, cascades, impact] = await Promise.all([
      db
        .selectFrom('briefing_acknowledgements')
        .selectAll()
        .where('briefing_id', '=', row.id)
        .where('agency', '=', agency)
        .orderBy('at')
        .execute(),
      db
        .selectFrom('briefing_cascades')
        .selectAll()
        .where('briefing_id', '=', row.id)
        .where('agency', '=', agency)
        .orderBy('recorded_at')
        .execute(),
      db
        .selectFrom('briefing_impact_reports')
        .selectAll()
        .where('briefing_id', '=', row.id)
        .where('agency', '=', agency)
        .orderBy('recorded_at', 'desc')
        .execute(),
    ]);
    const common = {
      id: row.id,
      reference: row.reference,
      partnership: { id: partnership.id, name: partnership.name },
      title: content.title,
      kindTitle: briefingKindTitle(content.kind),
      recommendations: recommendationsOf(content),
      sentAt: toIso(row.prepared_at ?? row.send_requested_at)!,
      // Stored as sent; shown under the agency's current name.
      agency: currentAgencyName(partnership, agency),
      you: { acknowledgedAt: toIso(acks.find((a) => a.user_id === userId)?.at) },
      agencyProgress: {
        acknowledgedBy: acks.map((a) => ({ name: a.name, at: toIso(a.at)! })),
        cascades: cascades.map((c) => ({
          id: c.id,
          method: c.method as CascadeMethod,
          on: c.on_date,
          staffReached: c.staff_reached,
          ...(c.note ? { note: c.note } : {}),
          recordedBy: c.recorded_by_name,
          recordedAt: toIso(c.recorded_at)!,
        })),
        impact: impact.map((i) => ({
          id: i.id,
          recommendation: i.recommendation,
          change: i.change,
          impact: i.impact,
          recordedBy: i.recorded_by_name,
          recordedAt: toIso(i.recorded_at)!,
        })),
      },
    };
    if (isNewsletter(content)) {
      const { greeting, intro, sections, closing } = content;
      return { ...common, kind: 'newsletter', newsletter: { greeting, intro, sections, closing } };
    }
    return {
      ...common,
      kind: content.kind,
      theme: content.theme,
      identifiedLearning: content.identifiedLearning,
      proposedActions: content.proposedActions,
    };
  }

  return {
    recipientOf,
    leadView,

    async leadList(lead: Actor): Promise<LeadBriefingSummary[]> {
      const rows = await db
        .selectFrom('briefing_recipients as p')
        .innerJoin('briefings as b', 'b.id', 'p.briefing_id')
        .select(['b.id', 'b.reference', 'b.title', 'b.note', 'b.prepared_at', 'p.agency'])
        .where('b.partnership_id', '=', pid)
        .where('p.user_id', '=', lead.id)
        .orderBy('b.prepared_at', 'desc')
        .limit(200)
        .execute();
      return Promise.all(
        rows.map(async (r) => {
          const [ack, cascade, impact] = await Promise.all([
            db
              .selectFrom('briefing_acknowledgements')
              .select('user_id')
              .where('briefing_id', '=', r.id)
              .where('user_id', '=', lead.id)
              .executeTakeFirst(),
            db
              .selectFrom('briefing_cascades')
              .select('id')
              .where('briefing_id', '=', r.id)
              .where('agency', '=', r.agency)
              .executeTakeFirst(),
            db
              .selectFrom('briefing_impact_reports')
              .select(sql<number>`count(distinct recommendation)::int`.as('n'))
              .where('briefing_id', '=', r.id)
              .where('agency', '=', r.agency)
              .executeTakeFirst(),
          ]);
          return {
            id: r.id,
            reference: r.reference,
            title: r.title,
            sentAt: toIso(r.prepared_at)!,
            agency: currentAgencyName(partnership, r.agency),
            acknowledgedByYou: ack !== undefined,
            cascaded: cascade !== undefined,
            impactReported: impact?.n ?? 0,
            recommendationCount: recommendationsOf(r.note as BriefingContent).length,
          };
        }),
      );
    },

    async leadBriefing(id: string, lead: Actor): Promise<LeadBriefing | undefined> {
      const row = await briefingRow(id);
      if (!row) return undefined;
      const recipient = await recipientOf(row.id, lead.id);
      return recipient ? leadView(row, lead.id, recipient.agency) : undefined;
    },

    /** How many recommendations a briefing has (for checking an impact report). */
    async recommendationCount(id: string): Promise<number | undefined> {
      const row = await briefingRow(id);
      return row ? recommendationsOf(row.note as BriefingContent).length : undefined;
    },
  };
}

export type BriefingLeadViews = ReturnType<typeof briefingLeadViews>;

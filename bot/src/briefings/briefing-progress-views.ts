import {
  briefingProgress,
  cancellableUntil,
  currentAgencyName,
  deliveryStateOf,
  recommendationsOf,
  sentAtOf,
  summaryStatus,
  type BriefingContent,
  type BriefingKind,
  type BriefingRecipientStatus,
  type BriefingStatus,
  type BriefingSummary,
} from '@pathways/core';
import { sql } from 'kysely';
import { toIso, type BriefingRow, type BriefingStoreContext } from './briefing-store-context';

/**
 * The Business Unit's views of its briefings: the list, one briefing's status by agency and
 * its recipients. Reads only; the rules of progress are core's (briefing-progress.ts).
 */
export function briefingProgressViews(ctx: BriefingStoreContext) {
  const { db, pid, undoSeconds, briefingRow } = ctx;

  /** Messages of a briefing with their Graph side effect's state. */
  async function messages(ids: string[]) {
    if (ids.length === 0) return [];
    return db
      .selectFrom('briefing_messages as m')
      .innerJoin('graph_side_effects as e', 'e.id', 'm.effect_id')
      .select([
        'm.briefing_id',
        'm.chunk',
        'm.recipients',
        'e.status',
        'e.attempts',
        'e.completed_at',
      ])
      .where('m.briefing_id', 'in', ids)
      .execute();
  }

  function summary(
    row: BriefingRow,
    msgs: Awaited<ReturnType<typeof messages>>,
    agencies: number,
  ): BriefingSummary {
    const mine = msgs.filter((m) => m.briefing_id === row.id);
    const send = {
      status: row.status,
      preparedAt: row.prepared_at,
      sendRequestedAt: row.send_requested_at,
    };
    const status = summaryStatus(
      send,
      mine.map((m) => m.status),
    );
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      kind: row.kind as BriefingKind,
      theme: row.theme,
      status,
      createdAt: toIso(row.created_at)!,
      cancellableUntil: cancellableUntil(send, undoSeconds, new Date()),
      sentAt:
        status === 'sent'
          ? toIso(
              sentAtOf(
                mine.map((m) => m.completed_at),
                row.prepared_at,
              ),
            )
          : null,
      agencies,
      recipients: mine.reduce((sum, m) => sum + m.recipients, 0),
    };
  }

  async function statusOf(row: BriefingRow): Promise<BriefingStatus> {
    const msgs = await messages([row.id]);
    const note = row.note as BriefingContent;
    const recipients = await db
      .selectFrom('briefing_recipients')
      .select(['user_id', 'agency', 'chunk'])
      .where('briefing_id', '=', row.id)
      .execute();
    const chunkState = new Map(msgs.map((m) => [m.chunk, deliveryStateOf(m.status, m.attempts)]));
    const [acks, cascades, impact, reminders] = await Promise.all([
      db
        .selectFrom('briefing_acknowledgements')
        .select(['agency', 'at'])
        .where('briefing_id', '=', row.id)
        .execute(),
      db
        .selectFrom('briefing_cascades')
        .select(['agency', 'method', 'on_date', 'staff_reached'])
        .where('briefing_id', '=', row.id)
        .orderBy('recorded_at')
        .execute(),
      db
        .selectFrom('briefing_impact_reports')
        .select(['agency', 'recommendation'])
        .where('briefing_id', '=', row.id)
        .execute(),
      db
        .selectFrom('briefing_reminders as r')
        .innerJoin('briefing_recipients as p', (j) =>
          j.onRef('p.briefing_id', '=', 'r.briefing_id').onRef('p.user_id', '=', 'r.user_id'),
        )
        .select(['p.agency', sql<Date>`max(r.at)`.as('last')])
        .where('r.briefing_id', '=', row.id)
        .groupBy('p.agency')
        .execute(),
    ]);
    const { delivery, agencyStatus } = briefingProgress({
      currentName: (stored) => currentAgencyName(ctx.partnership, stored),
      recipients,
      chunkState,
      acks,
      cascades,
      impact,
      reminders,
    });
    return {
      ...summary(row, msgs, agencyStatus.length),
      note,
      recommendations: recommendationsOf(note),
      delivery,
      messages: { total: msgs.length, sent: msgs.filter((m) => m.status === 'done').length },
      agencyStatus,
    };
  }

  return {
    statusOf,

    async status(id: string): Promise<BriefingStatus | undefined> {
      const row = await briefingRow(id);
      return row ? statusOf(row) : undefined;
    },

    async list(): Promise<BriefingSummary[]> {
      const rows = await db
        .selectFrom('briefings')
        .selectAll()
        .where('partnership_id', '=', pid)
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
      const msgs = await messages(rows.map((r) => r.id));
      // Counted by current name: two former names of one agency are one agency.
      const stored = rows.length
        ? await db
            .selectFrom('briefing_recipients')
            .select(['briefing_id', 'agency'])
            .distinct()
            .where(
              'briefing_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        : [];
      const agencies = new Map<string, Set<string>>();
      for (const a of stored) {
        const set = agencies.get(a.briefing_id) ?? new Set<string>();
        set.add(currentAgencyName(ctx.partnership, a.agency));
        agencies.set(a.briefing_id, set);
      }
      return rows.map((r) => summary(r, msgs, agencies.get(r.id)?.size ?? 0));
    },

    /** Every lead the briefing went to: their copy's delivery and their acknowledgement. */
    async recipients(id: string): Promise<BriefingRecipientStatus[] | undefined> {
      const row = await briefingRow(id);
      if (!row) return undefined;
      const rows = await db
        .selectFrom('briefing_recipients as p')
        .leftJoin('briefing_messages as m', (j) =>
          j.onRef('m.briefing_id', '=', 'p.briefing_id').onRef('m.chunk', '=', 'p.chunk'),
        )
        .leftJoin('graph_side_effects as e', 'e.id', 'm.effect_id')
        .leftJoin('briefing_acknowledgements as a', (j) =>
          j.onRef('a.briefing_id', '=', 'p.briefing_id').onRef('a.user_id', '=', 'p.user_id'),
        )
        .select([
          'p.name',
          'p.agency',
          'e.status',
          'e.attempts',
          'a.at as acknowledged_at',
          (eb) =>
            eb
              .selectFrom('briefing_reminders as r')
              .select(sql<Date>`max(r.at)`.as('last'))
              .whereRef('r.briefing_id', '=', 'p.briefing_id')
              .whereRef('r.user_id', '=', 'p.user_id')
              .as('last_reminder'),
        ])
        .where('p.briefing_id', '=', row.id)
        .orderBy('p.agency')
        .orderBy('p.name')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        agency: currentAgencyName(ctx.partnership, r.agency),
        delivery: deliveryStateOf(r.status ?? 'pending', r.attempts ?? 0),
        acknowledgedAt: toIso(r.acknowledged_at),
        lastReminderAt: toIso(r.last_reminder),
      }));
    },
  };
}

export type BriefingProgressViews = ReturnType<typeof briefingProgressViews>;

import {
  briefingKindTitle,
  isNewsletter,
  londonDate,
  recommendationsOf,
  type BriefingContent,
  type AgencyBriefingStatus,
  type BriefingKind,
  type BriefingNote,
  type BriefingRecipientStatus,
  type BriefingStatus,
  type BriefingSummary,
  type CascadeInput,
  type CascadeMethod,
  type DeliveryState,
  type ImpactInput,
  type LeadBriefing,
  type LeadBriefingSummary,
  type NewsletterBriefing,
  type Partnership,
  isUuid,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import { executorFor } from '../platform/db/database';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';
import { auditLog } from '../platform/db/repositories';
import { nextReference } from '../records/references';
import { resumeCascade } from './cascade';

/** Resolves a briefing's recipients and decides its messages (bot/src/briefings/cascade.ts). */
export const PREPARE_CASCADE_QUEUE = 'briefing-prepare-cascade';

export interface Actor {
  id: string;
  displayName: string;
}

const toIso = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : new Date(d).toISOString();

/** A concurrent send of the same newsletter took the reference first: start again. */
class NewsletterRace extends Error {}

/** What sending a quarter's newsletter as a briefing came to. */
export type NewsletterSendResult =
  /** This press sent it (or finished a send interrupted before it was requested). */
  | { outcome: 'sent'; status: BriefingStatus }
  /** That version was sent already: the same briefing, nothing sent again. */
  | { outcome: 'already-sent'; status: BriefingStatus }
  /** Another version of the quarter's newsletter was sent already. */
  | { outcome: 'other-version-sent'; status: BriefingStatus; version: number };

/** A graph side effect still pending after every attempt pg-boss allows (8 retries). */
const GAVE_UP_AFTER_ATTEMPTS = 9;

function deliveryStateOf(status: string, attempts: number): DeliveryState {
  if (status === 'done') return 'sent';
  return attempts >= GAVE_UP_AFTER_ATTEMPTS ? 'failed' : 'queued';
}

/** What cancelling a send came to. */
export type CancelResult =
  | { outcome: 'cancelled'; status: BriefingStatus }
  /** The window has passed or the cascade is decided: it is being sent. */
  | { outcome: 'too-late'; status: BriefingStatus };

export function briefingStore(deps: {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue'> & Partial<Pick<JobQueue, 'wake' | 'ensure'>>;
  partnership: Partnership;
  /** Seconds after a send is requested before the cascade starts, during which it can be cancelled. */
  undoSeconds: number;
}) {
  const { db, partnership, undoSeconds } = deps;
  /** The end of a requested send's undo window. */
  const windowEnd = (requestedAt: Date) => new Date(requestedAt.getTime() + undoSeconds * 1000);
  const pid = partnership.id;

  async function briefingRow(id: string) {
    if (!isUuid(id)) return undefined;
    return db
      .selectFrom('briefings')
      .selectAll()
      .where('partnership_id', '=', pid)
      .where('id', '=', id)
      .executeTakeFirst();
  }
  type Row = NonNullable<Awaited<ReturnType<typeof briefingRow>>>;

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

  function summary(row: Row, msgs: Awaited<ReturnType<typeof messages>>, agencies: number) {
    const mine = msgs.filter((m) => m.briefing_id === row.id);
    const allSent = row.prepared_at !== null && mine.every((m) => m.status === 'done');
    const status: BriefingSummary['status'] =
      row.status === 'draft' ? 'draft' : allSent ? 'sent' : 'sending';
    const sentAt =
      status === 'sent'
        ? toIso(
            mine
              .map((m) => m.completed_at)
              .filter((d): d is Date => d !== null)
              .sort((a, b) => new Date(b).getTime() - new Date(a).getTime())[0] ?? row.prepared_at,
          )
        : null;
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      kind: row.kind as BriefingKind,
      theme: row.theme,
      status,
      createdAt: toIso(row.created_at)!,
      cancellableUntil:
        row.status === 'sending' &&
        row.prepared_at === null &&
        row.send_requested_at !== null &&
        windowEnd(new Date(row.send_requested_at)).getTime() > Date.now()
          ? windowEnd(new Date(row.send_requested_at)).toISOString()
          : null,
      sentAt,
      agencies,
      recipients: mine.reduce((sum, m) => sum + m.recipients, 0),
    } satisfies BriefingSummary;
  }

  async function statusOf(row: Row): Promise<BriefingStatus> {
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
    const agencyNames = [...new Set(recipients.map((r) => r.agency))];
    const delivery: Record<DeliveryState, number> = { queued: 0, sent: 0, failed: 0 };
    for (const r of recipients) delivery[chunkState.get(r.chunk) ?? 'queued'] += 1;
    const agencyStatus: AgencyBriefingStatus[] = agencyNames.map((agency) => {
      const leads = recipients.filter((r) => r.agency === agency);
      const agencyAcks = acks.filter((a) => a.agency === agency);
      const agencyCascades = cascades.filter((c) => c.agency === agency);
      return {
        agency,
        leads: leads.length,
        delivered: leads.filter((l) => chunkState.get(l.chunk) === 'sent').length,
        acknowledged: agencyAcks.length,
        firstAcknowledgedAt: toIso(
          agencyAcks.map((a) => new Date(a.at)).sort((a, b) => a.getTime() - b.getTime())[0],
        ),
        cascades: agencyCascades.map((c) => ({
          method: c.method as CascadeMethod,
          on: c.on_date,
          staffReached: c.staff_reached,
        })),
        staffReached: agencyCascades.reduce((sum, c) => sum + c.staff_reached, 0),
        impactReportedOn: [
          ...new Set(impact.filter((i) => i.agency === agency).map((i) => i.recommendation)),
        ].sort((a, b) => a - b),
        lastReminderAt: toIso(reminders.find((r) => r.agency === agency)?.last),
      };
    });
    return {
      ...summary(row, msgs, agencyNames.length),
      note,
      recommendations: recommendationsOf(note),
      delivery,
      messages: { total: msgs.length, sent: msgs.filter((m) => m.status === 'done').length },
      agencyStatus,
    };
  }

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

  async function leadView(row: Row, userId: string, agency: string): Promise<LeadBriefing> {
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
      agency,
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

  /** Runs a lead's action if they were sent the briefing; undefined (404) otherwise. */
  async function asRecipient(
    briefingId: string,
    lead: Actor,
    act: (trx: Kysely<Tables>, row: Row, agency: string) => Promise<void>,
  ): Promise<LeadBriefing | undefined> {
    const row = await briefingRow(briefingId);
    if (!row) return undefined;
    const recipient = await recipientOf(row.id, lead.id);
    if (!recipient) return undefined;
    await db.transaction().execute((trx) => act(trx, row, recipient.agency));
    return leadView(row, lead.id, recipient.agency);
  }

  /**
   * Starts the cascade once; asking again changes nothing. `requested`: this call started it.
   * Undefined: no such briefing.
   */
  async function requestSendOnce(
    id: string,
    sender: Actor,
    now: Date,
  ): Promise<{ status: BriefingStatus; requested: boolean } | undefined> {
    if (!(await briefingRow(id))) return undefined;
    const requested = await db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('briefings')
        .select(['id', 'status', 'reference'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.status !== 'draft') return false;
      await trx
        .updateTable('briefings')
        .set({ status: 'sending', send_requested_at: now, send_requested_by_id: sender.id })
        .where('id', '=', id)
        .execute();
      // The cascade starts after the undo window; the job names the request it belongs to,
      // so a send cancelled and requested again is started by the second request's job only.
      await deps.jobs.enqueue(
        executorFor(trx),
        PREPARE_CASCADE_QUEUE,
        { briefingId: id, requestedAt: now.toISOString() },
        { startAfterSeconds: undoSeconds },
      );
      await auditLog(trx).record({
        partnershipId: pid,
        actorId: sender.id,
        action: 'briefing.send-requested',
        subjectType: 'briefing',
        subjectId: id,
        detail: { reference: locked.reference },
      });
      return true;
    });
    // Committed: with no undo window, this instance's worker starts now rather than at its next poll.
    if (requested && undoSeconds === 0) deps.jobs.wake?.(PREPARE_CASCADE_QUEUE);
    // Pressed again while it is still sending: start again any part that has stalled.
    const { ensure, wake } = deps.jobs;
    if (!requested && ensure && wake)
      await resumeCascade(db, { ensure, wake }, { id, queue: PREPARE_CASCADE_QUEUE });
    return { status: await statusOf((await briefingRow(id))!), requested };
  }

  /**
   * The quarter's newsletter as a briefing: found (at most one per quarter: the database's
   * unique constraint), or made now as a draft in the same transaction that takes its
   * reference. A draft left by an interrupted send takes the version asked for.
   */
  async function newsletterBriefing(
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
          } else if (found.status === 'draft' && found.newsletter_version !== version) {
            // Never sent, so nobody has read it: it may still change (once sent it never does).
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
  }

  return {
    /**
     * Sends a saved version of a quarter's newsletter as a briefing of kind 'newsletter', to
     * the same leads through the same cascade as a briefing note. A quarter's newsletter is
     * sent once: pressing again, or twice at once, sends nothing more.
     */
    async sendNewsletter(
      newsletter: NewsletterBriefing,
      sender: Actor,
      now: Date,
    ): Promise<NewsletterSendResult> {
      const found = await newsletterBriefing(newsletter, sender, now);
      if (found.version !== newsletter.source.version) {
        return {
          outcome: 'other-version-sent',
          status: await statusOf((await briefingRow(found.id))!),
          version: found.version,
        };
      }
      const { status, requested } = (await requestSendOnce(found.id, sender, now))!;
      return { outcome: requested ? 'sent' : 'already-sent', status };
    },

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
      return statusOf(row);
    },

    /** Starts the cascade once; asking again changes nothing. Undefined: no such briefing. */
    async requestSend(id: string, sender: Actor, now: Date): Promise<BriefingStatus | undefined> {
      return (await requestSendOnce(id, sender, now))?.status;
    },

    /**
     * Cancels a requested send within its undo window: the briefing is a draft again and the
     * scheduled cascade finds nothing to do. Undefined: no such briefing.
     */
    async cancelSend(id: string, by: Actor, now: Date): Promise<CancelResult | undefined> {
      if (!(await briefingRow(id))) return undefined;
      const cancelled = await db.transaction().execute(async (trx) => {
        // The cascade job takes the same lock before deciding: one of the two wins.
        const locked = await trx
          .selectFrom('briefings')
          .select(['status', 'prepared_at', 'send_requested_at', 'reference'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (locked.status !== 'sending' || locked.prepared_at !== null) return false;
        if (!locked.send_requested_at || windowEnd(new Date(locked.send_requested_at)) <= now)
          return false;
        await trx
          .updateTable('briefings')
          .set({ status: 'draft', send_requested_at: null, send_requested_by_id: null })
          .where('id', '=', id)
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: by.id,
          action: 'briefing.send-cancelled',
          subjectType: 'briefing',
          subjectId: id,
          detail: { reference: locked.reference },
        });
        return true;
      });
      const status = await statusOf((await briefingRow(id))!);
      return { outcome: cancelled ? 'cancelled' : 'too-late', status };
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
      const agencies = rows.length
        ? await db
            .selectFrom('briefing_recipients')
            .select(['briefing_id', sql<number>`count(distinct agency)::int`.as('n')])
            .where(
              'briefing_id',
              'in',
              rows.map((r) => r.id),
            )
            .groupBy('briefing_id')
            .execute()
        : [];
      return rows.map((r) =>
        summary(r, msgs, agencies.find((a) => a.briefing_id === r.id)?.n ?? 0),
      );
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
        agency: r.agency,
        delivery: deliveryStateOf(r.status ?? 'pending', r.attempts ?? 0),
        acknowledgedAt: toIso(r.acknowledged_at),
        lastReminderAt: toIso(r.last_reminder),
      }));
    },

    async status(id: string): Promise<BriefingStatus | undefined> {
      const row = await briefingRow(id);
      return row ? statusOf(row) : undefined;
    },

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
            agency: r.agency,
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

    acknowledge: (id: string, lead: Actor, now: Date) =>
      asRecipient(id, lead, async (trx, row, agency) => {
        const inserted = await trx
          .insertInto('briefing_acknowledgements')
          .values({
            briefing_id: row.id,
            user_id: lead.id,
            agency,
            name: lead.displayName,
            at: now,
          })
          .onConflict((oc) => oc.columns(['briefing_id', 'user_id']).doNothing())
          .returning('user_id')
          .executeTakeFirst();
        if (inserted)
          await auditLog(trx).record({
            partnershipId: pid,
            actorId: lead.id,
            action: 'briefing.acknowledged',
            subjectType: 'briefing',
            subjectId: row.id,
            detail: { agency },
          });
      }),

    addCascade: (id: string, lead: Actor, input: CascadeInput, now: Date) =>
      asRecipient(id, lead, async (trx, row, agency) => {
        await trx
          .insertInto('briefing_cascades')
          .values({
            briefing_id: row.id,
            agency,
            method: input.method,
            on_date: input.on,
            staff_reached: input.staffReached,
            note: input.note ?? null,
            recorded_by_id: lead.id,
            recorded_by_name: lead.displayName,
            recorded_at: now,
          })
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: lead.id,
          action: 'briefing.cascade-recorded',
          subjectType: 'briefing',
          subjectId: row.id,
          detail: { agency, method: input.method, staffReached: input.staffReached },
        });
      }),

    addImpact: (id: string, lead: Actor, input: ImpactInput, now: Date) =>
      asRecipient(id, lead, async (trx, row, agency) => {
        await trx
          .insertInto('briefing_impact_reports')
          .values({
            briefing_id: row.id,
            agency,
            recommendation: input.recommendation,
            change: input.change,
            impact: input.impact,
            recorded_by_id: lead.id,
            recorded_by_name: lead.displayName,
            recorded_at: now,
          })
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: lead.id,
          action: 'briefing.impact-reported',
          subjectType: 'briefing',
          subjectId: row.id,
          detail: { agency, recommendation: input.recommendation },
        });
      }),

    /** How many recommendations a briefing has (for checking an impact report). */
    async recommendationCount(id: string): Promise<number | undefined> {
      const row = await briefingRow(id);
      return row ? recommendationsOf(row.note as BriefingContent).length : undefined;
    },

    today: (now: Date) => londonDate(now),
  };
}

export type BriefingStore = ReturnType<typeof briefingStore>;

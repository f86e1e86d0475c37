import {
  ACTIVITY_KINDS,
  formatLongDate,
  INVITATION_RESPONSES,
  NOMINATION_HEADER,
  type ActiveLearningDetail,
  type ActiveLearningStatus,
  type ActiveLearningSummary,
  type AgencyInvitation,
  type Partnership,
  type Person,
  type RecordType,
} from '@pathways/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import { executorFor } from '../platform/db/database';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { lockQueueItem } from '../records/queue-items';
import { addHistoryLine } from '../records/record-history';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { OrganisationPerson } from './organisation-directory';
import { engineRoomInvitationsOf } from '../records/engine-room-invitations';

/** One queue for the cards Active Learning sends to people's chats. */
export const ACTIVE_LEARNING_CARDS_QUEUE = 'active-learning-cards';

export type CardJob =
  | { kind: 'nomination'; leadRowId: string; round: number }
  | { kind: 'invitation'; invitationId: string };

const STATUS_TEXT: Record<ActiveLearningStatus, string> = {
  inviting: 'Collecting nominations',
  'meeting-requested': 'Meeting being arranged',
  'meeting-created': 'Meeting arranged',
  held: 'Held: attendance recorded',
};

const kindTitle = (kind: string) => ACTIVITY_KINDS.find((k) => k.value === kind)?.title ?? kind;

type SetRow = Selectable<Tables['active_learning_sets']>;

export interface NewSet {
  recordType: RecordType;
  recordId: string;
  activityId: string | undefined;
  theme: string;
  kind: string;
  description: string;
  plannedFrom: string;
  plannedTo: string;
  nominationsBy: string;
  /** Every invited agency, with its leads from the directory (none: nobody can be asked). */
  agencies: { agency: string; leads: OrganisationPerson[] }[];
}

/** What the mail side effects need: the mailbox, and the words. */
export interface Mailer {
  mailbox: string | undefined;
  partnership: Partnership;
  tabUrl: string;
  /** The Outlook add-in's task pane for one set's request, for a link in the email. */
  nominationLink?: (setId: string) => string;
}

function invitationMail(set: SetRow, mailer: Mailer, agency: string, reminder: boolean) {
  const what = `${kindTitle(set.kind)} on ${set.theme}`;
  const lines = [
    reminder
      ? `Reminder: the Business Unit has not yet had ${agency}\u2019s nominations for Active Learning.`
      : `${mailer.partnership.shortName} is holding Active Learning and asks ${agency} to nominate representatives.`,
    '',
    `Activity: ${what}`,
    `Planned: ${formatLongDate(set.planned_from)} to ${formatLongDate(set.planned_to)}`,
    `Nominations by: ${formatLongDate(set.nominations_by)}`,
    '',
    set.description,
    '',
    'Nominate in Teams: the card from Pathways in your chat lists the people in your organisation.',
    'Or nominate in Outlook: with this email open, select Pathways on the ribbon or in the Apps menu.',
  ];
  const link = mailer.nominationLink?.(set.id);
  const escape = (t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = `<html><body style="font-family: Arial, sans-serif; font-size: 11pt; color: #000">
<h1 style="font-size: 14pt; color: ${mailer.partnership.brand.primaryColour}">Active Learning: ${escape(what)}</h1>
${lines
  .filter((l) => l !== '')
  .map((l) => `<p>${escape(l)}</p>`)
  .join('\n')}
${link ? `<p><a href="${escape(link).replace(/"/g, '&quot;')}">Nominate in Pathways</a></p>\n` : ''}</body></html>`;
  return {
    subject: `${reminder ? 'Reminder: ' : ''}Active Learning: please nominate representatives (${set.theme})`,
    html,
  };
}

/** What a change tells the audit log (the partnership is the store's). */
interface AuditLine {
  by: Person;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, string | number>;
}

export function activeLearningStore(
  db: Kysely<Tables>,
  jobs: Pick<JobQueue, 'enqueue'>,
  partnership: Partnership,
) {
  /** Asks one lead: the card (a job) and, when there is a mailbox, an email (a Graph side effect). */
  async function ask(
    trx: Kysely<Tables>,
    set: SetRow,
    lead: { id: string; agency: string; lead_mail: string | null; lead_name: string },
    round: number,
    mailer: Mailer,
  ) {
    const job: CardJob = { kind: 'nomination', leadRowId: lead.id, round };
    await jobs.enqueue(executorFor(trx), ACTIVE_LEARNING_CARDS_QUEUE, job);
    if (mailer.mailbox && lead.lead_mail) {
      const mail = invitationMail(set, mailer, lead.agency, round > 0);
      await enqueueGraphSideEffect(trx, jobs as JobQueue, {
        partnershipId: partnership.id,
        key: `active-learning:${set.id}:lead:${lead.id}:round:${round}`,
        kind: 'mail.send',
        mail: {
          from: mailer.mailbox,
          key: `active-learning:${set.id}:lead:${lead.id}:round:${round}`,
          subject: mail.subject,
          body: { contentType: 'html', content: mail.html },
          to: [{ address: lead.lead_mail, name: lead.lead_name }],
          // The Outlook add-in, opened on this email, recognises the request by it.
          headers: [{ name: NOMINATION_HEADER, value: set.id }],
        },
      });
    }
  }

  /**
   * One use-case's change, all or nothing. `lock` reads the row the change is about (locking
   * it, so two people pressing at once change it once); with no row the answer is `missing`.
   * `rule` checks the row's state and writes; `audit` adds its audit line to the same
   * transaction.
   */
  function change<Row, Missing, Result>(
    lock: (trx: Kysely<Tables>) => Promise<Row | undefined>,
    missing: Missing,
    rule: (
      row: Row,
      trx: Kysely<Tables>,
      audit: (line: AuditLine) => Promise<void>,
    ) => Promise<Result>,
  ): Promise<Missing | Result> {
    return db.transaction().execute(async (trx) => {
      const row = await lock(trx);
      if (!row) return missing;
      return rule(row, trx, ({ by, ...line }) =>
        auditLog(trx).record({ partnershipId: partnership.id, actorId: by.aadObjectId, ...line }),
      );
    });
  }

  /** The set, locked. */
  const theSet = (setId: string) => (trx: Kysely<Tables>) =>
    trx
      .selectFrom('active_learning_sets')
      .selectAll()
      .where('partnership_id', '=', partnership.id)
      .where('id', '=', setId)
      .forUpdate()
      .executeTakeFirst();

  /** The Engine Room record (its line in the queue), locked. */
  const theRecord = (type: string, id: string) => (trx: Kysely<Tables>) =>
    lockQueueItem(trx, partnership.id, type, id);

  /** The invitation to attend the Engine Room, locked. */
  const theInvitation = (invitationId: string) => (trx: Kysely<Tables>) =>
    trx
      .selectFrom('engine_room_invitations')
      .selectAll()
      .where('partnership_id', '=', partnership.id)
      .where('id', '=', invitationId)
      .forUpdate()
      .executeTakeFirst();

  /** The lead's invitation to nominate for the set, with the set's state (read, not locked). */
  const theLeadsInvitation = (setId: string, leadId: string) => (trx: Kysely<Tables>) =>
    trx
      .selectFrom('active_learning_leads as l')
      .innerJoin('active_learning_sets as s', 's.id', 'l.set_id')
      .select(['l.agency', 's.status', 's.record_type', 's.record_id'])
      .where('s.partnership_id', '=', partnership.id)
      .where('l.set_id', '=', setId)
      .where('l.lead_id', '=', leadId)
      .executeTakeFirst();

  async function summaryOf(row: SetRow): Promise<ActiveLearningSummary> {
    const [agencies, item] = await Promise.all([
      db
        .selectFrom('active_learning_agencies')
        .select(['status'])
        .where('set_id', '=', row.id)
        .execute(),
      db
        .selectFrom('queue_items')
        .select('reference')
        .where('record_type', '=', row.record_type)
        .where('record_id', '=', row.record_id)
        .executeTakeFirst(),
    ]);
    const status = await currentStatus(row);
    return {
      id: row.id,
      theme: row.theme,
      kind: row.kind,
      kindTitle: kindTitle(row.kind),
      description: row.description,
      plannedFrom: row.planned_from,
      plannedTo: row.planned_to,
      nominationsBy: row.nominations_by,
      status,
      statusText: STATUS_TEXT[status],
      createdAt: row.created_at.toISOString(),
      plan: {
        recordType: row.record_type,
        recordId: row.record_id,
        reference: item?.reference ?? '',
        activityId: row.activity_id,
      },
      agenciesInvited: agencies.filter((a) => a.status !== 'no-lead').length,
      agenciesNominated: agencies.filter((a) => a.status === 'nominated').length,
    };
  }

  async function meetingEffect(row: SetRow) {
    if (!row.meeting_effect_id) return undefined;
    return db
      .selectFrom('graph_side_effects')
      .select(['status', 'result'])
      .where('id', '=', row.meeting_effect_id)
      .executeTakeFirst();
  }

  async function currentStatus(row: SetRow): Promise<ActiveLearningStatus> {
    if (row.status !== 'meeting-requested') return row.status as ActiveLearningStatus;
    const effect = await meetingEffect(row);
    return effect?.status === 'done' ? 'meeting-created' : 'meeting-requested';
  }

  async function getRow(id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    return db
      .selectFrom('active_learning_sets')
      .selectAll()
      .where('partnership_id', '=', partnership.id)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  return {
    getRow,

    async create(
      input: NewSet,
      by: Person,
      at: Date,
      mailer: Mailer,
    ): Promise<{ ok: true; id: string } | { ok: false; reason: 'no-record' | 'no-activity' }> {
      const record = theRecord(input.recordType, input.recordId);
      return change(record, { ok: false, reason: 'no-record' } as const, async (_, trx, audit) => {
        if (input.activityId) {
          const activity = await trx
            .selectFrom('record_activities')
            .select('id')
            .where('id', '=', input.activityId)
            .where('record_type', '=', input.recordType)
            .where('record_id', '=', input.recordId)
            .executeTakeFirst();
          if (!activity) return { ok: false, reason: 'no-activity' } as const;
        }
        const set = await trx
          .insertInto('active_learning_sets')
          .values({
            partnership_id: partnership.id,
            record_type: input.recordType,
            record_id: input.recordId,
            activity_id: input.activityId ?? null,
            theme: input.theme,
            kind: input.kind,
            description: input.description,
            planned_from: input.plannedFrom,
            planned_to: input.plannedTo,
            nominations_by: input.nominationsBy,
            created_by_id: by.aadObjectId,
            created_by_name: by.name,
            created_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        let asked = 0;
        for (const { agency, leads } of input.agencies) {
          await trx
            .insertInto('active_learning_agencies')
            .values({ set_id: set.id, agency, status: leads.length > 0 ? 'invited' : 'no-lead' })
            .execute();
          for (const lead of leads) {
            const row = await trx
              .insertInto('active_learning_leads')
              .values({
                set_id: set.id,
                agency,
                lead_id: lead.id,
                lead_name: lead.name,
                lead_mail: lead.mail ?? null,
              })
              // A person who leads for two agencies is asked once, for the first.
              .onConflict((oc) => oc.columns(['set_id', 'lead_id']).doNothing())
              .returningAll()
              .executeTakeFirst();
            if (row) await ask(trx, set, row, 0, mailer);
          }
          if (leads.length > 0) asked += 1;
        }
        await addHistoryLine(trx, {
          type: input.recordType,
          id: input.recordId,
          by,
          at,
          action: `planned Active Learning (${kindTitle(input.kind).toLowerCase()} on ${input.theme}) and asked ${asked} ${asked === 1 ? 'agency' : 'agencies'} to nominate representatives`,
        });
        await audit({
          by,
          action: 'active-learning.created',
          subjectType: 'active-learning',
          subjectId: set.id,
          detail: { agencies: input.agencies.length, asked },
        });
        return { ok: true, id: set.id } as const;
      });
    },

    async list(): Promise<ActiveLearningSummary[]> {
      const rows = await db
        .selectFrom('active_learning_sets')
        .selectAll()
        .where('partnership_id', '=', partnership.id)
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
      return Promise.all(rows.map(summaryOf));
    },

    async detail(id: string): Promise<ActiveLearningDetail | undefined> {
      const row = await getRow(id);
      if (!row) return undefined;
      const [summary, agencies, leads, nominations, attendance, effect] = await Promise.all([
        summaryOf(row),
        db
          .selectFrom('active_learning_agencies')
          .selectAll()
          .where('set_id', '=', id)
          .orderBy('agency')
          .execute(),
        db
          .selectFrom('active_learning_leads')
          .select(['agency', 'lead_name'])
          .where('set_id', '=', id)
          .orderBy('lead_name')
          .execute(),
        db
          .selectFrom('active_learning_nominations')
          .selectAll()
          .where('set_id', '=', id)
          .orderBy('nominated_at')
          .orderBy('person_name')
          .execute(),
        db.selectFrom('active_learning_attendance').selectAll().where('set_id', '=', id).execute(),
        meetingEffect(row),
      ]);
      const attended = new Map(attendance.map((a) => [a.nomination_id, a.attended]));
      const result = (effect?.result ?? {}) as { joinUrl?: string | null };
      return {
        ...summary,
        agencies: agencies.map((a): AgencyInvitation => ({
          agency: a.agency,
          status: a.status as AgencyInvitation['status'],
          leads: leads.filter((l) => l.agency === a.agency).map((l) => l.lead_name),
          lastChasedAt: a.last_chased_at?.toISOString() ?? null,
          chases: a.chases,
          nominations: nominations
            .filter((n) => n.agency === a.agency)
            .map((n) => ({
              id: n.id,
              agency: n.agency,
              personId: n.person_id,
              name: n.person_name,
              nominatedBy: n.nominated_by_name,
              nominatedAt: n.nominated_at.toISOString(),
              attended: attended.get(n.id) ?? null,
            })),
        })),
        meeting:
          row.meeting_start && row.meeting_end
            ? {
                start: row.meeting_start.toISOString(),
                end: row.meeting_end.toISOString(),
                state: effect?.status === 'done' ? 'created' : 'requested',
                joinUrl: result.joinUrl ?? null,
                attendanceRecorded: row.attendance_recorded_at !== null,
              }
            : null,
      };
    },

    /** The sets a lead is asked about (open ones), with their agency and what they nominated. */
    async requestsFor(leadId: string, setId?: string) {
      let q = db
        .selectFrom('active_learning_leads as l')
        .innerJoin('active_learning_sets as s', 's.id', 'l.set_id')
        .selectAll('s')
        .select(['l.agency as lead_agency', 'l.id as lead_row_id'])
        .where('s.partnership_id', '=', partnership.id)
        .where('l.lead_id', '=', leadId);
      if (setId) q = q.where('s.id', '=', setId);
      const rows = await q.orderBy('s.created_at', 'desc').limit(100).execute();
      return Promise.all(
        rows.map(async (r) => ({
          set: r as SetRow,
          agency: r.lead_agency,
          leadRowId: r.lead_row_id,
          nominated: (
            await db
              .selectFrom('active_learning_nominations')
              .select(['person_id', 'person_name'])
              .where('set_id', '=', r.id)
              .where('agency', '=', r.lead_agency)
              .orderBy('nominated_at')
              .execute()
          ).map((n) => ({ personId: n.person_id, name: n.person_name })),
        })),
      );
    },

    /** The agencies a lead has been asked to nominate for (their own organisation, as asked). */
    async agenciesAskedOf(leadId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('active_learning_leads as l')
        .innerJoin('active_learning_sets as s', 's.id', 'l.set_id')
        .select('l.agency')
        .distinct()
        .where('s.partnership_id', '=', partnership.id)
        .where('l.lead_id', '=', leadId)
        .execute();
      return rows.map((r) => r.agency);
    },

    async leadRow(leadRowId: string) {
      return db
        .selectFrom('active_learning_leads')
        .selectAll()
        .where('id', '=', leadRowId)
        .executeTakeFirst();
    },

    async markCardSent(
      leadRowId: string,
      round: number,
      posted: { conversationId: string; activityId: string },
    ) {
      await db
        .updateTable('active_learning_leads')
        .set({
          cards_sent: round + 1,
          card_conversation_id: posted.conversationId,
          card_activity_id: posted.activityId,
        })
        .where('id', '=', leadRowId)
        .where('cards_sent', '=', round)
        .execute();
    },

    /** A lead's nominations: added (never replacing earlier ones); the agency counts as nominated. */
    async nominate(
      setId: string,
      lead: Person,
      nominees: OrganisationPerson[],
      note: string | undefined,
      at: Date,
    ): Promise<'done' | 'not-invited' | 'closed'> {
      const invitation = theLeadsInvitation(setId, lead.aadObjectId);
      return change(invitation, 'not-invited' as const, async (row, trx, audit) => {
        if (row.status === 'held') return 'closed' as const;
        for (const person of nominees) {
          await trx
            .insertInto('active_learning_nominations')
            .values({
              set_id: setId,
              agency: row.agency,
              person_id: person.id,
              person_name: person.name,
              person_mail: person.mail ?? null,
              nominated_by_id: lead.aadObjectId,
              nominated_by_name: lead.name,
              nominated_at: at,
              note: note ?? null,
            })
            .onConflict((oc) => oc.columns(['set_id', 'person_id']).doNothing())
            .execute();
        }
        await trx
          .updateTable('active_learning_agencies')
          .set({ status: 'nominated' })
          .where('set_id', '=', setId)
          .where('agency', '=', row.agency)
          .execute();
        await audit({
          by: lead,
          action: 'active-learning.nominated',
          subjectType: 'active-learning',
          subjectId: setId,
          detail: { agency: row.agency, nominees: nominees.length },
        });
        return 'done' as const;
      });
    },

    /**
     * Chases agencies that have not nominated: each at most once per `intervalHours`
     * (the update's condition decides, so two Business Unit officers pressing at once
     * chase once).
     */
    async chase(setId: string, by: Person, at: Date, intervalHours: number, mailer: Mailer) {
      return change(theSet(setId), undefined, async (set, trx, audit) => {
        const agencies = await trx
          .selectFrom('active_learning_agencies')
          .selectAll()
          .where('set_id', '=', setId)
          .orderBy('agency')
          .execute();
        const chased: string[] = [];
        const notChased: { agency: string; reason: string }[] = [];
        const since = new Date(at.getTime() - intervalHours * 3_600_000);
        for (const a of agencies) {
          if (a.status === 'nominated') {
            notChased.push({ agency: a.agency, reason: 'has nominated' });
            continue;
          }
          if (a.status === 'no-lead') {
            notChased.push({ agency: a.agency, reason: 'has no lead in the directory' });
            continue;
          }
          const claimed = await trx
            .updateTable('active_learning_agencies')
            .set({ last_chased_at: at, chases: sql<number>`chases + 1` })
            .where('set_id', '=', setId)
            .where('agency', '=', a.agency)
            .where('status', '=', 'invited')
            .where((eb) =>
              eb.or([eb('last_chased_at', 'is', null), eb('last_chased_at', '<=', since)]),
            )
            .returning(['chases'])
            .executeTakeFirst();
          if (!claimed) {
            notChased.push({
              agency: a.agency,
              reason: `was chased less than ${intervalHours} hours ago`,
            });
            continue;
          }
          const leads = await trx
            .selectFrom('active_learning_leads')
            .selectAll()
            .where('set_id', '=', setId)
            .where('agency', '=', a.agency)
            .execute();
          for (const lead of leads) await ask(trx, set, lead, claimed.chases, mailer);
          chased.push(a.agency);
        }
        if (chased.length > 0)
          await audit({
            by,
            action: 'active-learning.chased',
            subjectType: 'active-learning',
            subjectId: setId,
            detail: { agencies: chased.length },
          });
        return { chased, notChased };
      });
    },

    /** Who the meeting is for: every nominee with a mailbox. */
    async nominees(setId: string) {
      return db
        .selectFrom('active_learning_nominations')
        .select(['id', 'person_id', 'person_name', 'person_mail'])
        .where('set_id', '=', setId)
        .orderBy('person_name')
        .execute();
    },

    /** Asks for the Teams meeting once (the calendar side effect has its own transactionId). */
    async requestMeeting(
      setId: string,
      slot: { start: Date; end: Date },
      by: Person & { mail?: string | undefined },
      at: Date,
      mailbox: string,
    ): Promise<'done' | 'not-found' | 'already-arranged' | 'no-nominees'> {
      return change(theSet(setId), 'not-found' as const, async (set, trx, audit) => {
        if (set.status !== 'inviting') return 'already-arranged' as const;
        const people = await trx
          .selectFrom('active_learning_nominations')
          .select(['person_name', 'person_mail'])
          .where('set_id', '=', setId)
          .execute();
        const attendees = people.flatMap((p) =>
          p.person_mail
            ? [{ address: p.person_mail, name: p.person_name, type: 'required' as const }]
            : [],
        );
        if (attendees.length === 0) return 'no-nominees' as const;
        if (by.mail && !attendees.some((a) => a.address.toLowerCase() === by.mail!.toLowerCase()))
          attendees.push({ address: by.mail, name: by.name, type: 'required' });
        const utc = (d: Date) => ({
          dateTime: d.toISOString().replace(/\.\d+Z$/, ''),
          timeZone: 'UTC',
        });
        const { effectId } = await enqueueGraphSideEffect(trx, jobs as JobQueue, {
          partnershipId: partnership.id,
          key: `active-learning:${setId}:meeting`,
          kind: 'calendar.createEvent',
          mailbox,
          event: {
            subject: `Active Learning: ${kindTitle(set.kind)} on ${set.theme}`,
            body: {
              contentType: 'text',
              content: `${set.description}\n\nFace to face is preferred; join online with the Teams link if you cannot be there.`,
            },
            start: utc(slot.start),
            end: utc(slot.end),
            attendees,
            isOnlineMeeting: true,
          },
        });
        await trx
          .updateTable('active_learning_sets')
          .set({
            status: 'meeting-requested',
            meeting_start: slot.start,
            meeting_end: slot.end,
            meeting_effect_id: effectId,
          })
          .where('id', '=', setId)
          .execute();
        await audit({
          by,
          action: 'active-learning.meeting-requested',
          subjectType: 'active-learning',
          subjectId: setId,
          detail: { attendees: attendees.length },
        });
        return 'done' as const;
      });
    },

    /** Attendance, once, after the meeting: every nominee is recorded as there or not. */
    async recordAttendance(
      setId: string,
      attendedIds: string[],
      by: Person,
      at: Date,
    ): Promise<'done' | 'not-found' | 'no-meeting' | 'already-recorded' | 'unknown-nominee'> {
      return change(theSet(setId), 'not-found' as const, async (set, trx, audit) => {
        if (!set.meeting_start) return 'no-meeting' as const;
        if (set.attendance_recorded_at) return 'already-recorded' as const;
        const nominations = await trx
          .selectFrom('active_learning_nominations')
          .select('id')
          .where('set_id', '=', setId)
          .execute();
        const ids = new Set(nominations.map((n) => n.id));
        if (attendedIds.some((id) => !ids.has(id))) return 'unknown-nominee' as const;
        for (const n of nominations) {
          await trx
            .insertInto('active_learning_attendance')
            .values({
              nomination_id: n.id,
              set_id: setId,
              attended: attendedIds.includes(n.id),
              recorded_by_id: by.aadObjectId,
              recorded_at: at,
            })
            .execute();
        }
        await trx
          .updateTable('active_learning_sets')
          .set({ status: 'held', attendance_recorded_at: at })
          .where('id', '=', setId)
          .execute();
        await audit({
          by,
          action: 'active-learning.attendance-recorded',
          subjectType: 'active-learning',
          subjectId: setId,
          detail: { attended: attendedIds.length, nominated: nominations.length },
        });
        return 'done' as const;
      });
    },

    // Engine Room invitations ------------------------------------------------

    async invite(
      type: RecordType,
      id: string,
      invitation: {
        agency: string;
        person: OrganisationPerson;
        meetingDate: string;
        note: string | undefined;
      },
      by: Person,
      at: Date,
    ): Promise<'done' | 'not-found'> {
      return change(theRecord(type, id), 'not-found' as const, async (_, trx, audit) => {
        const row = await trx
          .insertInto('engine_room_invitations')
          .values({
            partnership_id: partnership.id,
            record_type: type,
            record_id: id,
            agency: invitation.agency,
            person_id: invitation.person.id,
            person_name: invitation.person.name,
            meeting_date: invitation.meetingDate,
            note: invitation.note ?? null,
            invited_by_id: by.aadObjectId,
            invited_by_name: by.name,
            invited_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const job: CardJob = { kind: 'invitation', invitationId: row.id };
        await jobs.enqueue(executorFor(trx), ACTIVE_LEARNING_CARDS_QUEUE, job);
        await addHistoryLine(trx, {
          type,
          id,
          by,
          at,
          action: `invited ${invitation.person.name} (${invitation.agency}) to attend the Engine Room on ${formatLongDate(invitation.meetingDate)}`,
        });
        await audit({
          by,
          action: `${type}.engine-room.invitation`,
          subjectType: type,
          subjectId: id,
        });
        return 'done' as const;
      });
    },

    async invitationRow(invitationId: string) {
      if (!/^[0-9a-f-]{36}$/i.test(invitationId)) return undefined;
      return db
        .selectFrom('engine_room_invitations as i')
        .innerJoin('queue_items as q', (j) =>
          j.onRef('q.record_type', '=', 'i.record_type').onRef('q.record_id', '=', 'i.record_id'),
        )
        .selectAll('i')
        .select(['q.reference', 'q.title'])
        .where('i.partnership_id', '=', partnership.id)
        .where('i.id', '=', invitationId)
        .executeTakeFirst();
    },

    async markInvitationSent(
      invitationId: string,
      posted: { conversationId: string; activityId: string },
    ) {
      await db
        .updateTable('engine_room_invitations')
        .set({ card_conversation_id: posted.conversationId, card_activity_id: posted.activityId })
        .where('id', '=', invitationId)
        .where('card_activity_id', 'is', null)
        .execute();
    },

    /** The invited person's answer, once; it joins the record's history. */
    async answer(
      invitationId: string,
      person: Person,
      answer: { response: string; note: string | undefined },
      at: Date,
    ): Promise<'done' | 'not-found' | 'not-theirs' | 'already-answered'> {
      return change(theInvitation(invitationId), 'not-found' as const, async (row, trx, audit) => {
        if (row.person_id !== person.aadObjectId) return 'not-theirs' as const;
        if (row.status !== 'invited') return 'already-answered' as const;
        const status = answer.response === 'accept' ? 'accepted' : 'declined';
        await trx
          .updateTable('engine_room_invitations')
          .set({ status, answer_note: answer.note ?? null, answered_at: at })
          .where('id', '=', invitationId)
          .execute();
        const said = status === 'accepted' ? 'will attend' : 'cannot attend';
        await addHistoryLine(trx, {
          type: row.record_type,
          id: row.record_id,
          by: person,
          at,
          action: `answered the invitation to the Engine Room on ${formatLongDate(row.meeting_date)}: ${said}${answer.note ? ` (\u201c${answer.note}\u201d)` : ''}`,
        });
        await audit({
          by: person,
          action: `${row.record_type}.engine-room.invitation-${status}`,
          subjectType: row.record_type,
          subjectId: row.record_id,
        });
        return 'done' as const;
      });
    },

    invitationsOf: (type: RecordType, id: string) =>
      engineRoomInvitationsOf(db, partnership.id, type, id),
  };
}

export type ActiveLearningStore = ReturnType<typeof activeLearningStore>;

export const invitationResponseTitle = (value: string) =>
  INVITATION_RESPONSES.find((r) => r.value === value)?.title ?? value;

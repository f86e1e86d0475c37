import { loadPartnership, type Partnership } from '@pathways/core';
import { sql } from 'kysely';
import { verifyAuditChain } from '../platform/audit/audit-chain';
import type { Database } from '../platform/db/database';
import { openTestDatabase } from '../platform/db/test-database';
import { engineRoomStore } from '../engine-room/engine-room-store';
import { kloeStore } from '../kloe/kloe-store';
import { challengeStore } from '../serious-cases/challenge-store';
import { seriousCaseStore } from '../serious-cases/serious-case-store';
import { considerationValues } from '../serious-cases/test-fixtures';
import { activeLearningStore } from '../active-learning/active-learning-store';
import { briefingStore } from '../briefings/briefing-store';
import { checkBriefingReminders } from '../briefings/reminders';
import { catalogue, seededId, seedRow, type Catalogue } from '../test-support/seed-rows';
import { applyRetention, REMOVED, RETENTION_ACTOR } from './retention';

// The retention rules of a partnership, applied by the daily job to a real
// database: what is due is removed or deleted, what is not is untouched, and
// the audit trail says what was done without repeating what was removed.

let database: Database;
let cat: Catalogue;
const jobs = { enqueue: async () => 'job', wake: () => undefined };
const hsscp = loadPartnership('hsscp');
const pat = { aadObjectId: 'pat-0001', name: 'Pat Practitioner' };
let seq = 0;
const key = (what: string) => `${what}-${(seq += 1)}`;

beforeAll(async () => {
  // Acting for the partnership, as the service does (row-level security, migration 0023).
  database = (await openTestDatabase()).forPartnership({ partnershipId: 'hsscp' });
  cat = await catalogue(database.db);
});
afterAll(async () => {
  await database.close();
});

const cases = () => seriousCaseStore(database.db, jobs);

async function closedCase(closedOn: string) {
  const { seriousCase } = await cases().submit({
    partnershipId: 'hsscp',
    submissionKey: key('case'),
    values: considerationValues('2000-01-05'),
    submittedBy: pat,
    receipt: { conversationReference: {}, activityId: undefined },
    at: new Date('2000-01-05T12:00:00Z'),
  });
  const closed = await cases().transition(
    'hsscp',
    seriousCase.id,
    { type: 'close', on: closedOn, reason: 'Did not meet the criteria for notification.' },
    { aadObjectId: 'billie', name: 'Billie Business Unit' },
    { today: closedOn },
  );
  if (!closed.ok) throw new Error(closed.message);
  return seriousCase;
}

const childValues = Object.values(considerationValues('2000-01-05')).filter((v) =>
  /Quillfeather|Larkspur|fractures|2019-03-04/.test(v),
);

const retentionEvents = async () =>
  database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('actor_id', '=', RETENTION_ACTOR)
    .orderBy('id')
    .execute();

const withRules = (retention: Partnership['retention']): Partnership => ({ ...hsscp, retention });

describe(`retention on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('when a closed request’s child details fall due, then they are removed, the request kept, and the audit names the fields but not what they held', async () => {
    // HSSCP: child details 24 months after the case closed.
    const due = await closedCase('2023-03-01');
    const notYet = await closedCase('2023-03-03');
    const done = await applyRetention(database.db, hsscp, new Date('2025-03-02T03:00:00Z'));

    expect(done).toContainEqual({
      rule: 'considerationChildDetails',
      recordType: 'consideration',
      recordId: due.id,
      reference: due.reference,
      action: 'child-details-removed',
    });
    expect(done.map((d) => d.recordId)).not.toContain(notYet.id);
    expect(await cases().readDetails('hsscp', due.id, { aadObjectId: 'eli' })).toEqual({});
    expect(await cases().readDetails('hsscp', notYet.id, { aadObjectId: 'eli' })).toMatchObject({
      childName: 'Jamie Quillfeather',
    });
    // The request itself (what identifies no one) is still there.
    expect(await cases().get('hsscp', due.id)).toMatchObject({
      reference: due.reference,
      status: 'closed',
    });

    const event = (await retentionEvents()).find((e) => e.subject_id === due.id)!;
    expect(event).toMatchObject({
      action: 'retention.child-details-removed',
      subject_type: 'serious-case',
    });
    expect(event.detail).toMatchObject({
      rule: 'considerationChildDetails',
      reference: due.reference,
      monthsAfterClosed: 24,
      fields: expect.arrayContaining(['childName', 'childAddress', 'childDateOfBirth']),
    });
    const audit = JSON.stringify(await retentionEvents());
    for (const value of childValues) expect(audit).not.toContain(value);
    expect((await verifyAuditChain(database.db, { partnershipId: 'hsscp' })).ok).toBe(true);
  });

  it('when the job runs again, then it does nothing more', async () => {
    const before = (await retentionEvents()).length;
    expect(await applyRetention(database.db, hsscp, new Date('2025-03-02T03:00:00Z'))).toEqual([]);
    expect((await retentionEvents()).length).toBe(before);
  });

  it('when a case is still open, then its child details are kept however old it is', async () => {
    const { seriousCase } = await cases().submit({
      partnershipId: 'hsscp',
      submissionKey: key('open'),
      values: considerationValues('2020-01-06'),
      submittedBy: pat,
      receipt: { conversationReference: {}, activityId: undefined },
      at: new Date('2020-01-06T12:00:00Z'),
    });
    await applyRetention(database.db, hsscp, new Date('2040-01-01T03:00:00Z'));
    expect(
      await cases().readDetails('hsscp', seriousCase.id, { aadObjectId: 'eli' }),
    ).toMatchObject({ childName: 'Jamie Quillfeather' });
  });

  it('when a whole request falls due, then it is deleted with its queue line and the audit keeps only its reference', async () => {
    const old = await closedCase('2018-01-10');
    const done = await applyRetention(
      database.db,
      withRules({ considerationRequests: { monthsAfterClosed: 84 } }),
      new Date('2025-01-10T03:00:00Z'),
    );
    expect(done).toEqual([
      {
        rule: 'considerationRequests',
        recordType: 'consideration',
        recordId: old.id,
        reference: old.reference,
        action: 'deleted',
      },
    ]);
    expect(await cases().get('hsscp', old.id)).toBeUndefined();
    const queue = await database.db
      .selectFrom('queue_items')
      .select('record_id')
      .where('record_id', '=', old.id)
      .execute();
    expect(queue).toEqual([]);
    const event = (await retentionEvents()).find((e) => e.subject_id === old.id)!;
    expect(event.action).toBe('retention.deleted');
    expect(event.detail).toEqual({
      rule: 'considerationRequests',
      reference: old.reference,
      monthsAfterClosed: 84,
    });
    expect((await verifyAuditChain(database.db, { partnershipId: 'hsscp' })).ok).toBe(true);
  });

  it('when a KLOE falls due, then who raised it is removed from the KLOE, its history and My submissions', async () => {
    const { kloe } = await kloeStore(database.db, jobs).submit({
      partnershipId: 'hsscp',
      submissionKey: key('kloe'),
      values: {
        organisation: 'Cleveland Police',
        contactOfficer: 'Pat Practitioner',
        subject: 'Health not invited to strategy discussions',
        theme: 'Multi-agency working',
        details: 'Strategy discussions are held without health colleagues.',
        actionWanted: 'Review the invitation list.',
      },
      submittedBy: pat,
      receipt: { conversationReference: { user: 'pat' }, activityId: 'receipt-1' },
      at: new Date('2019-05-01T10:00:00Z'),
    });
    const store = engineRoomStore(database.db, hsscp);
    expect((await store.mySubmissions(pat.aadObjectId)).map((s) => s.id)).toContain(kloe.id);

    const done = await applyRetention(
      database.db,
      withRules({ kloes: { monthsAfterReceived: 72 } }),
      new Date('2025-05-01T03:00:00Z'),
    );
    expect(done).toContainEqual(
      expect.objectContaining({ recordId: kloe.id, action: 'submitter-anonymised' }),
    );
    const stored = await kloeStore(database.db, jobs).get('hsscp', kloe.id);
    expect(stored?.submittedBy).toEqual({ aadObjectId: REMOVED, name: REMOVED });
    expect(stored?.values.contactOfficer).toBe(REMOVED);
    expect(stored?.values.subject).toBe('Health not invited to strategy discussions');
    const rows = JSON.stringify(
      await database.db
        .selectFrom('kloe_events')
        .selectAll()
        .where('kloe_id', '=', kloe.id)
        .execute(),
    );
    expect(rows).not.toContain(pat.aadObjectId);
    expect(rows).not.toContain(pat.name);
    expect((await store.mySubmissions(pat.aadObjectId)).map((s) => s.id)).not.toContain(kloe.id);
    const event = (await retentionEvents()).find((e) => e.subject_id === kloe.id)!;
    expect(JSON.stringify(event)).not.toContain('Pat');
    expect(event.detail).toMatchObject({ fields: ['submittedBy', 'contactOfficer'] });
  });

  it('when a professional challenge falls due, then who recorded it is removed', async () => {
    const { challenge } = await challengeStore(database.db).submit({
      partnershipId: 'hsscp',
      submissionKey: key('challenge'),
      values: {
        raisingOrganisation: 'Cleveland Police',
        receivingOrganisation: 'Hartlepool Borough Council',
        raisedDate: '2018-10-01',
        resolvedDate: '2018-10-20',
        resolutionStage: 'Stage 2: line manager to line manager',
        outcome: 'practice-changed',
        about: 'A strategy discussion was not convened after a second referral.',
        learning: 'Second referrals need a manager’s review within one working day.',
      },
      submittedBy: pat,
      at: new Date('2018-10-21T10:00:00Z'),
    });
    await applyRetention(database.db, hsscp, new Date('2024-10-21T03:00:00Z'));
    const row = await database.db
      .selectFrom('professional_challenges')
      .select(['submitted_by_id', 'submitted_by_name', 'outcome'])
      .where('id', '=', challenge.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      submitted_by_id: REMOVED,
      submitted_by_name: REMOVED,
      outcome: 'practice-changed',
    });
    // Nor does the record's history still say who recorded it.
    const history = await database.db
      .selectFrom('record_events')
      .select(['actor_id', 'actor_name'])
      .where('record_type', '=', 'challenge')
      .where('record_id', '=', challenge.id)
      .execute();
    expect(history).toEqual([{ actor_id: REMOVED, actor_name: REMOVED }]);
  });

  it('when a partnership configures no rule for a kind of record, then those records are kept', async () => {
    const old = await closedCase('2001-01-01');
    expect(await applyRetention(database.db, withRules({}), new Date('2040-01-01'))).toEqual([]);
    expect(await cases().readDetails('hsscp', old.id, { aadObjectId: 'eli' })).toMatchObject({
      childName: 'Jamie Quillfeather',
    });
  });

  // Rows for the tables below are made from the database's catalogue (seed-rows.ts): the
  // briefing cascade, Active Learning and invitations need Graph and Teams to arrive by
  // their own routes, and what is tested here is only what retention does to them.
  const row = (
    table: string,
    seed: string,
    overrides: Record<string, unknown>,
    done: Set<string>,
  ) => seedRow(database.db, cat, table, { seed, overrides, done });

  /** Every value of the table's rows for one parent, as text, to search for a name. */
  const rowsOf = async (table: string, column: string, id: string) =>
    JSON.stringify(
      (
        await sql`SELECT * FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${id}`.execute(
          database.db,
        )
      ).rows,
    );

  const lead = (n: number) => ({
    id: `lead-000${n}`,
    name: `Lee Lead${n}`,
    address: `lee.lead${n}@agency.example`,
  });

  async function sentBriefing(seed: string, preparedAt: string) {
    const done = new Set<string>();
    const effect = (key: string) =>
      row(
        'graph_side_effects',
        `${seed}-${key}`,
        {
          status: 'done',
          effect_key: `${seed}-${key}`,
          payload: JSON.stringify({
            kind: 'mail.send',
            mail: { to: [lead(1).address, lead(2).address] },
          }),
        },
        new Set(),
      );
    await effect('message');
    await effect('reminder');
    await row(
      'briefings',
      seed,
      {
        reference: `BRF-${seed}`,
        status: 'sending',
        prepared_at: new Date(preparedAt),
        created_by_id: 'billie',
        created_by_name: 'Billie Business Unit',
        note: JSON.stringify({ title: 'Neglect', recommendations: [] }),
      },
      done,
    );
    const briefing_id = seededId('briefings', seed);
    await row(
      'briefing_messages',
      seed,
      {
        briefing_id,
        chunk: 0,
        recipients: 2,
        effect_id: seededId('graph_side_effects', `${seed}-message`),
      },
      done,
    );
    for (const n of [1, 2]) {
      const l = lead(n);
      await row(
        'briefing_recipients',
        seed,
        {
          briefing_id,
          user_id: l.id,
          name: l.name,
          address: l.address,
          agency: 'Cleveland Police',
          chunk: 0,
        },
        done,
      );
    }
    await row(
      'briefing_acknowledgements',
      seed,
      { briefing_id, user_id: lead(1).id, name: lead(1).name, agency: 'Cleveland Police' },
      done,
    );
    await row(
      'briefing_cascades',
      seed,
      {
        briefing_id,
        agency: 'Cleveland Police',
        method: 'team-meeting',
        staff_reached: 40,
        recorded_by_id: lead(1).id,
        recorded_by_name: lead(1).name,
      },
      done,
    );
    await row(
      'briefing_impact_reports',
      seed,
      {
        briefing_id,
        agency: 'Cleveland Police',
        recorded_by_id: lead(1).id,
        recorded_by_name: lead(1).name,
        change: 'Strategy discussions now include health.',
      },
      done,
    );
    await row(
      'briefing_reminders',
      seed,
      {
        briefing_id,
        user_id: lead(2).id,
        number: 1,
        effect_id: seededId('graph_side_effects', `${seed}-reminder`),
        at: new Date('2023-03-05T10:00:00Z'),
      },
      done,
    );
    return briefing_id;
  }

  it('when a briefing’s leads fall due, then no lead is named in it any more, its agency figures stay, its sent mail is cleared and no one is reminded', async () => {
    // HSSCP (placeholder): 24 months after the cascade was sent.
    const due = await sentBriefing('brf-due', '2023-03-01T10:00:00Z');
    const notYet = await sentBriefing('brf-later', '2023-03-03T10:00:00Z');
    const store = briefingStore({ db: database.db, jobs, partnership: hsscp, undoSeconds: 0 });
    const before = await store.status(due);
    expect(before?.agencyStatus).toEqual([
      expect.objectContaining({
        agency: 'Cleveland Police',
        leads: 2,
        acknowledged: 1,
        staffReached: 40,
      }),
    ]);

    const done = await applyRetention(database.db, hsscp, new Date('2025-03-02T03:00:00Z'));

    expect(done).toContainEqual({
      rule: 'briefingLeads',
      recordType: 'briefing',
      recordId: due,
      reference: 'BRF-brf-due',
      action: 'people-removed',
    });
    expect(done.map((d) => d.recordId)).not.toContain(notYet);
    for (const table of [
      'briefing_recipients',
      'briefing_acknowledgements',
      'briefing_cascades',
      'briefing_impact_reports',
      'briefing_reminders',
    ]) {
      const dueRows = await rowsOf(table, 'briefing_id', due);
      for (const n of [1, 2]) {
        for (const value of Object.values(lead(n)))
          expect([table, dueRows]).not.toEqual([table, expect.stringContaining(value)]);
      }
      expect(await rowsOf(table, 'briefing_id', notYet)).toContain(
        table === 'briefing_reminders' ? lead(2).id : lead(1).id,
      );
    }
    // The partnership's record of the cascade is what it was.
    expect((await store.status(due))?.agencyStatus).toEqual(before?.agencyStatus);
    expect(await rowsOf('briefing_impact_reports', 'briefing_id', due)).toContain(
      'Strategy discussions now include health.',
    );
    expect(await rowsOf('briefings', 'id', due)).toContain('Billie Business Unit');
    const mail = await rowsOf(
      'graph_side_effects',
      'id',
      seededId('graph_side_effects', 'brf-due-message'),
    );
    expect(mail).not.toContain(lead(1).address);
    expect(
      await rowsOf('graph_side_effects', 'id', seededId('graph_side_effects', 'brf-later-message')),
    ).toContain(lead(1).address);

    const reminded = await checkBriefingReminders({
      db: database.db,
      jobs,
      partnership: hsscp,
      now: new Date('2025-03-02T03:00:00Z'),
      intervalMs: 24 * 3600 * 1000,
      link: () => 'https://example/briefing',
    });
    expect(reminded.map((r) => r.briefingId)).not.toContain(due);
    expect(reminded.map((r) => r.briefingId)).toContain(notYet);

    const event = (await retentionEvents()).find((e) => e.subject_id === due)!;
    expect(event).toMatchObject({ action: 'retention.people-removed', subject_type: 'briefing' });
    expect(event.detail).toMatchObject({
      rule: 'briefingLeads',
      monthsAfterSent: 24,
      people: 2,
      messagesCleared: 2,
    });
    expect(JSON.stringify(event)).not.toMatch(/Lee Lead|lee\.lead|lead-000/);
    expect((await verifyAuditChain(database.db, { partnershipId: 'hsscp' })).ok).toBe(true);
    expect(
      (await applyRetention(database.db, hsscp, new Date('2025-03-02T03:00:00Z'))).map(
        (d) => d.recordId,
      ),
    ).not.toContain(due);
  });

  async function heldSet(seed: string, meetingEnd: string) {
    const done = new Set<string>();
    await row(
      'graph_side_effects',
      `${seed}-meeting`,
      {
        status: 'done',
        effect_key: `${seed}-meeting`,
        payload: JSON.stringify({
          kind: 'calendar.createEvent',
          event: { attendees: [lead(3).address] },
        }),
      },
      new Set(),
    );
    await row(
      'active_learning_sets',
      seed,
      {
        record_type: 'kloe',
        status: 'held',
        created_by_id: 'eli',
        created_by_name: 'Eli Engine Room',
        meeting_start: new Date(meetingEnd),
        meeting_end: new Date(meetingEnd),
        planned_from: '2020-01-01',
        planned_to: '2020-01-01',
        meeting_effect_id: seededId('graph_side_effects', `${seed}-meeting`),
      },
      done,
    );
    const set_id = seededId('active_learning_sets', seed);
    await row(
      'active_learning_agencies',
      seed,
      { set_id, agency: 'Cleveland Police', status: 'nominated' },
      done,
    );
    await row(
      'active_learning_leads',
      seed,
      {
        set_id,
        agency: 'Cleveland Police',
        lead_id: lead(1).id,
        lead_name: lead(1).name,
        lead_mail: lead(1).address,
      },
      done,
    );
    await row(
      'active_learning_nominations',
      seed,
      {
        set_id,
        agency: 'Cleveland Police',
        person_id: lead(3).id,
        person_name: lead(3).name,
        person_mail: lead(3).address,
        nominated_by_id: lead(1).id,
        nominated_by_name: lead(1).name,
        note: `${lead(3).name} leads on neglect`,
      },
      done,
    );
    await row(
      'active_learning_attendance',
      seed,
      {
        set_id,
        nomination_id: seededId('active_learning_nominations', seed),
        attended: true,
        recorded_by_id: 'billie',
      },
      done,
    );
    return set_id;
  }

  it('when an Active Learning Set’s people fall due, then its leads and nominees are no longer named, and who attended stays as a count', async () => {
    // HSSCP (placeholder): 24 months after the meeting.
    const due = await heldSet('als-due', '2023-03-01T15:00:00Z');
    const notYet = await heldSet('als-later', '2023-03-03T15:00:00Z');
    const store = activeLearningStore(database.db, jobs, hsscp);
    expect(JSON.stringify(await store.detail(due))).toContain(lead(3).name);

    const done = await applyRetention(database.db, hsscp, new Date('2025-03-02T03:00:00Z'));

    expect(done).toContainEqual(
      expect.objectContaining({
        rule: 'activeLearningPeople',
        recordId: due,
        action: 'people-removed',
      }),
    );
    expect(done.map((d) => d.recordId)).not.toContain(notYet);
    const detail = JSON.stringify(await store.detail(due));
    for (const n of [1, 3])
      for (const value of Object.values(lead(n))) expect(detail).not.toContain(value);
    for (const table of ['active_learning_leads', 'active_learning_nominations']) {
      expect(await rowsOf(table, 'set_id', due)).not.toMatch(/Lee Lead|lee\.lead|lead-000/);
      expect(await rowsOf(table, 'set_id', notYet)).toContain(lead(1).id);
    }
    const after = await store.detail(due);
    expect(after?.agencies[0]?.nominations).toEqual([
      expect.objectContaining({ name: REMOVED, nominatedBy: REMOVED, attended: true }),
    ]);
    expect(
      await rowsOf('graph_side_effects', 'id', seededId('graph_side_effects', 'als-due-meeting')),
    ).not.toContain(lead(3).address);
    const event = (await retentionEvents()).find((e) => e.subject_id === due)!;
    expect(event).toMatchObject({
      action: 'retention.people-removed',
      subject_type: 'active-learning',
    });
    expect(event.detail).toMatchObject({
      rule: 'activeLearningPeople',
      monthsAfterSet: 24,
      people: 2,
    });
    expect(JSON.stringify(event)).not.toMatch(/Lee Lead|lee\.lead|lead-000/);
  });

  it('when an invitation to the Engine Room falls due, then the invitee and their answer are removed and who invited them stays', async () => {
    const invite = async (seed: string, meetingDate: string) => {
      await row(
        'engine_room_invitations',
        seed,
        {
          record_type: 'kloe',
          person_id: lead(4).id,
          person_name: lead(4).name,
          meeting_date: meetingDate,
          status: 'declined',
          answer_note: 'On leave that week.',
          invited_by_id: 'eli',
          invited_by_name: 'Eli Engine Room',
        },
        new Set(),
      );
      return seededId('engine_room_invitations', seed);
    };
    const due = await invite('inv-due', '2023-03-01');
    const notYet = await invite('inv-later', '2023-03-03');

    const done = await applyRetention(database.db, hsscp, new Date('2025-03-02T03:00:00Z'));

    expect(done).toContainEqual(
      expect.objectContaining({
        rule: 'engineRoomInvitations',
        recordId: due,
        action: 'people-removed',
      }),
    );
    expect(done.map((d) => d.recordId)).not.toContain(notYet);
    const after = await rowsOf('engine_room_invitations', 'id', due);
    expect(after).not.toMatch(/Lee Lead|lee\.lead|lead-000|On leave/);
    expect(after).toContain('Eli Engine Room');
    expect(await rowsOf('engine_room_invitations', 'id', notYet)).toContain(lead(4).name);
    expect((await retentionEvents()).find((e) => e.subject_id === due)).toMatchObject({
      action: 'retention.people-removed',
      subject_type: 'engine-room-invitation',
    });
  });

  it('when a whole request falls due, then the Engine Room’s work planned from it goes with it, in one piece', async () => {
    const old = await closedCase('2017-06-01');
    const done = new Set<string>();
    const onCase = { record_type: 'consideration', record_id: old.id };
    await row(
      'record_recommendations',
      'rec-case',
      { ...onCase, reference: 'REC-2017-0001' },
      done,
    );
    await row(
      'recommendation_events',
      'rec-case',
      { recommendation_id: seededId('record_recommendations', 'rec-case') },
      done,
    );
    await row('active_learning_sets', 'als-case', onCase, done);
    await row(
      'active_learning_nominations',
      'als-case',
      { set_id: seededId('active_learning_sets', 'als-case') },
      done,
    );
    await row(
      'active_learning_attendance',
      'als-case',
      {
        set_id: seededId('active_learning_sets', 'als-case'),
        nomination_id: seededId('active_learning_nominations', 'als-case'),
      },
      done,
    );
    await row(
      'engine_room_invitations',
      'inv-case',
      { ...onCase, meeting_date: '2040-01-01' },
      done,
    );

    const applied = await applyRetention(
      database.db,
      withRules({ considerationRequests: { monthsAfterClosed: 84 } }),
      new Date('2024-06-01T03:00:00Z'),
    );

    expect(applied).toContainEqual(
      expect.objectContaining({ recordId: old.id, action: 'deleted' }),
    );
    for (const [table, column, id] of [
      ['serious_cases', 'id', old.id],
      ['record_recommendations', 'record_id', old.id],
      [
        'recommendation_events',
        'recommendation_id',
        seededId('record_recommendations', 'rec-case'),
      ],
      ['active_learning_sets', 'record_id', old.id],
      ['active_learning_nominations', 'set_id', seededId('active_learning_sets', 'als-case')],
      ['active_learning_attendance', 'set_id', seededId('active_learning_sets', 'als-case')],
      ['engine_room_invitations', 'record_id', old.id],
    ] as const) {
      expect([table, await rowsOf(table, column, id)]).toEqual([table, '[]']);
    }
  });

  it('when a KLOE’s submitter was the last to act on it, then that copy of their name goes too', async () => {
    const { kloe } = await kloeStore(database.db, jobs).submit({
      partnershipId: 'hsscp',
      submissionKey: key('kloe-last'),
      values: {
        organisation: 'Cleveland Police',
        contactOfficer: 'Pat Practitioner',
        subject: 'Health not invited to strategy discussions',
        theme: 'Multi-agency working',
        details: 'Strategy discussions are held without health colleagues.',
        actionWanted: 'Review the invitation list.',
      },
      submittedBy: pat,
      receipt: { conversationReference: {}, activityId: undefined },
      at: new Date('2019-05-01T10:00:00Z'),
    });
    await database.db
      .updateTable('kloes')
      .set({ last_change_by_id: pat.aadObjectId, last_change_by_name: pat.name })
      .where('id', '=', kloe.id)
      .execute();
    await applyRetention(
      database.db,
      withRules({ kloes: { monthsAfterReceived: 72 } }),
      new Date('2025-05-01T03:00:00Z'),
    );
    const stored = await rowsOf('kloes', 'id', kloe.id);
    expect(stored).not.toContain(pat.aadObjectId);
    expect(stored).not.toContain(pat.name);
  });
});

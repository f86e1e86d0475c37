import { loadPartnership, type Partnership } from '@pathways/core';
import { verifyAuditChain } from '../audit/audit-chain';
import type { Database } from '../db/database';
import { openTestDatabase } from '../db/test-database';
import { engineRoomStore } from '../engine-room/engine-room-store';
import { kloeStore } from '../kloe/kloe-store';
import { challengeStore } from '../serious-cases/challenge-store';
import { seriousCaseStore } from '../serious-cases/serious-case-store';
import { considerationValues } from '../serious-cases/test-fixtures';
import { applyRetention, REMOVED, RETENTION_ACTOR } from './retention';

// The retention rules of a partnership, applied by the daily job to a real
// database: what is due is removed or deleted, what is not is untouched, and
// the audit trail says what was done without repeating what was removed.

let database: Database;
const jobs = { enqueue: async () => 'job', wake: () => undefined };
const hsscp = loadPartnership('hsscp');
const pat = { aadObjectId: 'pat-0001', name: 'Pat Practitioner' };
let seq = 0;
const key = (what: string) => `${what}-${(seq += 1)}`;

beforeAll(async () => {
  database = await openTestDatabase();
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
});

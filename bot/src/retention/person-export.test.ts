import request from 'supertest';
import { kloeStore } from '../kloe/kloe-store';
import { seriousCaseStore } from '../serious-cases/serious-case-store';
import { considerationValues } from '../serious-cases/test-fixtures';
import { startApiUnderTest, type ApiUnderTest } from '../test-support/api-under-test';

// A subject access request: an administrator exports everything Pathways
// holds about one person, as JSON, and the export is itself audited.

let api: ApiUnderTest;
const jobs = { enqueue: async () => 'job', wake: () => undefined };
const pat = { aadObjectId: '00000000-0000-4000-8000-0000000000a1', name: 'Pat Practitioner' };
const billie = { aadObjectId: '00000000-0000-4000-8000-0000000000b1', name: 'Billie BusinessUnit' };
const ari = '00000000-0000-4000-8000-0000000000c1';
let kloeReference: string;
let caseReference: string;

beforeAll(async () => {
  api = await startApiUnderTest();
  const kloes = kloeStore(api.database.db, jobs);
  const { kloe } = await kloes.submit({
    partnershipId: 'hsscp',
    submissionKey: 'export-kloe-1',
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
    at: new Date('2026-11-02T10:00:00Z'),
  });
  kloeReference = kloe.reference;
  const triaged = await kloes.triage({
    partnershipId: 'hsscp',
    kloeId: kloe.id,
    expectedVersion: kloe.version,
    decision: { kind: 'ask', question: 'Which teams does this affect?' },
    by: billie,
    at: new Date('2026-11-03T10:00:00Z'),
  });
  expect(triaged.outcome).toBe('done');
  const { seriousCase } = await seriousCaseStore(api.database.db, jobs).submit({
    partnershipId: 'hsscp',
    submissionKey: 'export-case-1',
    values: considerationValues('2026-11-02'),
    submittedBy: pat,
    receipt: { conversationReference: {}, activityId: undefined },
    at: new Date('2026-11-02T12:00:00Z'),
  });
  caseReference = seriousCase.reference;
});
afterAll(async () => {
  await api.close();
});

async function exportAs(roles: string[], personId: string) {
  const token = await api.issuer.sign({ roles, oid: ari, sub: ari });
  return request(api.app)
    .get(`/api/people/${personId}/export`)
    .set('authorization', `Bearer ${token}`);
}

describe('export of one person’s data', () => {
  it('when an administrator exports a practitioner, then it holds their submissions and the audit entries by them, without the child’s details', async () => {
    const res = await exportAs(['Administrator'], pat.aadObjectId);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.person).toEqual({ id: pat.aadObjectId });
    expect(res.body.submissions.kloes).toEqual([
      expect.objectContaining({
        reference: kloeReference,
        submitted_by_name: 'Pat Practitioner',
        values: expect.objectContaining({ contactOfficer: 'Pat Practitioner' }),
      }),
    ]);
    expect(res.body.submissions.considerationRequests).toEqual([
      expect.objectContaining({ reference: caseReference }),
    ]);
    expect(res.body.auditEntries.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['serious-case.details-written']),
    );
    // The child's details are the child's: not part of the referrer's export.
    expect(JSON.stringify(res.body)).not.toContain('Quillfeather');
    expect(JSON.stringify(res.body)).not.toContain('Larkspur');
  });

  it('when an administrator exports a Business Unit officer, then it holds the triage actions they took', async () => {
    const res = await exportAs(['Administrator'], billie.aadObjectId);
    expect(res.status).toBe(200);
    expect(res.body.triageActions.kloeActions).toEqual([
      expect.objectContaining({ reference: kloeReference, actor_name: 'Billie BusinessUnit' }),
    ]);
    expect(res.body.triageActions.questionsAsked).toEqual([
      expect.objectContaining({ question: 'Which teams does this affect?' }),
    ]);
    expect(res.body.submissions.kloes).toEqual([]);
  });

  it('when an export is made, then the audit trail records who exported whom, and the next export of that person shows it', async () => {
    await exportAs(['Administrator'], pat.aadObjectId);
    const rows = await api.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'person.exported')
      .where('subject_id', '=', pat.aadObjectId)
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]).toMatchObject({ actor_id: ari, subject_type: 'person' });
    const again = await exportAs(['Administrator'], pat.aadObjectId);
    expect(
      again.body.auditEntries.filter((a: { action: string }) => a.action === 'person.exported')
        .length,
    ).toBe(rows.length);
  });

  it('when anyone but an administrator asks, then it is refused and nothing is audited', async () => {
    const before = await api.rowCounts();
    for (const role of ['BusinessUnit', 'EngineRoom', 'Practitioner', 'Executive']) {
      expect((await exportAs([role], pat.aadObjectId)).status).toBe(403);
    }
    expect(await api.rowCounts()).toEqual(before);
  });

  it('when the person id is not an id, then it is refused with 422', async () => {
    expect((await exportAs(['Administrator'], 'x%20OR%201=1')).status).toBe(422);
  });
});

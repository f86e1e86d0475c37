import { loadPartnership, type RecommendationList, type RecommendationView } from '@pathways/core';
import request from 'supertest';
import { kloeStore } from '../kloe/kloe-store';
import { seriousCaseStore } from '../serious-cases/serious-case-store';
import { considerationValues } from '../serious-cases/test-fixtures';
import { startApiUnderTest, type ApiUnderTest } from '../test-support/api-under-test';
import { recommendations } from './recommendations';
import { recommendationsCsv } from './routes';

let api: ApiUnderTest;
const jobs = { enqueue: async () => 'job', wake: () => undefined };
let kloeId: string;
let caseId: string;

async function as(roles: string[], sub = `${roles[0]}-person`) {
  return `Bearer ${await api.issuer.sign({ roles, oid: sub, sub, name: `${roles[0]} person` })}`;
}

beforeAll(async () => {
  api = await startApiUnderTest();
  const { kloe } = await kloeStore(api.database.db, jobs).submit({
    partnershipId: 'hsscp',
    submissionKey: 'recommendations-api',
    values: {
      organisation: 'Cleveland Police',
      contactOfficer: 'Pat Practitioner',
      subject: 'Strategy meetings without health',
      theme: 'Multi-agency working',
      details: 'Health were not invited.',
      actionWanted: 'Review invitations.',
    },
    submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
    receipt: { conversationReference: {}, activityId: undefined },
    at: new Date('2026-04-10T09:00:00Z'),
  });
  kloeId = kloe.id;
  const { seriousCase } = await seriousCaseStore(api.database.db, jobs).submit({
    partnershipId: 'hsscp',
    submissionKey: 'recommendations-api-case',
    values: considerationValues('2026-03-02'),
    submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
    receipt: { conversationReference: {}, activityId: undefined },
    at: new Date('2026-03-02T12:00:00Z'),
  });
  caseId = seriousCase.id;

  // One recorded long ago and now overdue (the form refuses past dates today).
  const recs = recommendations({
    db: api.database.db,
    partnership: loadPartnership('hsscp'),
    jobs,
    planId: undefined,
    impactTestAfterDays: 90,
  });
  await api.database.db.transaction().execute((trx) =>
    recs.add(trx, {
      source: 'briefing',
      record: { type: 'briefing', id: '8d0f7f3e-4f3a-4d43-9a55-0e2f8c1d2b01', reference: 'BN-1' },
      theme: 'Neglect',
      text: 'Cascade the neglect briefing to every school',
      owningAgency: 'Cleveland Police',
      dueDate: '2025-01-31',
      by: { aadObjectId: 'billie', name: 'Billie BusinessUnit' },
      at: new Date('2024-12-01T09:00:00Z'),
    }),
  );
}, 240_000);
afterAll(async () => {
  await api.close();
});

const future = '2099-03-31';

describe('recommendations from every source', () => {
  it('when the Engine Room records one on a KLOE, then the Development Manager sees it with its source, theme and owner agency', async () => {
    const res = await request(api.app)
      .post(`/api/records/kloe/${kloeId}/recommendations`)
      .set('authorization', await as(['EngineRoom']))
      .send({
        text: 'Invite health to every strategy meeting',
        owningAgency: 'Cleveland Police',
        dueDate: future,
      });
    expect(res.status).toBe(201);
    const list = await request(api.app)
      .get('/api/recommendations')
      .set('authorization', await as(['DevelopmentManager']));
    expect(list.status).toBe(200);
    const item = (list.body as RecommendationList).items.find((r) => r.source === 'kloe');
    expect(item).toMatchObject({
      text: 'Invite health to every strategy meeting',
      sourceTitle: 'KLOE outcome',
      sourceRecord: { type: 'kloe', id: kloeId },
      theme: 'Multi-agency working',
      owningAgency: 'Cleveland Police',
      status: 'open',
      overdue: false,
    });
    expect(item!.reference).toMatch(/^REC-\d{4}-\d{4}$/);
  });

  it('when a Rapid Review makes a recommendation before the review has started, then it is refused saying why; once started, it is recorded', async () => {
    const bu = await as(['BusinessUnit']);
    const body = {
      source: 'rapid-review',
      text: 'Share the chronology template with GP practices',
      owningAgency: 'Cleveland Police',
      dueDate: future,
    };
    const early = await request(api.app)
      .post(`/api/serious-cases/${caseId}/recommendations`)
      .set('authorization', bu)
      .send(body);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/Rapid Review .* not started/);

    for (const event of [
      { type: 'record-notification', on: '2026-03-03' },
      { type: 'start-rapid-review', on: '2026-03-04' },
    ])
      expect(
        (
          await request(api.app)
            .post(`/api/serious-cases/${caseId}/events`)
            .set('authorization', bu)
            .send({ event })
        ).status,
      ).toBe(200);
    const res = await request(api.app)
      .post(`/api/serious-cases/${caseId}/recommendations`)
      .set('authorization', bu)
      .send(body);
    expect(res.status).toBe(201);
    expect(res.body as RecommendationView).toMatchObject({
      source: 'rapid-review',
      sourceTitle: 'Rapid Review',
      sourceRecord: { type: 'consideration', id: caseId },
    });

    const lcspr = await request(api.app)
      .post(`/api/serious-cases/${caseId}/recommendations`)
      .set('authorization', bu)
      .send({ ...body, source: 'lcspr' });
    expect(lcspr.status).toBe(409);
    expect(lcspr.body.error.message).toMatch(/no LCSPR/);
  });

  it('when the source is missing or the text is empty, then each problem is named beside its field', async () => {
    const res = await request(api.app)
      .post(`/api/serious-cases/${caseId}/recommendations`)
      .set('authorization', await as(['EngineRoom']))
      .send({ text: '', owningAgency: 'Cleveland Police', dueDate: future });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['source', 'text']);
  });
});

describe('the Development Manager’s list', () => {
  it('when some are overdue, then they come first; a filter by source or theme narrows the list', async () => {
    const dm = await as(['DevelopmentManager']);
    const all = (await request(api.app).get('/api/recommendations').set('authorization', dm))
      .body as RecommendationList;
    expect(all.items[0]).toMatchObject({ source: 'briefing', overdue: true });
    expect(all.items.slice(1).every((r) => !r.overdue)).toBe(true);
    expect(all.sources.map((s) => s.value)).toContain('lcspr');

    const briefings = (
      await request(api.app).get('/api/recommendations?source=briefing').set('authorization', dm)
    ).body as RecommendationList;
    expect(briefings.items.map((r) => r.source)).toEqual(['briefing']);
    const themed = (
      await request(api.app)
        .get(`/api/recommendations?theme=${encodeURIComponent('Multi-agency working')}`)
        .set('authorization', dm)
    ).body as RecommendationList;
    expect(themed.items.map((r) => r.source)).toEqual(['kloe']);
  });

  it('when exported, then the CSV has a row per recommendation, quoted, with formulas defused', async () => {
    const res = await request(api.app)
      .get('/api/recommendations.csv')
      .set('authorization', await as(['DevelopmentManager']));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(
      /HSSCP-recommendations-\d{4}-\d{2}-\d{2}\.csv/,
    );
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^"Reference","Recommendation","Source"/);
    expect(lines).toHaveLength(1 + 3);
    expect(lines[1]).toContain('"Cascade the neglect briefing to every school","Briefing","BN-1"');
    expect(lines[1]).toContain('"Yes"');
    const [row] = (
      (
        await request(api.app)
          .get('/api/recommendations?source=briefing')
          .set('authorization', await as(['DevelopmentManager']))
      ).body as RecommendationList
    ).items;
    const formula = recommendationsCsv([{ ...row!, text: '=HYPERLINK("x")' }]);
    expect(formula).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('when the Development Manager changes progress with an old version, then it is refused; with the current one it is saved', async () => {
    const dm = await as(['DevelopmentManager']);
    const [item] = (
      (await request(api.app).get('/api/recommendations?source=kloe').set('authorization', dm))
        .body as RecommendationList
    ).items;
    const stale = await request(api.app)
      .patch(`/api/recommendations/${item!.id}`)
      .set('authorization', dm)
      .send({ percentComplete: 40, expectedVersion: item!.version - 1 });
    expect(stale.status).toBe(409);
    const bad = await request(api.app)
      .patch(`/api/recommendations/${item!.id}`)
      .set('authorization', dm)
      .send({ percentComplete: 140, expectedVersion: item!.version });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.percentComplete).toMatch(/0 to 100/);
    const ok = await request(api.app)
      .patch(`/api/recommendations/${item!.id}`)
      .set('authorization', dm)
      .send({ percentComplete: 40, expectedVersion: item!.version });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ percentComplete: 40, status: 'in-progress' });
    expect((ok.body as RecommendationView).history.at(-1)).toMatchObject({
      action: 'changed progress 0% to 40%',
    });
  });

  it('when impact is recorded before the action is completed, then it is refused saying why', async () => {
    const [item] = (
      (
        await request(api.app)
          .get('/api/recommendations?source=kloe')
          .set('authorization', await as(['DevelopmentManager']))
      ).body as RecommendationList
    ).items;
    const res = await request(api.app)
      .post(`/api/recommendations/${item!.id}/impact`)
      .set('authorization', await as(['EngineRoom']))
      .send({ evidence: 'An audit of ten meetings.', rating: 'some' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/once the recommendation is completed/);
  });
});

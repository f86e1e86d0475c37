import type { BriefingStatus, LeadBriefing, LeadBriefingSummary } from '@pathways/core';
import request from 'supertest';
import { startApiUnderTest, type ApiUnderTest } from '../test-support/api-under-test';

const person = (n: number) => `7e570000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const leadPolice = { oid: person(1), name: 'Police Lead', roles: ['AgencyLead'] };
const leadPolice2 = { oid: person(2), name: 'Second Police Lead', roles: ['AgencyLead'] };
const leadFaith = { oid: person(3), name: 'Faith Lead', roles: ['AgencyLead'] };
const leadNotSent = { oid: person(4), name: 'Lead Not On The List', roles: ['AgencyLead'] };
const officer = { oid: person(5), name: 'Business Unit Officer', roles: ['BusinessUnit'] };

const note = {
  title: 'Learning from a rapid review',
  kind: 'proactive',
  theme: 'Neglect',
  identifiedLearning: 'Concerns were not shared early.',
  recommendations: ['Share concerns within a day.', 'Use the toolkit.'],
  proposedActions: 'Brief every team.',
};

let api: ApiUnderTest;
let briefingId: string;

async function as(who: { oid: string; name: string; roles: string[] }) {
  const token = await api.issuer.sign({
    oid: who.oid,
    sub: who.oid,
    name: who.name,
    roles: who.roles,
  });
  return {
    get: (path: string) => request(api.app).get(path).set('authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      request(api.app).post(path).set('authorization', `Bearer ${token}`).send(body),
  };
}

beforeAll(async () => {
  api = await startApiUnderTest();
  const created = await (await as(officer)).post('/api/briefings', note);
  expect(created.status).toBe(201);
  briefingId = (created.body as BriefingStatus).id;
  // As the cascade job leaves it: sent, with its recipients resolved from the lists.
  const db = api.database.db;
  await db
    .updateTable('briefings')
    .set({ status: 'sending', prepared_at: new Date() })
    .where('id', '=', briefingId)
    .execute();
  await db
    .insertInto('briefing_recipients')
    .values(
      [
        [leadPolice, 'Cleveland Police'],
        [leadPolice2, 'Cleveland Police'],
        [leadFaith, 'Faith organisations'],
      ].map(([who, agency]) => ({
        briefing_id: briefingId,
        user_id: (who as { oid: string }).oid,
        agency: agency as string,
        name: (who as { name: string }).name,
        address: `${(who as { oid: string }).oid}@example.org`,
        chunk: 1,
      })),
    )
    .execute();
});
afterAll(() => api.close());

describe('The lead API: each lead sees only what was sent to them, and only their own agency', () => {
  it('when a lead the briefing was not sent to asks for it or acts on it, then it is 404 and nothing is stored', async () => {
    const outsider = await as(leadNotSent);
    const before = await api.rowCounts();
    for (const res of [
      await outsider.get(`/api/lead/briefings/${briefingId}`),
      await outsider.post(`/api/lead/briefings/${briefingId}/acknowledgement`),
      await outsider.post(`/api/lead/briefings/${briefingId}/cascades`, {
        method: 'email',
        on: '2026-01-05',
        staffReached: 3,
      }),
      await outsider.post(`/api/lead/briefings/${briefingId}/impact`, {
        recommendation: 1,
        change: 'x',
        impact: 'y',
      }),
      await outsider.get('/api/lead/briefings/not-a-briefing-id'),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await outsider.get('/api/lead/briefings')).body).toEqual([]);
    expect(await api.rowCounts()).toEqual(before);
  });

  it('when two agencies act on the same briefing, then each lead sees only their own agency and the Business Unit sees both', async () => {
    const police = await as(leadPolice);
    const police2 = await as(leadPolice2);
    const faith = await as(leadFaith);
    expect((await police.post(`/api/lead/briefings/${briefingId}/acknowledgement`)).status).toBe(
      200,
    );
    // Twice is harmless: the first acknowledgement stands.
    expect((await police.post(`/api/lead/briefings/${briefingId}/acknowledgement`)).status).toBe(
      200,
    );
    const cascade = await police.post(`/api/lead/briefings/${briefingId}/cascades`, {
      method: 'supervision',
      on: '2026-01-05',
      staffReached: 120,
    });
    expect(cascade.status).toBe(200);
    const impact = await police2.post(`/api/lead/briefings/${briefingId}/impact`, {
      recommendation: 2,
      change: 'Teams use the toolkit at every review.',
      impact: 'Earlier referrals in the last quarter.',
    });
    expect(impact.status).toBe(200);
    expect((await faith.post(`/api/lead/briefings/${briefingId}/acknowledgement`)).status).toBe(
      200,
    );

    const policeView = (await police2.get(`/api/lead/briefings/${briefingId}`))
      .body as LeadBriefing;
    expect(policeView.agency).toBe('Cleveland Police');
    expect(policeView.you.acknowledgedAt).toBeNull();
    expect(policeView.agencyProgress.acknowledgedBy.map((a) => a.name)).toEqual(['Police Lead']);
    expect(policeView.agencyProgress.cascades).toEqual([
      expect.objectContaining({
        method: 'supervision',
        staffReached: 120,
        recordedBy: 'Police Lead',
      }),
    ]);
    expect(policeView.agencyProgress.impact).toEqual([
      expect.objectContaining({ recommendation: 2, recordedBy: 'Second Police Lead' }),
    ]);

    const faithView = (await faith.get(`/api/lead/briefings/${briefingId}`)).body as LeadBriefing;
    expect(faithView.agency).toBe('Faith organisations');
    expect(faithView.agencyProgress.acknowledgedBy.map((a) => a.name)).toEqual(['Faith Lead']);
    expect(faithView.agencyProgress.cascades).toEqual([]);
    expect(faithView.agencyProgress.impact).toEqual([]);
    expect(JSON.stringify(faithView)).not.toContain('Police Lead');

    const list = (await police.get('/api/lead/briefings')).body as LeadBriefingSummary[];
    expect(list).toEqual([
      expect.objectContaining({
        id: briefingId,
        agency: 'Cleveland Police',
        acknowledgedByYou: true,
        cascaded: true,
        impactReported: 1,
        recommendationCount: 2,
      }),
    ]);

    const status = (await (await as(officer)).get(`/api/briefings/${briefingId}`))
      .body as BriefingStatus;
    const byAgency = Object.fromEntries(status.agencyStatus.map((a) => [a.agency, a]));
    expect(byAgency['Cleveland Police']).toMatchObject({
      leads: 2,
      acknowledged: 1,
      staffReached: 120,
      impactReportedOn: [2],
    });
    const recipients = await (await as(officer)).get(`/api/briefings/${briefingId}/recipients`);
    expect(recipients.body).toEqual([
      expect.objectContaining({ name: 'Police Lead', acknowledgedAt: expect.any(String) }),
      expect.objectContaining({ name: 'Second Police Lead', acknowledgedAt: null }),
      expect.objectContaining({ name: 'Faith Lead', agency: 'Faith organisations' }),
    ]);
    expect(byAgency['Faith organisations']).toMatchObject({
      leads: 1,
      acknowledged: 1,
      staffReached: 0,
      impactReportedOn: [],
    });
  });

  it('when a lead reports on a recommendation that does not exist, or cascades in the future, then each is 422 with a message beside the field', async () => {
    const police = await as(leadPolice);
    const bad = await police.post(`/api/lead/briefings/${briefingId}/impact`, {
      recommendation: 3,
      change: 'x',
      impact: 'y',
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(['recommendation']);
    const future = await police.post(`/api/lead/briefings/${briefingId}/cascades`, {
      method: 'intranet',
      on: '2999-01-01',
      staffReached: 10,
    });
    expect(future.status).toBe(422);
    expect(Object.keys(future.body.errors)).toEqual(['on']);
  });

  it('when the Business Unit previews a briefing, then it gets the email as leads will see it, or 422 for what is missing', async () => {
    const bu = await as(officer);
    const preview = await bu.post('/api/briefings/preview', note);
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('HSSCP briefing note: Learning from a rapid review');
    expect(preview.body.html).toContain('<h2');
    expect(preview.body.text).toContain('1. Share concerns within a day.');
    const missing = await bu.post('/api/briefings/preview', { ...note, recommendations: [] });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual({ recommendations: 'Enter at least 1 recommendation' });
  });
});

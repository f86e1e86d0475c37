import type {
  BriefingStatus,
  BriefingSummary,
  LeadBriefing,
  LeadBriefingSummary,
  NewsletterVersion,
  NewsletterView,
} from '@pathways/core';
import request from 'supertest';
import { startApiUnderTest, type ApiUnderTest } from '../test-support/api-under-test';

/**
 * The quarterly newsletter sent as a briefing, through the REST API (the cascade itself,
 * to every lead's inbox, is in briefing-cascade.test.ts against the sandbox).
 */
const person = (n: number) => `7e570000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`;
const officer = { oid: person(1), name: 'Business Unit Officer', roles: ['BusinessUnit'] };
const manager = { oid: person(2), name: 'Development Manager', roles: ['DevelopmentManager'] };
const lead = { oid: person(3), name: 'Police Lead', roles: ['AgencyLead'] };

let api: ApiUnderTest;

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

/** Saves the next version of a quarter's newsletter with the given introduction. */
async function saveNewsletter(year: number, quarter: number, intro: string) {
  const bu = await as(officer);
  const path = `/api/reports/newsletter?year=${year}&quarter=${quarter}`;
  const { body } = await bu.get(path);
  const current = (body as NewsletterView).current;
  const res = await bu.post(path, {
    expectedVersion: current.version,
    content: {
      ...current.content,
      intro,
      sections: current.content.sections.map(({ id, heading, text }) => ({ id, heading, text })),
    },
  });
  expect(res.status).toBe(201);
  return res.body as NewsletterVersion;
}

const newsletterBriefings = (year: number, quarter: number) =>
  api.database.db
    .selectFrom('briefings')
    .select(['id', 'kind', 'newsletter_version', 'status'])
    .where('newsletter_year', '=', year)
    .where('newsletter_quarter', '=', quarter)
    .execute();

/** The audience shown and confirmed (no directory in these tests: nobody on the lists). */
const confirmed = { audience: { leads: 0, agencies: 0 } };

beforeAll(async () => {
  api = await startApiUnderTest();
}, 120_000);
afterAll(() => api.close());

describe('Sending the quarterly newsletter as a briefing', () => {
  it('when the Development Manager, who may edit it, asks to send it, then it is refused and nothing is stored', async () => {
    const saved = await saveNewsletter(2025, 1, 'Spring edition.');
    const before = await api.rowCounts();
    const res = await (
      await as(manager)
    ).post('/api/briefings/newsletter', {
      ...confirmed,
      year: 2025,
      quarter: 1,
      version: saved.version,
    });
    expect(res.status).toBe(403);
    expect(await api.rowCounts()).toEqual(before);
  });

  it('when the version was never saved, or a later one has been saved since, then it is refused and says why, and nothing is stored', async () => {
    const bu = await as(officer);
    const never = await bu.post('/api/briefings/newsletter', {
      ...confirmed,
      year: 2024,
      quarter: 4,
      version: 1,
    });
    expect(never.status).toBe(404);
    expect(never.body.error.message).toBe(
      'That version of the newsletter has not been saved. Save it, then send it.',
    );
    await saveNewsletter(2025, 2, 'Summer edition.');
    await saveNewsletter(2025, 2, 'Summer edition, corrected.');
    const before = await api.rowCounts();
    const stale = await bu.post('/api/briefings/newsletter', {
      ...confirmed,
      year: 2025,
      quarter: 2,
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(
      'Version 2 has been saved since (by Business Unit Officer). Look at it, then send the latest version.',
    );
    const bad = await bu.post('/api/briefings/newsletter', {
      ...confirmed,
      year: 2025,
      quarter: 5,
      version: 1,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.quarter).toBe('Say which quarter: 1, 2, 3 or 4');
    expect(await api.rowCounts()).toEqual(before);
  });

  it('when the Business Unit presses Send as briefing on the latest version, then one newsletter briefing is made and sending is requested once; pressing again sends nothing more', async () => {
    const bu = await as(officer);
    const saved = await saveNewsletter(2025, 3, 'Welcome to the winter edition.');
    const body = { ...confirmed, year: 2025, quarter: 3, version: saved.version };

    const first = await bu.post('/api/briefings/newsletter', body);
    expect(first.status).toBe(201);
    const status = first.body as BriefingStatus;
    expect(status).toMatchObject({
      kind: 'newsletter',
      title: 'HSSCP newsletter: quarter three of 2025-2026',
      status: 'sending',
      recommendations: [],
      note: { kind: 'newsletter', intro: 'Welcome to the winter edition.' },
    });
    const requested = () =>
      api.database.db
        .selectFrom('audit_events')
        .select(['action', 'actor_id'])
        .where('subject_type', '=', 'briefing')
        .where('subject_id', '=', status.id)
        .orderBy('id')
        .execute();
    expect(await requested()).toEqual([
      { action: 'briefing.drafted', actor_id: officer.oid },
      { action: 'briefing.send-requested', actor_id: officer.oid },
    ]);

    const before = await api.rowCounts();
    const again = await bu.post('/api/briefings/newsletter', body);
    expect(again.status).toBe(200);
    expect((again.body as BriefingStatus).id).toBe(status.id);
    expect(await api.rowCounts()).toEqual(before);
    expect(await requested()).toHaveLength(2);

    // The newsletter page says it was sent, which version, and where to follow it.
    const { body: view } = await bu.get('/api/reports/newsletter?year=2025&quarter=3');
    expect((view as NewsletterView).sentAs).toMatchObject({
      briefingId: status.id,
      reference: status.reference,
      version: saved.version,
      sentBy: 'Business Unit Officer',
    });
    const { body: list } = await bu.get('/api/briefings');
    expect((list as BriefingSummary[]).find((b) => b.id === status.id)).toMatchObject({
      kind: 'newsletter',
      theme: '',
    });

    // A quarter's newsletter goes once: a version saved afterwards is not sent again.
    const later = await saveNewsletter(2025, 3, 'Welcome, with a correction.');
    const after = await api.rowCounts();
    const refused = await bu.post('/api/briefings/newsletter', {
      ...confirmed,
      ...body,
      version: later.version,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      `This quarter's newsletter was sent already (version ${saved.version}, ${status.reference}). A quarter's newsletter is sent once.`,
    );
    expect(await api.rowCounts()).toEqual(after);
    expect(await newsletterBriefings(2025, 3)).toEqual([
      { id: status.id, kind: 'newsletter', newsletter_version: saved.version, status: 'sending' },
    ]);
  });

  it('when ten presses arrive at once, then there is still one briefing for the quarter', async () => {
    const bu = await as(officer);
    const saved = await saveNewsletter(2025, 4, 'Spring edition.');
    const presses = await Promise.all(
      Array.from({ length: 10 }, () =>
        bu.post('/api/briefings/newsletter', {
          ...confirmed,
          year: 2025,
          quarter: 4,
          version: saved.version,
        }),
      ),
    );
    expect(presses.map((p) => p.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(presses.map((p) => (p.body as BriefingStatus).id)).size).toBe(1);
    expect(await newsletterBriefings(2025, 4)).toHaveLength(1);
  });

  it('when a lead it was sent to opens it, then they read the sections, acknowledge and record the cascade, and are told there is no impact to report', async () => {
    const bu = await as(officer);
    const saved = await saveNewsletter(2026, 1, 'Welcome to the spring edition.');
    const sent = await bu.post('/api/briefings/newsletter', {
      ...confirmed,
      year: 2026,
      quarter: 1,
      version: saved.version,
    });
    expect(sent.status).toBe(201);
    const id = (sent.body as BriefingStatus).id;
    // As the cascade job leaves it: its recipients resolved from the lists.
    await api.database.db
      .updateTable('briefings')
      .set({ prepared_at: new Date() })
      .where('id', '=', id)
      .execute();
    await api.database.db
      .insertInto('briefing_recipients')
      .values({
        briefing_id: id,
        user_id: lead.oid,
        agency: 'Cleveland Police',
        name: lead.name,
        address: 'police.lead@example.org',
        chunk: 1,
      })
      .execute();

    const police = await as(lead);
    const opened = await police.get(`/api/lead/briefings/${id}`);
    expect(opened.status).toBe(200);
    const view = opened.body as LeadBriefing;
    expect(view).toMatchObject({
      kind: 'newsletter',
      kindTitle: 'Quarterly newsletter',
      recommendations: [],
      agency: 'Cleveland Police',
    });
    if (view.kind !== 'newsletter') throw new Error('not a newsletter');
    expect(view.newsletter.intro).toBe('Welcome to the spring edition.');
    expect(view.newsletter.sections.map((s) => s.heading)).toContain('Briefings');
    expect(view).not.toHaveProperty('identifiedLearning');

    expect((await police.post(`/api/lead/briefings/${id}/acknowledgement`)).status).toBe(200);
    const cascaded = await police.post(`/api/lead/briefings/${id}/cascades`, {
      method: 'intranet',
      on: '2026-04-02',
      staffReached: 400,
    });
    expect(cascaded.status).toBe(200);
    const before = await api.rowCounts();
    const impact = await police.post(`/api/lead/briefings/${id}/impact`, {
      recommendation: 1,
      change: 'Read it.',
      impact: 'None.',
    });
    expect(impact.status).toBe(422);
    expect(impact.body.errors.recommendation).toBe(
      'This briefing makes no recommendations, so there is no change or impact to report. Acknowledge it and record how you shared it.',
    );
    expect(await api.rowCounts()).toEqual(before);

    const list = (await police.get('/api/lead/briefings')).body as LeadBriefingSummary[];
    expect(list).toEqual([
      expect.objectContaining({
        id,
        acknowledgedByYou: true,
        cascaded: true,
        impactReported: 0,
        recommendationCount: 0,
      }),
    ]);
    const { body: status } = await bu.get(`/api/briefings/${id}`);
    expect((status as BriefingStatus).agencyStatus).toEqual([
      expect.objectContaining({
        agency: 'Cleveland Police',
        acknowledged: 1,
        staffReached: 400,
        impactReportedOn: [],
      }),
    ]);
  });
});

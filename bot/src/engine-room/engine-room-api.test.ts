import { loadPartnership, londonDate, type QueuePage, type RecordDetail } from '@pathways/core';
import JSZip from 'jszip';
import request from 'supertest';
import { kloeStore } from '../kloe/kloe-store';
import { seriousCaseStore } from '../serious-cases/serious-case-store';
import { considerationValues } from '../serious-cases/test-fixtures';
import { engineRoomStore } from './engine-room-store';
import { startApiUnderTest, type ApiUnderTest } from '../test-support/api-under-test';

let api: ApiUnderTest;
const jobs = { enqueue: async () => 'job', wake: () => undefined };
const ids: Record<string, string> = {};

async function as(roles: string[], sub = 'engine-room-person') {
  return `Bearer ${await api.issuer.sign({ roles, oid: sub, sub, name: 'Eli EngineRoom' })}`;
}

beforeAll(async () => {
  api = await startApiUnderTest();
  const store = kloeStore(api.database.db, jobs);
  const submit = async (key: string, subject: string, theme: string, at: string, by = 'pat') =>
    (
      await store.submit({
        partnershipId: 'hsscp',
        submissionKey: key,
        values: {
          organisation:
            key === 'police'
              ? 'Cleveland Police'
              : 'North Tees and Hartlepool NHS Foundation Trust',
          contactOfficer: 'Pat Practitioner',
          subject,
          theme,
          details: `Details about ${subject.toLowerCase()}.`,
          actionWanted: 'Review it.',
        },
        submittedBy: { aadObjectId: by, name: 'Pat Practitioner' },
        receipt: { conversationReference: {}, activityId: undefined },
        at: new Date(at),
      })
    ).kloe;
  const a = await submit(
    'neglect',
    'Neglect referrals bounce between teams',
    'Neglect',
    '2026-04-10T09:00:00Z',
  );
  const b = await submit(
    'police',
    'Strategy meetings without health',
    'Multi-agency working',
    '2026-05-10T09:00:00Z',
  );
  const c = await submit(
    'other',
    'Transitions to adult services',
    'Multi-agency working',
    '2026-06-10T09:00:00Z',
    'sol',
  );
  ids.a = a.id;
  ids.b = b.id;
  ids.c = c.id;
  // Accepted for a meeting: it has a deadline, so it comes first.
  await store.triage({
    partnershipId: 'hsscp',
    kloeId: b.id,
    expectedVersion: 1,
    decision: { kind: 'accept', meetingDate: '2026-07-01' },
    by: { aadObjectId: 'billie', name: 'Billie BusinessUnit' },
    at: new Date('2026-05-11T09:00:00Z'),
  });
}, 240_000);
afterAll(async () => {
  await api.close();
});

describe('the Engine Room queue', () => {
  it('when the Engine Room opens the queue, then the record with the next deadline comes first, then the newest', async () => {
    const res = await request(api.app)
      .get('/api/queue')
      .set('authorization', await as(['EngineRoom']));
    expect(res.status).toBe(200);
    const page = res.body as QueuePage;
    expect(page.items.map((i) => i.id)).toEqual([ids.b, ids.c, ids.a]);
    expect(page.items[0]?.nextDeadline).toEqual({ what: 'Engine Room meeting', due: '2026-07-01' });
    expect(page.total).toBe(3);
    expect(page.totalIsAtLeast).toBe(false);
  });

  it('when filtered by theme and searched, then only matching records come back', async () => {
    const auth = await as(['BusinessUnit']);
    const byTheme = (
      await request(api.app).get('/api/queue?theme=Neglect').set('authorization', auth)
    ).body as QueuePage;
    expect(byTheme.items.map((i) => i.id)).toEqual([ids.a]);
    const searched = (
      await request(api.app)
        .get('/api/queue')
        .query({ q: 'health strategy' })
        .set('authorization', auth)
    ).body as QueuePage;
    expect(searched.items.map((i) => i.id)).toEqual([ids.b]);
    const byDate = (
      await request(api.app)
        .get('/api/queue?from=2026-05-01&to=2026-05-31')
        .set('authorization', auth)
    ).body as QueuePage;
    expect(byDate.items.map((i) => i.id)).toEqual([ids.b]);
  });

  it('when paged one at a time, then every record comes exactly once in order', async () => {
    const auth = await as(['DevelopmentManager']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(api.app)
        .get('/api/queue')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set('authorization', auth);
      const page = res.body as QueuePage;
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.b, ids.c, ids.a]);
  });

  it('when a filter is malformed, then the message says which and how', async () => {
    const auth = await as(['EngineRoom']);
    const res = await request(api.app).get('/api/queue?limit=500').set('authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('limit: must be between 1 and 100');
    const bad = await request(api.app).get('/api/queue?cursor=nonsense').set('authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/start again from the first page/);
  });
});

/** A date relative to today in England (dates in the past or future are refused by rule). */
const inDays = (n: number) => londonDate(new Date(Date.now() + n * 86_400_000));

describe('working a record', () => {
  it('when evidence, an activity and a recommendation are added, then the record shows them and its history says who did what', async () => {
    const auth = await as(['EngineRoom']);
    const base = `/api/records/kloe/${ids.a}`;
    expect(
      (
        await request(api.app).post(`${base}/evidence`).set('authorization', auth).send({
          summary: 'Three audits found referrals passed back without a decision.',
          source: 'Multi-agency neglect audit',
          sourceDate: '2026-03-31',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await request(api.app)
          .post(`${base}/activities`)
          .set('authorization', auth)
          .send({
            kind: 'focus-group',
            description: 'Front-door managers on how referrals are passed on.',
            owner: 'Eli EngineRoom',
            startDate: inDays(10),
            endDate: inDays(24),
          })
      ).status,
    ).toBe(201);
    const res = await request(api.app)
      .post(`${base}/recommendations`)
      .set('authorization', auth)
      .send({
        text: 'Agree one route for neglect referrals.',
        owningAgency: 'Hartlepool Borough Council',
        dueDate: '2099-01-31',
      });
    const detail = res.body as RecordDetail;
    expect(res.status).toBe(201);
    expect(detail.evidence[0]).toMatchObject({
      source: 'Multi-agency neglect audit',
      sourceDate: '2026-03-31',
      addedBy: 'Eli EngineRoom',
    });
    expect(detail.activities[0]).toMatchObject({
      kindTitle: 'Focus group',
      owner: 'Eli EngineRoom',
    });
    expect(detail.recommendations[0]).toMatchObject({
      owningAgency: 'Hartlepool Borough Council',
      status: 'open',
    });
    expect(detail.history.map((h) => `${h.by} ${h.action}`)).toEqual([
      'Pat Practitioner raised it',
      'Eli EngineRoom added evidence from Multi-agency neglect audit',
      'Eli EngineRoom planned a focus group',
      'Eli EngineRoom recorded a recommendation for Hartlepool Borough Council',
    ]);
  });

  it('when a form is wrong, then 422 says what to change beside each field and nothing is stored', async () => {
    const auth = await as(['BusinessUnit']);
    const res = await request(api.app)
      .post(`/api/records/kloe/${ids.c}/activities`)
      .set('authorization', auth)
      .send({
        kind: 'party',
        description: '',
        owner: 'Billie',
        startDate: '2026-07-10',
        endDate: 'soon',
      });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      kind: 'Choose the type of activity from the list',
      description: 'Say what the activity will look at',
      endDate: 'Enter the end date as a date',
    });
    const detail = (
      await request(api.app).get(`/api/records/kloe/${ids.c}`).set('authorization', auth)
    ).body as RecordDetail;
    expect(detail.activities).toEqual([]);
  });

  it('when evidence is dated after today, or an activity being planned has already ended, then each is refused beside its date with the reason and nothing is stored', async () => {
    const auth = await as(['EngineRoom']);
    const base = `/api/records/kloe/${ids.c}`;
    const evidence = await request(api.app)
      .post(`${base}/evidence`)
      .set('authorization', auth)
      .send({
        summary: 'Audit of referrals.',
        source: 'Neglect audit',
        sourceDate: '2099-01-01',
      });
    expect(evidence.status).toBe(422);
    expect(evidence.body.errors).toEqual({
      sourceDate: 'The date of the evidence cannot be in the future',
    });
    const activity = await request(api.app)
      .post(`${base}/activities`)
      .set('authorization', auth)
      .send({
        kind: 'audit',
        description: 'Referrals passed back.',
        owner: 'Eli EngineRoom',
        startDate: '2019-01-01',
        endDate: '2019-12-31',
      });
    expect(activity.status).toBe(422);
    expect(activity.body.errors).toEqual({ endDate: 'The end date must be today or later' });
    const detail = (await request(api.app).get(base).set('authorization', auth))
      .body as RecordDetail;
    expect(detail.evidence).toEqual([]);
    expect(detail.activities).toEqual([]);
  });

  it('when evidence looks identifying, then it is held back with a warning until the person confirms', async () => {
    const auth = await as(['EngineRoom']);
    const body = {
      summary: 'Child at TS24 7AB seen twice.',
      source: 'Health visiting',
      sourceDate: '2026-03-01',
    };
    const held = await request(api.app)
      .post(`/api/records/kloe/${ids.c}/evidence`)
      .set('authorization', auth)
      .send(body);
    expect(held.status).toBe(422);
    expect(held.body.warnings[0]).toMatch(/a postcode/);
    const sent = await request(api.app)
      .post(`/api/records/kloe/${ids.c}/evidence`)
      .set('authorization', auth)
      .send({ ...body, confirmChecked: 'true' });
    expect(sent.status).toBe(201);
  });

  it('when the outcome is recorded twice, then the second is refused and the first kept', async () => {
    const auth = await as(['EngineRoom']);
    const url = `/api/records/kloe/${ids.b}/outcome`;
    expect(
      (
        await request(api.app)
          .post(url)
          .set('authorization', auth)
          .send({ learning: 'Invite health.', decision: 'learning-identified' })
      ).status,
    ).toBe(201);
    const again = await request(api.app)
      .post(url)
      .set('authorization', auth)
      .send({ learning: 'Other.', decision: 'no-further-action' });
    expect(again.status).toBe(409);
  });

  it('when an accepted KLOE is opened, then it shows its meeting and its whole history reads in plain English', async () => {
    const res = await request(api.app)
      .get(`/api/records/kloe/${ids.b}`)
      .set('authorization', await as(['EngineRoom']));
    expect(res.status).toBe(200);
    const detail = res.body as RecordDetail;
    expect(detail.version).toBe(2);
    expect(detail.fields).toContainEqual({
      id: 'meetingDate',
      label: 'Engine Room meeting',
      value: '2026-07-01',
    });
    expect(detail.fields.map((f) => f.id)).not.toContain('declineReason');
    expect(detail.history.map((h) => `${h.by} ${h.action}`)).toEqual([
      'Pat Practitioner raised it',
      'Billie BusinessUnit accepted it onto the Engine Room agenda',
      // The outcome recorded above: Engine Room lines join the KLOE's own, in time order.
      'Eli EngineRoom recorded the outcome',
    ]);
  });

  it('when the queue is filtered, then every kind of record is offered by its name', async () => {
    const res = await request(api.app)
      .get('/api/queue/facets')
      .set('authorization', await as(['EngineRoom']));
    expect(res.status).toBe(200);
    expect(res.body.types).toEqual([
      { value: 'kloe', title: 'KLOE' },
      { value: 'consideration', title: 'Consideration request' },
      { value: 'challenge', title: 'Professional challenge' },
    ]);
  });

  it('when a record does not exist, then 404 and nothing is stored', async () => {
    const auth = await as(['EngineRoom']);
    const res = await request(api.app)
      .post('/api/records/kloe/00000000-0000-4000-8000-000000000000/evidence')
      .set('authorization', auth)
      .send({ summary: 'x', source: 'y', sourceDate: '2026-01-01' });
    expect(res.status).toBe(404);
  });
});

describe('my submissions', () => {
  it('when a practitioner asks, then they see their own submissions only, with where they stand', async () => {
    const res = await request(api.app)
      .get('/api/my/submissions')
      .set('authorization', await as(['Practitioner'], 'sol'));
    expect(res.status).toBe(200);
    expect(res.body.map((s: { id: string }) => s.id)).toEqual([ids.c]);
    // The Engine Room planned an activity and added evidence on it (above): no longer waiting.
    expect(res.body[0].statusText).toBe('Being explored by the Engine Room');
  });
});

describe('the quarterly report to the Executive', () => {
  it('when the Executive asks for a quarter, then the figures come from the records of that quarter', async () => {
    const res = await request(api.app)
      .get('/api/reports/quarterly?year=2026&quarter=1')
      .set('authorization', await as(['Executive']));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      period: 'Quarter 1, 2026 to 2027 (April to June 2026)',
      kloes: { received: 3, explored: 1, closed: 0 },
      byTheme: [
        { theme: 'Multi-agency working', received: 2 },
        { theme: 'Neglect', received: 1 },
      ],
    });
  });

  it('when the Engine Room has worked on a KLOE and recorded its outcome, then the report counts it as explored, not closed', async () => {
    const kloe = (
      await kloeStore(api.database.db, jobs).submit({
        partnershipId: 'hsscp',
        submissionKey: 'explored-in-q2',
        values: {
          organisation: 'Cleveland Police',
          contactOfficer: 'Pat Practitioner',
          subject: 'Missing episodes not shared',
          theme: 'Neglect',
          details: 'Return interviews are not shared with schools.',
          actionWanted: 'Review it.',
        },
        submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
        receipt: { conversationReference: {}, activityId: undefined },
        at: new Date('2026-08-10T09:00:00Z'),
      })
    ).kloe;
    const engineRoom = engineRoomStore(api.database.db, loadPartnership('hsscp'));
    const eli = { aadObjectId: 'eli', name: 'Eli EngineRoom' };
    await engineRoom.addWork('kloe', kloe.id, eli, new Date('2026-08-11T09:00:00Z'), {
      kind: 'evidence',
      summary: 'Two audits found the same gap.',
      source: 'Missing audit',
      sourceDate: '2026-08-01',
    });
    await engineRoom.addWork('kloe', kloe.id, eli, new Date('2026-08-20T09:00:00Z'), {
      kind: 'outcome',
      learning: 'Share return interviews with schools.',
      decision: 'learning-identified',
    });
    const auth = await as(['Executive']);
    const report = await request(api.app)
      .get('/api/reports/quarterly?year=2026&quarter=2')
      .set('authorization', auth);
    expect(report.body).toMatchObject({
      title:
        'Hartlepool and Stockton-on-Tees Safeguarding Children Partnership: Engine Room quarterly report to the Executive',
      kloes: { received: 1, explored: 1, outcomeRecorded: 1, closed: 0 },
      kloeFigures: [
        { label: 'KLOEs received', value: 1 },
        { label: 'Explored by the Engine Room', value: 1 },
        { label: 'Outcome recorded', value: 1 },
        { label: 'Closed', value: 0 },
      ],
    });
    const record = (
      await request(api.app)
        .get(`/api/records/kloe/${kloe.id}`)
        .set('authorization', await as(['EngineRoom']))
    ).body as RecordDetail;
    expect(record.statusText).toBe('Outcome recorded');
    expect(record.lifecycle.map((s) => [s.text, s.by, s.at])).toEqual([
      ['Received', 'Pat Practitioner', '2026-08-10T09:00:00.000Z'],
      ['Being explored by the Engine Room', 'Eli EngineRoom', '2026-08-11T09:00:00.000Z'],
      ['Outcome recorded', 'Eli EngineRoom', '2026-08-20T09:00:00.000Z'],
    ]);
  });

  it('when downloaded, then it is a Word document in Arial with the partnership logo on the first page', async () => {
    const res = await request(api.app)
      .get('/api/reports/quarterly.docx?year=2026&quarter=1')
      .set('authorization', await as(['DevelopmentManager']))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('HSSCP-quarterly-report-2026-Q1.docx');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const documentXml = await zip.file('word/document.xml')!.async('string');
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(documentXml).toContain('KLOEs received');
    // The same declared title as the tab shows (GET /api/reports/quarterly).
    expect(documentXml).toContain(
      'Hartlepool and Stockton-on-Tees Safeguarding Children Partnership: Engine Room quarterly report to the Executive',
    );
    expect(styles).toContain('w:ascii="Arial"');
    expect(styles).toContain('<w:sz w:val="22"/>');
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/'))).toBe(true);
    const header = await zip.file('word/header1.xml')!.async('string');
    expect(header).toContain(
      'Hartlepool and Stockton-on-Tees Safeguarding Children Partnership logo',
    );
  });

  it('when the quarter is not 1 to 4, then the message says so', async () => {
    const res = await request(api.app)
      .get('/api/reports/quarterly?year=2026&quarter=5')
      .set('authorization', await as(['Executive']));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('quarter: must be 1, 2, 3 or 4');
  });
});

describe('a consideration request in the Engine Room', () => {
  it('when its record is opened, then it shows what identifies no one; the child and family stay behind the audited details route', async () => {
    const { seriousCase } = await seriousCaseStore(api.database.db, jobs).submit({
      partnershipId: 'hsscp',
      submissionKey: 'cspr-1',
      values: considerationValues('2026-11-16'),
      submittedBy: { aadObjectId: 'pat', name: 'Pat' },
      receipt: { conversationReference: {}, activityId: undefined },
      at: new Date('2026-11-16T12:00:00Z'),
    });
    const res = await request(api.app)
      .get(`/api/records/consideration/${seriousCase.id}`)
      .set('authorization', await as(['EngineRoom']));
    expect(res.status).toBe(200);
    const detail = res.body as RecordDetail;
    expect(detail.fields.find((f) => f.id === 'referringAgency')?.value).toBe('Cleveland Police');
    const text = JSON.stringify(detail);
    for (const identifying of ['Jamie', 'Quillfeather', 'TS24', 'Larkspur', '2019-03-04']) {
      expect(text).not.toContain(identifying);
    }
  });
});

describe('linked KLOEs in the Engine Room', () => {
  it('when a KLOE is closed as a duplicate, then each record links to the other and the history names it', async () => {
    const store = kloeStore(api.database.db, jobs);
    const raise = async (key: string, at: string) =>
      (
        await store.submit({
          partnershipId: 'hsscp',
          submissionKey: key,
          values: {
            organisation: 'Cleveland Police',
            contactOfficer: 'Pat Practitioner',
            subject: 'Missing episodes not shared',
            theme: 'Exploitation',
            details: 'Details about missing episodes.',
            actionWanted: 'Review it.',
          },
          submittedBy: { aadObjectId: 'lou', name: 'Lou Linked' },
          receipt: { conversationReference: {}, activityId: undefined },
          at: new Date(at),
        })
      ).kloe;
    const first = await raise('linked-first', '2025-09-01T09:00:00Z');
    const second = await raise('linked-second', '2025-09-02T09:00:00Z');
    await store.triage({
      partnershipId: 'hsscp',
      kloeId: second.id,
      expectedVersion: 1,
      decision: { kind: 'link', otherReference: first.reference, linkKind: 'duplicate' },
      by: { aadObjectId: 'billie', name: 'Billie BusinessUnit' },
      at: new Date('2025-09-03T09:00:00Z'),
    });
    const open = async (id: string) =>
      (
        await request(api.app)
          .get(`/api/records/kloe/${id}`)
          .set('authorization', await as(['EngineRoom']))
      ).body as RecordDetail;

    const duplicate = await open(second.id);
    expect(duplicate.links).toEqual([
      { type: 'kloe', id: first.id, reference: first.reference, relation: 'Duplicate of' },
    ]);
    expect(duplicate.history.map((h) => h.action)).toEqual([
      'raised it',
      `closed it as a duplicate (${first.reference})`,
    ]);
    expect((await open(first.id)).links).toEqual([
      { type: 'kloe', id: second.id, reference: second.reference, relation: 'Has duplicate' },
    ]);
  });
});

describe('records stored under an agency’s former name', () => {
  it('when the queue is filtered by an agency, then records under its former names come back under its current name', async () => {
    const store = kloeStore(api.database.db, jobs);
    const raise = async (key: string, organisation: string, at: string) =>
      (
        await store.submit({
          partnershipId: 'hsscp',
          submissionKey: key,
          values: {
            organisation,
            contactOfficer: 'Pat Practitioner',
            subject: `Fire safety visits (${key})`,
            theme: 'Neglect',
            details: 'Fire safety visits do not ask about children in the home.',
            actionWanted: 'Review it.',
          },
          submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
          receipt: { conversationReference: {}, activityId: undefined },
          at: new Date(at),
        })
      ).kloe;
    // One from before the rename, as stored then; one since.
    const before = await raise(
      'fire-old',
      'Cleveland Fire and Rescue Service',
      '2021-03-01T09:00:00Z',
    );
    const since = await raise('fire-new', 'Cleveland Fire Brigade', '2026-03-01T09:00:00Z');
    const auth = await as(['EngineRoom']);
    const page = (
      await request(api.app)
        .get('/api/queue')
        .query({ agency: 'Cleveland Fire Brigade' })
        .set('authorization', auth)
    ).body as QueuePage;
    expect(page.items.map((i) => [i.id, i.agency])).toEqual([
      [since.id, 'Cleveland Fire Brigade'],
      [before.id, 'Cleveland Fire Brigade'],
    ]);
    const facets = (await request(api.app).get('/api/queue/facets').set('authorization', auth))
      .body as { agencies: string[] };
    expect(facets.agencies).toContain('Cleveland Fire Brigade');
    expect(facets.agencies).not.toContain('Cleveland Fire and Rescue Service');
  });
});

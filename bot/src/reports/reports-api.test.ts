import {
  loadPartnership,
  newsletterAsBriefing,
  type CaseEvent,
  type CirculationView,
  type NewsletterVersion,
  type NewsletterView,
  type QuarterlyReport,
} from '@pathways/core';
import JSZip from 'jszip';
import request from 'supertest';
import { engineRoomStore } from '../engine-room/engine-room-store';
import { kloeStore } from '../kloe/kloe-store';
import { seriousCaseStore } from '../serious-cases/serious-case-store';
import { considerationValues } from '../serious-cases/test-fixtures';
import { startApiUnderTest, type ApiUnderTest } from '../test-support/api-under-test';

/**
 * A seeded quarter, counted by hand: HSSCP, quarter 3 of 2025 to 2026
 * (October to December 2025), the quarter of the second seed newsletter.
 * Each fixture says whether it falls in the quarter and why.
 */
let api: ApiUnderTest;
const jobs = { enqueue: async () => 'job', wake: () => undefined };
const hsscp = loadPartnership('hsscp');
const NOW = new Date('2026-03-31T12:00:00Z');

async function as(role: string, sub = `${role}-person`) {
  return `Bearer ${await api.issuer.sign({ roles: [role], oid: sub, sub, name: `${role} person` })}`;
}

beforeAll(async () => {
  api = await startApiUnderTest({}, { now: () => NOW });
  const db = api.database.db;

  // Serious cases.
  const cases = seriousCaseStore(db, jobs);
  const seriousCase = async (key: string, laAware: string, at: string, events: CaseEvent[]) => {
    const { seriousCase: c } = await cases.submit({
      partnershipId: 'hsscp',
      submissionKey: key,
      values: considerationValues(laAware),
      submittedBy: { aadObjectId: 'pat', name: 'Pat' },
      receipt: { conversationReference: {}, activityId: undefined },
      at: new Date(at),
    });
    for (const event of events) {
      const r = await cases.transition(
        'hsscp',
        c.id,
        event,
        { aadObjectId: 'billie', name: 'Billie BusinessUnit' },
        {
          today: '2026-03-31',
        },
      );
      if (!r.ok) throw new Error(`${key} ${event.type}: ${r.message}`);
    }
  };
  // C1: received, notified, Rapid Review done and decided in the quarter: 1 notification, 1 request, 1 Rapid Review.
  await seriousCase('c1', '2025-10-01', '2025-10-02T10:00:00Z', [
    { type: 'record-notification', on: '2025-10-03' },
    { type: 'start-rapid-review', on: '2025-10-06' },
    { type: 'send-rapid-review', on: '2025-10-20' },
    {
      type: 'decide',
      on: '2025-11-10',
      decision: 'no-lcspr',
      reasons: 'Learning taken forward by audit.',
    },
  ]);
  // C2: LCSPR started in July, not published: under way at the quarter's end.
  await seriousCase('c2', '2025-06-09', '2025-06-10T10:00:00Z', [
    { type: 'record-notification', on: '2025-06-12' },
    { type: 'start-rapid-review', on: '2025-06-13' },
    { type: 'send-rapid-review', on: '2025-06-30' },
    { type: 'decide', on: '2025-07-15', decision: 'lcspr' },
    { type: 'start-lcspr', on: '2025-07-20' },
  ]);
  // C3: an LCSPR from 2024 published in November 2025: published, not under way.
  await seriousCase('c3', '2024-10-31', '2024-11-01T10:00:00Z', [
    { type: 'record-notification', on: '2024-11-01' },
    { type: 'start-rapid-review', on: '2024-11-04' },
    { type: 'send-rapid-review', on: '2024-11-20' },
    { type: 'decide', on: '2024-12-01', decision: 'lcspr' },
    { type: 'start-lcspr', on: '2024-12-10' },
    { type: 'publish', on: '2025-11-25' },
  ]);
  // C4: received in December, notified in January: a request, not a notification, this quarter.
  await seriousCase('c4', '2025-12-19', '2025-12-20T10:00:00Z', [
    { type: 'record-notification', on: '2026-01-05' },
  ]);
  // C5: received at 00:30 on 1 October in England (23:30 on 30 September UTC): in the quarter.
  await seriousCase('c5', '2025-09-30', '2025-09-30T23:30:00Z', []);

  // KLOEs: two accepted in the quarter (both Neglect), one in June.
  const kloes = kloeStore(db, jobs);
  const kloe = async (key: string, theme: string, at: string, acceptedAt: string) => {
    const { kloe: k } = await kloes.submit({
      partnershipId: 'hsscp',
      submissionKey: key,
      values: {
        organisation: 'Cleveland Police',
        contactOfficer: 'Pat Practitioner',
        subject: `Subject ${key}`,
        theme,
        details: 'Details.',
        actionWanted: 'Review it.',
      },
      submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
      receipt: { conversationReference: {}, activityId: undefined },
      at: new Date(at),
    });
    await kloes.triage({
      partnershipId: 'hsscp',
      kloeId: k.id,
      expectedVersion: 1,
      decision: { kind: 'accept', meetingDate: '2026-07-01' },
      by: { aadObjectId: 'billie', name: 'Billie BusinessUnit' },
      at: new Date(acceptedAt),
    });
    return k.id;
  };
  const k1 = await kloe('k1', 'Neglect', '2025-09-20T10:00:00Z', '2025-10-05T10:00:00Z');
  await kloe('k2', 'Neglect', '2025-10-10T10:00:00Z', '2025-11-01T10:00:00Z');
  await kloe('k3', 'Multi-agency working', '2025-06-01T10:00:00Z', '2025-06-05T10:00:00Z');

  // Engine Room activity on K1: two audits in the quarter (one finished), one before; one focus group.
  const engineRoom = engineRoomStore(db, hsscp);
  const activity = (activity: string, description: string, startDate: string, endDate: string) =>
    engineRoom.addWork(
      'kloe',
      k1,
      { aadObjectId: 'eli', name: 'Eli' },
      new Date(`${startDate}T09:00:00Z`),
      {
        kind: 'activity',
        activity,
        description,
        owner: 'Eli EngineRoom',
        startDate,
        endDate,
      },
    );
  await activity('audit', 'Step down from social care assessment', '2025-11-13', '2025-11-13');
  await activity('audit', "Children's mental health and wellbeing", '2025-12-01', '2026-01-31');
  await activity('audit', 'Strategy discussions', '2025-07-01', '2025-09-30');
  await activity(
    'focus-group',
    'Neglect: practitioners on the rough guides',
    '2025-10-15',
    '2025-10-15',
  );

  // Recommendations, as the records hold them (completion and impact testing come from Planner).
  let recommendations = 0;
  const recommendation = (
    created: string,
    due: string,
    completed: string | null,
    impact: string | null = null,
  ) =>
    db
      .insertInto('record_recommendations')
      .values({
        partnership_id: 'hsscp',
        reference: `REC-2025-${String((recommendations += 1)).padStart(4, '0')}`,
        source: 'kloe',
        record_type: 'kloe',
        record_id: k1,
        text: 'A change',
        owning_agency: 'Cleveland Police',
        due_date: due,
        created_by_id: 'eli',
        created_at: new Date(created),
        completed_at: completed ? new Date(completed) : null,
        impact_recorded_at: impact ? new Date(impact) : null,
      })
      .execute();
  await recommendation('2025-10-10T10:00:00Z', '2025-12-01', '2025-11-20T10:00:00Z'); // R1
  await recommendation('2025-11-01T10:00:00Z', '2025-12-15', null); // R2: overdue at the end of Q3
  await recommendation('2025-07-01T10:00:00Z', '2026-03-01', null); // R3
  await recommendation(
    '2025-05-01T10:00:00Z',
    '2025-06-01',
    '2025-06-20T10:00:00Z',
    '2025-10-20T10:00:00Z',
  ); // R4
  // R5: made 00:30 on 1 July and completed 00:30 on 1 October, in England.
  await recommendation('2025-06-30T23:30:00Z', '2025-09-01', '2025-09-30T23:30:00Z');
  // One of another partnership's, never counted.
  await db
    .insertInto('record_recommendations')
    .values({
      partnership_id: 'stockport',
      reference: 'REC-2025-0001',
      source: 'kloe',
      record_type: 'kloe',
      record_id: k1,
      text: 'Elsewhere',
      owning_agency: 'Greater Manchester Police',
      due_date: '2025-10-01',
      created_by_id: 'x',
      created_at: new Date('2025-11-01T10:00:00Z'),
    })
    .execute();

  // Meetings and events, recorded through the API by the Business Unit.
  const bu = await as('BusinessUnit');
  const event = async (body: object) => {
    const res = await request(api.app)
      .post('/api/circulation/events')
      .set('authorization', bu)
      .send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  await event({
    kind: 'training-session',
    title: 'Neglect: the rough guides',
    on: '2025-10-07',
    delivery: 'in-person',
  });
  await event({
    kind: 'training-session',
    title: 'Working Together',
    on: '2025-11-12',
    delivery: 'virtual',
  });
  await event({
    kind: 'training-session',
    title: 'Professional challenge',
    on: '2025-12-03',
    delivery: 'virtual',
  });
  await event({
    kind: 'training-session',
    title: 'Harm outside the home',
    on: '2026-01-10',
    delivery: 'virtual',
  });
  await event({ kind: 'engine-room-meeting', title: 'Engine Room', on: '2025-11-04' });
  const als = await event({
    kind: 'active-learning-set',
    title: 'Neglect Active Learning Set',
    on: '2025-11-18',
  });
  const done = async (body: object) => {
    const res = await request(api.app)
      .post('/api/circulation/done')
      .set('authorization', bu)
      .send(body);
    expect(res.status).toBe(201);
  };
  // Marked done on the circulation plan: that is the plan's record, not a briefing issued.
  await done({ itemId: 'briefing-note', occurrence: als, doneOn: '2025-11-25' });
  await done({ itemId: 'e-bulletin', occurrence: '2025-10', doneOn: '2025-10-31' });

  // Briefings, as the cascade leaves them: one Graph side effect per message, done once sent.
  // A briefing is issued on the day (in England) its last message went.
  let briefings = 0;
  const briefing = async (
    title: string,
    messages: (string | null)[],
    over: { partnership?: string; kind?: string } = {},
  ) => {
    briefings += 1;
    const partnership = over.partnership ?? 'hsscp';
    const b = await db
      .insertInto('briefings')
      .values({
        partnership_id: partnership,
        reference: `BRF-2025-${String(briefings).padStart(4, '0')}`,
        title,
        kind: over.kind ?? 'proactive',
        theme: 'Neglect',
        note: JSON.stringify({ title, kind: over.kind ?? 'proactive', recommendations: [] }),
        status: messages.length > 0 ? 'sending' : 'draft',
        created_by_id: 'billie',
        created_by_name: 'Billie BusinessUnit',
        created_at: new Date('2025-07-01T09:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (messages.length === 0) return;
    await db
      .updateTable('briefings')
      .set({ prepared_at: new Date('2025-07-01T09:00:00Z') })
      .where('id', '=', b.id)
      .execute();
    for (const [i, completed] of messages.entries()) {
      const effect = await db
        .insertInto('graph_side_effects')
        .values({
          partnership_id: partnership,
          effect_key: `briefing:${b.id}:message:${i + 1}`,
          kind: 'mail.send',
          payload: '{}',
          status: completed ? 'done' : 'pending',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (completed)
        await db
          .updateTable('graph_side_effects')
          .set({ completed_at: new Date(completed) })
          .where('id', '=', effect.id)
          .execute();
      await db
        .insertInto('briefing_messages')
        .values({ briefing_id: b.id, chunk: i + 1, effect_id: effect.id, recipients: 500 })
        .execute();
    }
  };
  // In the quarter: its last message went at 00:30 on 1 October in England (BST).
  await briefing('Early help: the new front door', ['2025-09-30T23:30:00Z']);
  // In the quarter: two messages, the second a minute after the first.
  await briefing('Learning from the neglect Active Learning Set', [
    '2025-11-25T10:00:00Z',
    '2025-11-25T10:01:00Z',
  ]);
  // In the quarter: 23:30 on 31 December in England (GMT).
  await briefing('Strategy discussions: what the audit found', ['2025-12-31T23:30:00Z']);
  // Not in it: the first message went in December, the last in January.
  await briefing('Harm outside the home', ['2025-12-31T10:00:00Z', '2026-01-05T10:00:00Z']);
  // Not issued: one message still waiting to be sent.
  await briefing('Still sending', ['2025-11-01T10:00:00Z', null]);
  // Not issued: a draft never sent.
  await briefing('A draft', []);
  // Not a briefing note: last quarter's newsletter, sent as a briefing in October.
  await briefing('HSSCP newsletter: quarter two of 2025-2026', ['2025-10-10T10:00:00Z'], {
    kind: 'newsletter',
  });
  // Another partnership's.
  await briefing('Elsewhere', ['2025-11-05T10:00:00Z'], { partnership: 'stockport' });
}, 120_000);
afterAll(async () => {
  await api.close();
});

const figures = (v: NewsletterVersion) =>
  Object.fromEntries(
    v.content.sections.map((s) => [
      s.id,
      Object.fromEntries(s.figures.map((f) => [f.label, f.value])),
    ]),
  );
const section = (v: NewsletterVersion, id: string) => v.content.sections.find((s) => s.id === id)!;

describe('the quarterly report: action figures', () => {
  it('when the Executive asks for quarter 3, then each quarter of the year so far has its recommendations made, in progress, completed, overdue and impact tested', async () => {
    const res = await request(api.app)
      .get('/api/reports/quarterly?year=2025&quarter=3')
      .set('authorization', await as('Executive'));
    expect(res.status).toBe(200);
    const actions = (res.body as QuarterlyReport).actions.map(({ period: _p, ...a }) => a);
    expect(actions).toEqual([
      { quarter: 1, made: 1, inProgress: 0, completed: 1, overdue: 0, impactTested: 0 },
      { quarter: 2, made: 2, inProgress: 2, completed: 0, overdue: 1, impactTested: 0 },
      { quarter: 3, made: 2, inProgress: 2, completed: 2, overdue: 1, impactTested: 1 },
    ]);
  });

  it('when downloaded as Word, then the action figures are in it', async () => {
    const res = await request(api.app)
      .get('/api/reports/quarterly.docx?year=2025&quarter=3')
      .set('authorization', await as('DevelopmentManager'))
      .buffer(true)
      .parse((response, cb) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const xml = await (
      await JSZip.loadAsync(res.body as Buffer)
    )
      .file('word/document.xml')!
      .async('string');
    for (const text of ['Impact tested', 'Overdue at the end of the quarter', 'Quarter 3'])
      expect(xml).toContain(text);
  });
});

describe('the partners’ newsletter', () => {
  it('when nothing is saved for a seeded quarter, then the draft from the records carries the right counts in every section', async () => {
    const res = await request(api.app)
      .get('/api/reports/newsletter?year=2025&quarter=3')
      .set('authorization', await as('BusinessUnit'));
    expect(res.status).toBe(200);
    const view = res.body as NewsletterView;
    expect(view.versions).toEqual([]);
    expect(view.current.version).toBe(0);
    expect(figures(view.current)).toEqual({
      'serious-incidents': {
        'Serious incident notifications': 1,
        'Consideration requests received': 3,
        'Rapid Reviews completed': 1,
      },
      reviews: { 'LCSPRs under way at the end of the quarter': 1, 'LCSPRs published': 1 },
      audits: { 'Audits this quarter': 2, 'Of those, finished': 1 },
      'work-streams': {
        'KLOEs explored': 2,
        'Investigative activities': 1,
        'Recommendations made': 2,
        'Recommendations completed': 2,
        'Recommendations in progress': 2,
        'Recommendations overdue': 1,
        'Recommendations impact tested': 1,
      },
      training: { 'Training sessions': 3, 'Face to face': 1, Virtual: 2, Hybrid: 0 },
      briefings: { 'Briefings issued': 3 },
    });
  });

  it('when drafted, then it reads like the partnership’s own newsletter and names cases by reference only', async () => {
    const { body } = await request(api.app)
      .get('/api/reports/newsletter/draft?year=2025&quarter=3')
      .set('authorization', await as('Executive'));
    const draft = body as NewsletterVersion;
    expect(draft.content.greeting).toBe(
      'Dear Hartlepool and Stockton-on-Tees Safeguarding Children Partnership Colleagues,',
    );
    expect(draft.content.intro).toContain('during quarter three of 2025-2026');
    expect(draft.content.sections.map((s) => s.heading)).toEqual([
      'Serious Incident Notification / Learning Requests',
      'Local Child Safeguarding Practice Reviews',
      'Multi-agency Audit',
      'Work Streams',
      'HSSCP Training',
      'Briefings',
    ]);
    expect(section(draft, 'serious-incidents').text).toMatch(
      /^1 serious incident notification was received during this quarter\.\n\n- CSPR-2025-\d{4}: the Rapid Review agreed not to progress to an LCSPR\./,
    );
    expect(section(draft, 'training').text).toContain(
      '3 training sessions have been held (1 face to face, 2 virtual)',
    );
    expect(section(draft, 'briefings').text).toBe(
      [
        '3 briefings were issued to partner agencies this quarter:',
        '',
        '- Early help: the new front door (Wednesday 1 October 2025)',
        '- Learning from the neglect Active Learning Set (Tuesday 25 November 2025)',
        '- Strategy discussions: what the audit found (Wednesday 31 December 2025)',
      ].join('\n'),
    );
    const text = JSON.stringify(draft);
    for (const identifying of ['Jamie', 'Quillfeather', 'Larkspur', 'TS24'])
      expect(text).not.toContain(identifying);
  });

  it('when the Business Unit edits and saves it twice, then each save is a new version and the figures stay as drafted', async () => {
    const bu = await as('BusinessUnit');
    const { body: view } = await request(api.app)
      .get('/api/reports/newsletter?year=2025&quarter=3')
      .set('authorization', bu);
    const edit = (expectedVersion: number, intro: string) => ({
      expectedVersion,
      content: {
        ...view.current.content,
        intro,
        sections: view.current.content.sections.map(
          ({ figures: _f, ...s }: { figures: unknown }) => s,
        ),
      },
    });
    const first = await request(api.app)
      .post('/api/reports/newsletter?year=2025&quarter=3')
      .set('authorization', bu)
      .send(edit(0, 'Welcome to the winter edition.'));
    expect(first.status).toBe(201);
    expect(first.body.version).toBe(1);
    const second = await request(api.app)
      .post('/api/reports/newsletter?year=2025&quarter=3')
      .set('authorization', await as('DevelopmentManager'))
      .send(edit(1, 'Welcome to the winter edition of our newsletter.'));
    expect(second.status).toBe(201);

    const { body: after } = await request(api.app)
      .get('/api/reports/newsletter?year=2025&quarter=3')
      .set('authorization', bu);
    expect(after.current.version).toBe(2);
    expect(after.current.content.intro).toBe('Welcome to the winter edition of our newsletter.');
    expect(figures(after.current)).toEqual(figures(view.current));
    expect(
      after.versions.map((v: { version: number; savedBy: string }) => [v.version, v.savedBy]),
    ).toEqual([
      [2, 'DevelopmentManager person'],
      [1, 'BusinessUnit person'],
    ]);
    const { body: v1 } = await request(api.app)
      .get('/api/reports/newsletter/versions/1?year=2025&quarter=3')
      .set('authorization', bu);
    expect(v1.content.intro).toBe('Welcome to the winter edition.');

    // Someone editing version 1 meanwhile is told, and nothing is saved.
    const stale = await request(api.app)
      .post('/api/reports/newsletter?year=2025&quarter=3')
      .set('authorization', bu)
      .send(edit(1, 'Mine'));
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain(
      'Someone saved this newsletter while you were editing it',
    );

    // The saved newsletter in the shape a briefing takes.
    const briefing = newsletterAsBriefing(after.current);
    expect(briefing).toMatchObject({
      kind: 'newsletter',
      title: 'HSSCP newsletter: quarter three of 2025-2026',
      intro: 'Welcome to the winter edition of our newsletter.',
      source: { year: 2025, quarter: 3, version: 2 },
    });
  });

  it('when the words are started again from the records, then the new version carries the figures of the records now', async () => {
    const bu = await as('BusinessUnit');
    const path = '/api/reports/newsletter?year=2025&quarter=2';
    const { body: view } = await request(api.app).get(path).set('authorization', bu);
    const words = (v: NewsletterVersion) =>
      v.content.sections.map(({ id, heading, text }) => ({ id, heading, text }));
    const first = await request(api.app)
      .post(path)
      .set('authorization', bu)
      .send({
        expectedVersion: 0,
        content: { ...view.current.content, sections: words(view.current) },
      });
    expect(figures(first.body).training!['Training sessions']).toBe(0);
    // A training session in the quarter is recorded after the first save.
    await request(api.app).post('/api/circulation/events').set('authorization', bu).send({
      kind: 'training-session',
      title: 'Late entry',
      on: '2025-09-15',
      delivery: 'hybrid',
    });
    const kept = await request(api.app)
      .post(path)
      .set('authorization', bu)
      .send({
        expectedVersion: 1,
        content: { ...first.body.content, sections: words(first.body) },
      });
    expect(figures(kept.body).training!['Training sessions']).toBe(0);
    const { body: fresh } = await request(api.app)
      .get('/api/reports/newsletter/draft?year=2025&quarter=2')
      .set('authorization', bu);
    const again = await request(api.app)
      .post(path)
      .set('authorization', bu)
      .send({
        expectedVersion: 2,
        fromRecords: true,
        content: { ...fresh.content, sections: words(fresh) },
      });
    expect(again.status).toBe(201);
    expect(figures(again.body).training).toMatchObject({ 'Training sessions': 1, Hybrid: 1 });
  });

  it('when an edit names a child by first name with an age, then it is refused naming the kind, never the child', async () => {
    const bu = await as('BusinessUnit');
    const { body: view } = await request(api.app)
      .get('/api/reports/newsletter?year=2025&quarter=4')
      .set('authorization', bu);
    const sections = view.current.content.sections.map(
      ({ figures: _f, ...s }: { figures: unknown }) => s,
    );
    const res = await request(api.app)
      .post('/api/reports/newsletter?year=2025&quarter=4')
      .set('authorization', bu)
      .send({
        expectedVersion: 0,
        content: {
          ...view.current.content,
          intro: 'Jordan Price, aged 6, was left with a neighbour overnight.',
          sections,
        },
      });
    expect(res.status).toBe(422);
    expect(res.body.errors['content.intro']).toBe(
      'Take out a person\u2019s name: the newsletter goes to every agency and must not identify a child, family or colleague',
    );
  });

  it('when an edit names a child, then it is refused beside the section, and nothing is saved', async () => {
    const bu = await as('BusinessUnit');
    const { body: view } = await request(api.app)
      .get('/api/reports/newsletter?year=2025&quarter=4')
      .set('authorization', bu);
    const sections = view.current.content.sections.map(
      ({ figures: _f, ...s }: { figures: unknown }) => s,
    );
    sections[1].text = 'The review for the child, date of birth 04/03/2019, continues.';
    const res = await request(api.app)
      .post('/api/reports/newsletter?year=2025&quarter=4')
      .set('authorization', bu)
      .send({ expectedVersion: 0, content: { ...view.current.content, sections } });
    expect(res.status).toBe(422);
    expect(res.body.errors['content.sections.1.text']).toMatch(
      /^Take out .*must not identify a child/,
    );
    const { body: still } = await request(api.app)
      .get('/api/reports/newsletter?year=2025&quarter=4')
      .set('authorization', bu);
    expect(still.versions).toEqual([]);
  });
});

describe('the circulation plan', () => {
  it('when the Business Unit looks at November 2025, then the briefing note is done, the e-bulletin overdue and the quarter’s report overdue', async () => {
    const res = await request(api.app)
      .get('/api/circulation?from=2025-11-01&to=2025-11-30')
      .set('authorization', await as('BusinessUnit'));
    expect(res.status).toBe(200);
    const view = res.body as CirculationView;
    const find = (itemId: string, occurrence: string) =>
      view.due.find((d) => d.itemId === itemId && d.occurrence === occurrence);
    const als = view.events.find((e) => e.kind === 'active-learning-set')!;
    expect(find('briefing-note', als.id)).toMatchObject({ status: 'done', doneOn: '2025-11-25' });
    expect(find('e-bulletin', '2025-11')).toMatchObject({ status: 'overdue', dueBy: '2025-11-30' });
    expect(find('e-bulletin', '2025-10')).toBeUndefined(); // done, and before the window
    expect(find('quarterly-report', '2025-Q3')).toMatchObject({
      status: 'overdue',
      dueBy: '2025-12-31',
    });
    expect(view.standing.map((s) => s.id)).toEqual(['general-communications']);
    expect(view.due[0]!.status).toBe('overdue');
  });

  it('when a training session is recorded without saying how it was delivered, then the message says so beside the field', async () => {
    const res = await request(api.app)
      .post('/api/circulation/events')
      .set('authorization', await as('BusinessUnit'))
      .send({ kind: 'training-session', title: 'Neglect', on: '2025-10-07' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      delivery: 'Say how the training was delivered: face to face, virtual or hybrid',
    });
  });

  it('when something is marked done on a date still to come, then it is refused', async () => {
    const res = await request(api.app)
      .post('/api/circulation/done')
      .set('authorization', await as('BusinessUnit'))
      .send({ itemId: 'e-bulletin', occurrence: '2026-04', doneOn: '2026-04-30' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ doneOn: 'The date it was done cannot be in the future' });
  });
});

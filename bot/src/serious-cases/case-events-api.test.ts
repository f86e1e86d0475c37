import type { Persona } from '@pathways/sandbox';
import { auditLog } from '../platform/db/repositories';
import { eventually, startHarness, type Harness } from '../test-support/harness';
import { seriousCaseStore } from './serious-case-store';
import { considerationValues } from './test-fixtures';

let h: Harness;
let bu: Persona;
let pat: Persona;
let caseId: string;
let reference: string;

beforeAll(async () => {
  h = await startHarness();
  bu = h.persona('BusinessUnit');
  pat = h.persona('Practitioner');
  const { seriousCase } = await seriousCaseStore(h.service.database.db, h.service.jobs).submit({
    partnershipId: 'hsscp',
    submissionKey: 'events-api-1',
    values: considerationValues('2026-03-02'),
    submittedBy: { aadObjectId: pat.id, name: pat.displayName },
    receipt: { conversationReference: {}, activityId: undefined },
    at: new Date('2026-03-02T12:00:00Z'),
  });
  caseId = seriousCase.id;
  reference = seriousCase.reference;
}, 240_000);
afterAll(async () => {
  await h.close();
});

type Problem = { error: { code: string; message: string } };
const record = (persona: Persona | undefined, event: object, expectedVersion?: number) =>
  h.api(persona, 'POST', `/api/serious-cases/${caseId}/events`, {
    event,
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  });

async function channelCard() {
  const state = await h.state();
  return state.teams
    .flatMap((t) => t.channels)
    .flatMap((c) => c.threads.map((t) => t.root))
    .find((p) => p.summary === `Urgent: consideration request ${reference}`);
}

describe('recording a serious case\u2019s progress through the API', () => {
  it('when nobody is signed in, then the API answers 401', async () => {
    expect((await h.api(undefined, 'GET', '/api/serious-cases')).status).toBe(401);
  });

  it('when a practitioner asks, then cases are closed to them', async () => {
    const res = await h.api(pat, 'GET', '/api/serious-cases');
    expect(res.status).toBe(403);
    expect((await record(pat, { type: 'start-rapid-review', on: '2026-03-05' })).status).toBe(403);
  });

  it('when the Business Unit lists cases, then it sees the clocks and none of the child\u2019s details', async () => {
    const res = await h.api(bu, 'GET', '/api/serious-cases');
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).toContain(reference);
    expect(text).toContain('"due":"2026-03-09"'); // Mon 2 Mar + 5 working days
    expect(text).not.toContain('Quillfeather');
  });

  it('when a step is recorded out of order, then it is refused with the reason', async () => {
    await eventually(async () => channelCard(), 'the first channel card');
    const res = await record(bu, { type: 'send-rapid-review', on: '2026-03-20' });
    expect(res.status).toBe(409);
    expect((res.body as Problem).error).toEqual({
      code: 'TransitionRefused',
      message:
        'Record the Rapid Review as sent to the Panel is not possible now: the case is "Received by the Business Unit". Record the notification to the Panel first, or close the case if it is not to be notified.',
    });
  });

  it('when the notification is recorded, then the case moves on, the audit says who, and the channel card is updated in place', async () => {
    const res = await record(bu, { type: 'record-notification', on: '2026-03-05' }, 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'notification-recorded', version: 2 });
    const trail = await auditLog(h.service.database.db).forSubject('hsscp', 'serious-case', caseId);
    expect(trail.at(-1)).toMatchObject({
      action: 'serious-case.record-notification',
      actorId: bu.id,
      detail: { from: 'received', to: 'notification-recorded', on: '2026-03-05' },
    });
    const updated = await eventually(async () => {
      const post = await channelCard();
      return post && post.updateCount > 0 ? post : undefined;
    }, 'the card updated in place');
    expect(JSON.stringify(updated.attachments[0]?.content)).toContain(
      'Rapid Review sent to the Panel due',
    );
  });

  it('when the Engine Room opens its queue, then the case is there with its next deadline and nothing identifying', async () => {
    const res = await h.api(h.persona('EngineRoom'), 'GET', '/api/queue?type=consideration');
    expect(res.status).toBe(200);
    const items = (
      res.body as { items: { reference: string; title: string; nextDeadline: unknown }[] }
    ).items;
    const item = items.find((i) => i.reference === reference);
    expect(item).toMatchObject({
      title: 'Consideration request from Cleveland Police',
      // Notified Thu 5 Mar: the Rapid Review is due 15 working days later, Thu 26 Mar.
      nextDeadline: { what: 'Rapid Review sent to the Panel', due: '2026-03-26' },
    });
    expect(JSON.stringify(res.body)).not.toContain('Quillfeather');
  });

  it('when the Engine Room opens the record, then its history says who sent it and who recorded each step', async () => {
    const res = await h.api(h.persona('EngineRoom'), 'GET', `/api/records/consideration/${caseId}`);
    expect(res.status).toBe(200);
    const history = (res.body as { history: { by: string; action: string }[] }).history;
    expect(history.map(({ by, action }) => ({ by, action }))).toEqual([
      { by: pat.displayName, action: 'sent the consideration request to the Business Unit' },
      { by: bu.displayName, action: 'recorded: Notification to the Panel recorded' },
    ]);
  });

  it('when someone records with an old version, then it is a conflict and nothing changes', async () => {
    const res = await record(bu, { type: 'start-rapid-review', on: '2026-03-06' }, 1);
    expect(res.status).toBe(409);
    expect((res.body as Problem).error.code).toBe('Conflict');
  });

  it('when the body is not an event, then it is a 400 in plain words', async () => {
    const res = await record(bu, { type: 'fly-to-the-moon', on: '2026-03-06' });
    expect(res.status).toBe(400);
  });

  it('when the Engine Room opens the details, then it gets them and the read is audited', async () => {
    const eli = h.persona('EngineRoom');
    const res = await h.api(eli, 'GET', `/api/serious-cases/${caseId}/details`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('Jamie Quillfeather');
    const trail = await auditLog(h.service.database.db).forSubject('hsscp', 'serious-case', caseId);
    expect(trail.at(-1)).toMatchObject({ action: 'serious-case.details-read', actorId: eli.id });
  });

  it('when the service runs workers, then the hourly deadline check is scheduled in the database', async () => {
    const { rows } = await h.service.database.executeSql(
      "SELECT name, cron, timezone FROM pgboss.schedule WHERE name = 'serious-case-check-deadlines'",
    );
    expect(rows).toEqual([
      { name: 'serious-case-check-deadlines', cron: '7 * * * *', timezone: 'Europe/London' },
    ]);
  });

  it('when a case id is not a case, then it is a 404', async () => {
    expect((await h.api(bu, 'GET', '/api/serious-cases/not-an-id')).status).toBe(404);
    expect(
      (await h.api(bu, 'GET', '/api/serious-cases/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });
});

import {
  addCalendarDays,
  addWorkingDays,
  londonDate,
  NOMINATION_HEADER,
  type ActiveLearningDetail,
  type NominationRequest,
} from '@pathways/core';
import type { Persona } from '@pathways/sandbox';
import { eventually, startHarness, type Harness } from '../test-support/harness';

// What the Outlook add-in needs to let a lead nominate: the invitation email carries the set's
// id in a header the add-in recognises, the lead's open requests, a directory lookup limited to
// the lead's own organisation, and nominations saved whole or not at all.

let h: Harness;
let billie: Persona;
let ash: Persona;
let pat: Persona;
let setId: string;

const schools = 'Colleges, schools and early years settings';
// The sandbox seeds two leads per agency; schools are the 9th agency in HSSCP's list.
const schoolsLead1Id = '00000000-0000-4000-b000-000000000081';
const schoolsLead2Id = '00000000-0000-4000-b000-000000000082';

const today = londonDate(new Date());
const inDays = (n: number) => addCalendarDays(today, n);

interface MailState {
  mailboxes: {
    userId: string;
    folders: {
      name: string;
      messages: { subject: string; customHeaders: { name: string; value: string }[] }[];
    }[];
  }[];
}

const inbox = async (userId: string) =>
  ((await h.state()) as unknown as MailState).mailboxes
    .find((m) => m.userId === userId)
    ?.folders.find((f) => f.name === 'Inbox')?.messages ?? [];

/** The whole message as the lead's mail program receives it (MIME), through Graph. */
async function receivedMime(userId: string, headerValue: string): Promise<string> {
  const { tenantId } = (await (await fetch(`${h.service.url}/api/config`)).json()) as {
    tenantId: string;
  };
  const tokenRes = await fetch(`${h.sandboxUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'pathways-test-reader',
      client_secret: 'local',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  expect(tokenRes.status).toBe(200);
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const get = async (path: string) => {
    const res = await fetch(`${h.sandboxUrl}/v1.0${path}`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(200);
    return res;
  };
  const list = (await (
    await get(`/users/${userId}/mailFolders/inbox/messages?$select=id,internetMessageHeaders`)
  ).json()) as {
    value: { id: string; internetMessageHeaders: { name: string; value: string }[] }[];
  };
  const copy = list.value.find((m) =>
    m.internetMessageHeaders.some((x) => x.name === NOMINATION_HEADER && x.value === headerValue),
  );
  if (!copy) throw new Error('no request to nominate in the inbox');
  return (await get(`/users/${userId}/messages/${copy.id}/$value`)).text();
}

async function detail(): Promise<ActiveLearningDetail> {
  const res = await h.api(billie, 'GET', `/api/active-learning/${setId}`);
  expect(res.status).toBe(200);
  return res.body as ActiveLearningDetail;
}

const schoolsNominations = async () =>
  (await detail()).agencies.find((a) => a.agency === schools)!.nominations;

beforeAll(async () => {
  h = await startHarness();
  billie = h.persona('BusinessUnit');
  ash = h.persona('AgencyLead');
  pat = h.persona('Practitioner');
  const eli = h.persona('EngineRoom');
  const chat = await h.openPersonalChat(pat);
  const sent = await h.send(
    h.cardAction(pat, chat, 'nominate-kloe-1', 'kloe.submit', {
      form: 'kloe',
      organisation: 'Cleveland Police',
      contactOfficer: 'Pat Practitioner',
      subject: 'Neglect of adolescents is recognised late',
      theme: 'Neglect',
      details: 'Agencies recognise neglect of teenagers later than of younger children.',
      actionWanted: 'Learn from practitioners across agencies.',
    }),
  );
  expect(sent.status).toBe(200);
  const kloeId = await eventually(async () => {
    const res = await h.api(billie, 'GET', '/api/queue?type=kloe');
    return (res.body as { items: { id: string }[] }).items[0]?.id;
  }, 'the KLOE on the queue');
  const planned = await h.api(eli, 'POST', `/api/records/kloe/${kloeId}/activities`, {
    kind: 'focus-group',
    description: 'How agencies recognise neglect of adolescents.',
    owner: 'Eli EngineRoom',
    startDate: inDays(30),
    endDate: inDays(44),
  });
  expect(planned.status).toBe(201);
  const activityId = (planned.body as { activities: { id: string }[] }).activities[0]!.id;
  const created = await h.api(billie, 'POST', '/api/active-learning', {
    plan: { recordType: 'kloe', recordId: kloeId, activityId },
    agencies: [schools, 'Cleveland Police'],
    values: {
      theme: 'Neglect',
      kind: 'focus-group',
      description: 'How agencies recognise neglect of adolescents.',
      plannedFrom: inDays(30),
      plannedTo: inDays(44),
      nominationsBy: inDays(14),
    },
  });
  expect(created.status).toBe(201);
  setId = (created.body as ActiveLearningDetail).id;
}, 240_000);
afterAll(async () => {
  await h.close();
});

describe('nominating from the Outlook add-in', () => {
  it('when a lead is asked to nominate, then the email in their inbox carries the set’s id in the header the add-in reads', async () => {
    const mail = await eventually(async () => {
      const found = (await inbox(ash.id)).filter((m) =>
        m.subject.startsWith('Active Learning: please nominate'),
      );
      return found.length > 0 ? found : undefined;
    }, 'the invitation in Ash’s inbox');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.customHeaders).toContainEqual({ name: NOMINATION_HEADER, value: setId });
    // Outside Outlook, its link opens the add-in's pane on the same request.
    const mime = await receivedMime(ash.id, setId);
    expect(mime).toContain(`/outlook/taskpane.html?nomination=${setId}`);
    expect(mime).toContain('Or nominate in Outlook');
  });

  it('when a lead asks for their requests, then the open one is listed with people from their organisation', async () => {
    const res = await h.api(ash, 'GET', '/api/active-learning/nominations/mine');
    expect(res.status).toBe(200);
    const [request] = res.body as NominationRequest[];
    expect(request).toMatchObject({ setId, agency: schools, open: true, nominated: [] });
    expect(request!.people).toContainEqual({ value: schoolsLead1Id, title: 'Schools Lead 1' });
  });

  it('when a lead looks up people in their own organisation, then the directory answers with people in it only', async () => {
    const res = await h.api(
      ash,
      'GET',
      `/api/people?agency=${encodeURIComponent(schools)}&q=schools`,
    );
    expect(res.status).toBe(200);
    const found = res.body as { value: string; title: string }[];
    expect(found).toEqual(
      expect.arrayContaining([
        { value: schoolsLead1Id, title: 'Schools Lead 1' },
        { value: schoolsLead2Id, title: 'Schools Lead 2' },
      ]),
    );
    expect(found.every((p) => p.title.startsWith('Schools'))).toBe(true);
  });

  it('when a lead looks up another organisation, or a practitioner looks anyone up, then they are refused', async () => {
    const other = await h.api(
      ash,
      'GET',
      `/api/people?agency=${encodeURIComponent('Cleveland Police')}`,
    );
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).toContain(
      'only in an organisation you have been asked to nominate for',
    );
    const practitioner = await h.api(
      pat,
      'GET',
      `/api/people?agency=${encodeURIComponent(schools)}`,
    );
    expect(practitioner.status).toBe(403);
  });

  it('when the second representative is a name typed but not chosen, then that field says so and the first is not saved either', async () => {
    const res = await h.api(ash, 'POST', `/api/active-learning/${setId}/nominations`, {
      nominee1: schoolsLead1Id,
      nominee2: 'Schools Lead',
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      errors: { nominee2: 'Choose the second representative from the list' },
    });
    expect(await schoolsNominations()).toEqual([]);
  });

  it('when the same person is chosen twice, then the second field says so and nothing is saved', async () => {
    const res = await h.api(ash, 'POST', `/api/active-learning/${setId}/nominations`, {
      nominee1: schoolsLead1Id,
      nominee2: schoolsLead1Id,
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      errors: {
        nominee2:
          'Schools Lead 1 is already your first representative: choose someone else, or leave this empty',
      },
    });
    expect(await schoolsNominations()).toEqual([]);
  });

  it('when two people are nominated, then both are saved together and the request shows them', async () => {
    const res = await h.api(ash, 'POST', `/api/active-learning/${setId}/nominations`, {
      nominee1: schoolsLead1Id,
      nominee2: schoolsLead2Id,
      note: 'Both lead on safeguarding in secondary schools.',
    });
    expect(res.status).toBe(201);
    expect((res.body as NominationRequest).nominated.map((n) => n.name)).toEqual([
      'Schools Lead 1',
      'Schools Lead 2',
    ]);
    expect((await schoolsNominations()).map((n) => n.name)).toEqual([
      'Schools Lead 1',
      'Schools Lead 2',
    ]);
  });

  it('when the set has been held, then the request is no longer open and a late nomination is refused', async () => {
    // Sets meet on a working day.
    const day = addWorkingDays(today, 22);
    const start = `${day}T10:00:00.000Z`;
    const end = `${day}T12:00:00.000Z`;
    const meeting = await h.api(billie, 'POST', `/api/active-learning/${setId}/meeting`, {
      start,
      end,
    });
    expect(meeting.status).toBe(201);
    const attendance = await h.api(billie, 'POST', `/api/active-learning/${setId}/attendance`, {
      attended: [],
    });
    expect(attendance.status).toBe(200);

    const mine = await h.api(ash, 'GET', '/api/active-learning/nominations/mine');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([expect.objectContaining({ setId, open: false })]);
    const late = await h.api(ash, 'POST', `/api/active-learning/${setId}/nominations`, {
      nominee1: schoolsLead1Id,
    });
    expect(late.status).toBe(409);
  });
});

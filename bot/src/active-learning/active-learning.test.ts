import {
  addCalendarDays,
  addWorkingDays,
  londonDate,
  type ActiveLearningDetail,
} from '@pathways/core';
import type { Persona } from '@pathways/sandbox';
import { graphSideEffectHandler } from '../platform/graph';
import { eventually, startHarness, type Harness } from '../test-support/harness';

// The whole Active Learning pathway against the sandbox tenant: from an Engine
// Room plan to invitations (Teams cards and email), nominations, a chase, the
// Teams meeting and attendance; and an invitation to attend the Engine Room.

let h: Harness;
let billie: Persona;
let eli: Persona;
let ash: Persona;
let kloeId: string;
let activityId: string;
let setId: string;

/** A directory user who is not a persona (the sandbox seeds two leads per agency). */
const user = (id: string, displayName: string): Persona => ({
  id,
  displayName,
  userPrincipalName: '',
  mail: '',
  jobTitle: '',
  agency: '',
  roles: ['AgencyLead'],
});
// HSSCP agencies in the sandbox's order: Cleveland Police is the 4th, Adoption Tees Valley the 5th,
// schools the 9th; their leads' ids are b000-000000000<index*10 + 1 or 2>.
const policeLead1 = user('00000000-0000-4000-b000-000000000031', 'Cleveland Police Lead 1');
const policeLead2 = user('00000000-0000-4000-b000-000000000032', 'Cleveland Police Lead 2');
const schoolsLead1Id = '00000000-0000-4000-b000-000000000081';
const schoolsLead2Id = '00000000-0000-4000-b000-000000000082';

const today = londonDate(new Date());
const inDays = (n: number) => addCalendarDays(today, n);

type CardJson = { fallbackText?: string; body?: unknown[]; actions?: unknown[] };
type InvokeBody = { statusCode: number; value: CardJson };

async function cardsIn(predicate: (chat: { member: { id: string } }) => boolean) {
  const state = (await h.state()) as unknown as {
    personalChats: {
      id: string;
      member: { id: string; name: string };
      activities: { attachments: { content: CardJson }[] }[];
    }[];
  };
  return state.personalChats
    .filter(predicate)
    .flatMap((c) =>
      c.activities.map((a) => ({ chat: c.id, member: c.member, card: a.attachments[0]?.content })),
    )
    .filter((x) => x.card);
}

const nominationCards = async () =>
  (await cardsIn(() => true)).filter((x) =>
    x.card!.fallbackText?.startsWith('Active Learning: nominate representatives'),
  );

async function sentItems() {
  const state = (await h.state()) as unknown as {
    mailboxes: {
      address: string;
      folders: { name: string; messages: { subject: string; to: string[] }[] }[];
    }[];
  };
  return (
    state.mailboxes
      .find((m) => m.address.startsWith('business.unit@'))
      ?.folders.find((f) => f.name === 'Sent Items')?.messages ?? []
  );
}

async function detail(): Promise<ActiveLearningDetail> {
  const res = await h.api(billie, 'GET', `/api/active-learning/${setId}`);
  expect(res.status).toBe(200);
  return res.body as ActiveLearningDetail;
}

async function nominate(lead: Persona, id: string, data: object) {
  const chat = await h.openPersonalChat(lead);
  const res = await h.send(
    h.cardAction(lead, chat, id, 'active-learning.nominate', { setId, ...data }),
  );
  expect(res.status).toBe(200);
  return (res.body as InvokeBody).value;
}

beforeAll(async () => {
  h = await startHarness();
  billie = h.persona('BusinessUnit');
  eli = h.persona('EngineRoom');
  ash = h.persona('AgencyLead');
  // A KLOE raised in chat, on the Engine Room's queue, with a focus group planned.
  const pat = h.persona('Practitioner');
  const chat = await h.openPersonalChat(pat);
  await h.send(
    h.cardAction(pat, chat, 'al-kloe-1', 'kloe.submit', {
      form: 'kloe',
      organisation: 'Cleveland Police',
      contactOfficer: 'Pat Practitioner',
      subject: 'Neglect of adolescents is recognised late',
      theme: 'Neglect',
      details: 'Agencies recognise neglect of teenagers later than of younger children.',
      actionWanted: 'Learn from practitioners across agencies.',
    }),
  );
  kloeId = await eventually(async () => {
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
  activityId = (planned.body as { activities: { id: string }[] }).activities[0]!.id;
}, 240_000);
afterAll(async () => {
  await h.close();
});

describe('Active Learning from an Engine Room plan', () => {
  it('when the Business Unit plans a set, then every agency with leads is asked by Teams card and by email', async () => {
    const res = await h.api(billie, 'POST', '/api/active-learning', {
      plan: { recordType: 'kloe', recordId: kloeId, activityId },
      agencies: [
        'Colleges, schools and early years settings',
        'Cleveland Police',
        'Adoption Tees Valley',
        'Youth Justice Services',
      ],
      values: {
        theme: 'Neglect',
        kind: 'focus-group',
        description: 'How agencies recognise neglect of adolescents.',
        plannedFrom: inDays(30),
        plannedTo: inDays(44),
        nominationsBy: inDays(14),
      },
    });
    expect(res.status).toBe(201);
    const created = res.body as ActiveLearningDetail;
    setId = created.id;
    expect(created.plan).toMatchObject({ recordType: 'kloe', recordId: kloeId, activityId });
    const byAgency = Object.fromEntries(created.agencies.map((a) => [a.agency, a]));
    expect(byAgency['Colleges, schools and early years settings']).toMatchObject({
      status: 'invited',
      leads: expect.arrayContaining(['Ash AgencyLead', 'Schools Lead 1', 'Schools Lead 2']),
    });
    expect(byAgency['Cleveland Police']?.leads).toEqual(
      expect.arrayContaining(['Cleveland Police Lead 1', 'Cleveland Police Lead 2']),
    );
    // Its leads' directory entries name it or its former youth offending teams (Agency Lead
    // 11: "Hartlepool Youth Offending Team"): all are found through the agency list.
    expect(byAgency['Youth Justice Services']).toMatchObject({
      status: 'invited',
      leads: expect.arrayContaining([
        'Agency Lead 11',
        'Hartlepool Youth Justice Lead 1',
        'Stockton Youth Justice Lead 1',
      ]),
    });
    const leads = created.agencies.flatMap((a) => a.leads).length;

    const cards = await eventually(async () => {
      const found = await nominationCards();
      return found.length === leads ? found : undefined;
    }, 'a nomination card for every lead');
    // The preview names the theme only; the card lists people from the lead's own organisation.
    const ashCard = cards.find((c) => c.member.id === ash.id)!.card!;
    expect(ashCard.fallbackText).toBe('Active Learning: nominate representatives (Neglect)');
    const text = JSON.stringify(ashCard);
    expect(text).toContain('Schools Lead 1');
    expect(text).not.toContain('Cleveland Police Lead 1');
    expect(text).toContain('Data.Query');

    const mails = await eventually(async () => {
      const sent = (await sentItems()).filter((m) => m.subject.startsWith('Active Learning'));
      return sent.length === leads ? sent : undefined;
    }, 'an email to every lead');
    expect(mails.flatMap((m) => m.to)).toContain('schools.lead.1@hsscp.sandbox.example');

    const record = await h.api(billie, 'GET', `/api/records/kloe/${kloeId}`);
    expect(JSON.stringify((record.body as { history: unknown[] }).history)).toContain(
      'planned Active Learning (focus group on Neglect) and asked 4 agencies',
    );
  });

  it('when a lead nominates from the card, then the nomination comes back to the Business Unit', async () => {
    const thanks = await nominate(ash, 'al-nominate-ash', { nominee1: schoolsLead1Id });
    expect(thanks.fallbackText).toBe('Active Learning: nominations sent (Neglect)');
    expect(JSON.stringify(thanks)).toContain('Schools Lead 1');
  });

  it('when a lead nominates someone outside their organisation, then the card says so and nothing is saved', async () => {
    const pat = h.persona('Practitioner');
    const card = await nominate(policeLead1, 'al-nominate-wrong', { nominee1: pat.id });
    expect(JSON.stringify(card)).toContain('Error: Choose someone from Cleveland Police.');
    const police = (await detail()).agencies.find((a) => a.agency === 'Cleveland Police')!;
    expect(police).toMatchObject({ status: 'invited', nominations: [] });
  });

  it('when a lead finds someone by typing their name, then the card offers them and the nomination is taken', async () => {
    const chat = await h.openPersonalChat(policeLead1);
    const search = await h.send(
      h.invoke(policeLead1, chat, 'al-search-1', 'application/search', {
        dataset: 'pathways.people.my-organisation',
        queryText: 'eli',
        queryOptions: { top: 15, skip: 0 },
      }),
    );
    expect(search.status).toBe(200);
    const results = (search.body as { value: { results: { title: string; value: string }[] } })
      .value.results;
    // Only people in the lead's own organisation.
    expect(results).toEqual([{ title: 'Eli EngineRoom', value: eli.id }]);

    const thanks = await nominate(policeLead1, 'al-nominate-police', {
      nominee1: results[0]!.value,
      note: 'Eli chairs our strategy discussions.',
    });
    expect(JSON.stringify(thanks)).toContain('Eli EngineRoom');
  });

  it('when the Business Unit looks, then it sees the nominations per agency', async () => {
    const agencies = Object.fromEntries((await detail()).agencies.map((a) => [a.agency, a]));
    expect(
      agencies['Colleges, schools and early years settings']?.nominations.map((n) => n.name),
    ).toEqual(['Schools Lead 1']);
    expect(agencies['Cleveland Police']).toMatchObject({
      status: 'nominated',
      nominations: [{ name: 'Eli EngineRoom', nominatedBy: 'Cleveland Police Lead 1' }],
    });
    expect(agencies['Adoption Tees Valley']).toMatchObject({ status: 'invited', nominations: [] });
    expect((await detail()).agenciesNominated).toBe(2);
  });

  it('when a lead nominates through the REST API (the Outlook add-in), then the card\u2019s rules apply', async () => {
    const pat = h.persona('Practitioner');
    const wrong = await h.api(ash, 'POST', `/api/active-learning/${setId}/nominations`, {
      nominee1: pat.id,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toEqual({
      errors: { nominee1: 'Choose someone from Colleges, schools and early years settings' },
    });
    const res = await h.api(ash, 'POST', `/api/active-learning/${setId}/nominations`, {
      nominee1: schoolsLead2Id,
    });
    expect(res.status).toBe(201);
    expect((res.body as { nominated: { name: string }[] }).nominated.map((n) => n.name)).toEqual([
      'Schools Lead 1',
      'Schools Lead 2',
    ]);
    // Someone not asked to nominate for this set is refused.
    const notAsked = await h.api(ash, 'POST', `/api/active-learning/${kloeId}/nominations`, {
      nominee1: schoolsLead2Id,
    });
    expect(notAsked.status).toBe(404);
  });

  it('when the Business Unit chases twice, then only the agencies that have not nominated are chased, once', async () => {
    const first = await h.api(billie, 'POST', `/api/active-learning/${setId}/chase`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      chased: ['Adoption Tees Valley', 'Youth Justice Services'],
      notChased: [
        { agency: 'Cleveland Police', reason: 'has nominated' },
        { agency: 'Colleges, schools and early years settings', reason: 'has nominated' },
      ],
    });
    const second = await h.api(billie, 'POST', `/api/active-learning/${setId}/chase`);
    expect((second.body as { chased: string[] }).chased).toEqual([]);
    expect((second.body as { notChased: unknown[] }).notChased).toContainEqual({
      agency: 'Adoption Tees Valley',
      reason: 'was chased less than 72 hours ago',
    });

    const chasedLeads = (await detail()).agencies
      .filter((a) => a.agency === 'Adoption Tees Valley' || a.agency === 'Youth Justice Services')
      .flatMap((a) => a.leads);
    const reminders = await eventually(async () => {
      const found = (await nominationCards()).filter((c) =>
        JSON.stringify(c.card).includes('Reminder:'),
      );
      const mails = (await sentItems()).filter((m) => m.subject.startsWith('Reminder:'));
      return found.length === chasedLeads.length && mails.length === chasedLeads.length
        ? found
        : undefined;
    }, 'a reminder to each of the chased agencies\u2019 leads');
    expect(new Set(reminders.map((r) => r.member.name))).toEqual(new Set(chasedLeads));
    expect(
      (await detail()).agencies.find((a) => a.agency === 'Adoption Tees Valley'),
    ).toMatchObject({ chases: 1 });
  });
});

describe('scheduling the set', () => {
  it('when the Business Unit asks for times, then it gets times when nominees and organisers are free', async () => {
    const res = await h.api(
      billie,
      'GET',
      `/api/active-learning/${setId}/proposed-times?from=${inDays(30)}&to=${inDays(37)}&minutes=120`,
    );
    expect(res.status).toBe(200);
    const proposed = res.body as { people: string[]; times: { start: string; end: string }[] };
    expect(proposed.people).toEqual(
      expect.arrayContaining(['Business Unit calendar', 'Eli EngineRoom', 'Schools Lead 1']),
    );
    expect(proposed.times.length).toBeGreaterThan(0);
  });

  it('when a time is chosen, then one Teams meeting is created with the nominees invited, even when its job runs again', async () => {
    const proposed = (
      await h.api(
        billie,
        'GET',
        `/api/active-learning/${setId}/proposed-times?from=${inDays(30)}&to=${inDays(37)}&minutes=120`,
      )
    ).body as { times: { start: string; end: string }[] };
    const slot = proposed.times[0]!;
    const res = await h.api(billie, 'POST', `/api/active-learning/${setId}/meeting`, slot);
    expect(res.status).toBe(201);

    const meeting = await eventually(async () => {
      const m = (await detail()).meeting;
      return m?.state === 'created' ? m : undefined;
    }, 'the meeting created');
    expect(meeting.joinUrl).toMatch(/^https?:\/\//);

    const events = async () => {
      const state = (await h.state()) as unknown as {
        calendars: {
          displayName: string;
          events: { subject: string; attendees: string[]; joinUrl: string | null; start: string }[];
        }[];
      };
      return (
        state.calendars
          .find((c) => c.displayName === 'HSSCP Business Unit')
          ?.events.filter((e) => e.subject.startsWith('Active Learning')) ?? []
      );
    };
    expect(await events()).toHaveLength(1);
    expect((await events())[0]).toMatchObject({
      subject: 'Active Learning: Focus group on Neglect',
      attendees: expect.arrayContaining(['schools.lead.1@hsscp.sandbox.example', eli.mail]),
      joinUrl: meeting.joinUrl,
    });

    // The job runs again as if the worker crashed after Graph made the event: still one event.
    const db = h.service.database.db;
    const effect = await db
      .selectFrom('active_learning_sets')
      .select('meeting_effect_id')
      .where('id', '=', setId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('graph_side_effects')
      .set({ status: 'pending' })
      .where('id', '=', effect.meeting_effect_id!)
      .execute();
    await graphSideEffectHandler(db, h.service.graph)({ effectId: effect.meeting_effect_id! });
    expect(await events()).toHaveLength(1);

    const again = await h.api(billie, 'POST', `/api/active-learning/${setId}/meeting`, slot);
    expect(again.status).toBe(409);
  });

  it('when attendance is recorded, then each nominee is shown as there or not, and it cannot be recorded twice', async () => {
    const nominations = (await detail()).agencies.flatMap((a) => a.nominations);
    const eliNomination = nominations.find((n) => n.name === 'Eli EngineRoom')!;
    const res = await h.api(billie, 'POST', `/api/active-learning/${setId}/attendance`, {
      attended: [eliNomination.id],
    });
    expect(res.status).toBe(200);
    const held = res.body as ActiveLearningDetail;
    expect(held.status).toBe('held');
    const attended = Object.fromEntries(
      held.agencies.flatMap((a) => a.nominations).map((n) => [n.name, n.attended]),
    );
    expect(attended).toEqual({
      'Eli EngineRoom': true,
      'Schools Lead 1': false,
      'Schools Lead 2': false,
    });
    const again = await h.api(billie, 'POST', `/api/active-learning/${setId}/attendance`, {
      attended: [],
    });
    expect(again.status).toBe(409);
  });

  it('when an agency lead asks what they have been asked to nominate for, then the add-in gets it over REST', async () => {
    const res = await h.api(ash, 'GET', '/api/active-learning/nominations/mine');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        setId,
        agency: 'Colleges, schools and early years settings',
        nominated: [
          { personId: schoolsLead1Id, name: 'Schools Lead 1' },
          { personId: schoolsLead2Id, name: 'Schools Lead 2' },
        ],
      }),
    ]);
  });
});

describe('inviting an agency\u2019s representative to attend the Engine Room', () => {
  let invitationId: string;

  it('when the Engine Room invites someone, then the invitation reaches their Teams chat', async () => {
    const people = await h.api(
      eli,
      'GET',
      `/api/people?agency=${encodeURIComponent('Cleveland Police')}&q=cleveland`,
    );
    expect(people.body).toContainEqual({ value: policeLead2.id, title: policeLead2.displayName });

    const res = await h.api(eli, 'POST', `/api/records/kloe/${kloeId}/invitations`, {
      agency: 'Cleveland Police',
      personId: policeLead2.id,
      meetingDate: addWorkingDays(today, 8),
      note: 'We would like to hear how neglect of teenagers is picked up.',
    });
    expect(res.status).toBe(201);
    const invitations = (res.body as { invitations: { id: string; status: string }[] }).invitations;
    expect(invitations).toMatchObject([
      { status: 'invited', statusText: 'Invited: no answer yet' },
    ]);
    invitationId = invitations[0]!.id;

    const card = await eventually(async () => {
      const found = await cardsIn((c) => c.member.id === policeLead2.id);
      return found.find((x) => x.card!.fallbackText === 'Invitation to attend the Engine Room');
    }, 'the invitation card');
    expect(JSON.stringify(card.card)).toContain(invitationId);
  });

  it('when someone else answers the card, then nothing is recorded', async () => {
    const chat = await h.openPersonalChat(policeLead1);
    const res = await h.send(
      h.cardAction(policeLead1, chat, 'er-answer-wrong', 'engine-room.invitation.answer', {
        invitationId,
        response: 'accept',
      }),
    );
    expect(JSON.stringify(res.body)).toContain('not addressed to you');
  });

  it('when they answer with a note, then the answer is in the record and its history', async () => {
    const chat = await h.openPersonalChat(policeLead2);
    const res = await h.send(
      h.cardAction(policeLead2, chat, 'er-answer-1', 'engine-room.invitation.answer', {
        invitationId,
        response: 'decline',
        note: 'Cleveland Police Lead 1 will come instead.',
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('You answered: I cannot attend.');

    const record = (await h.api(eli, 'GET', `/api/records/kloe/${kloeId}`)).body as {
      invitations: { status: string; answerNote: string | null }[];
      history: { by: string; action: string }[];
    };
    expect(record.invitations).toMatchObject([
      { status: 'declined', answerNote: 'Cleveland Police Lead 1 will come instead.' },
    ]);
    expect(record.history).toContainEqual(
      expect.objectContaining({
        by: 'Cleveland Police Lead 2',
        action: expect.stringMatching(
          /^answered the invitation to the Engine Room on .*: cannot attend \(“Cleveland Police Lead 1 will come instead\.”\)$/,
        ),
      }),
    );
  });
});

import { addCalendarDays, addWorkingDays, londonDate } from '@pathways/core';
import type { Persona } from '@pathways/sandbox';
import { eventually, startHarness, type Harness } from '../test-support/harness';

// One press or ten, one answer: the cards that answer something (an Active
// Learning nomination, an Engine Room invitation answer, the answer to the
// Business Unit's question) carry the id minted when the card was sent, and a
// second press of the same card, with its own activity id, gets the first
// press's result and stores nothing more.

let h: Harness;
let pat: Persona;
let billie: Persona;
let eli: Persona;
let patChat: string;
let kloeId: string;
let seq = 0;
const nextId = (what: string) => `${what}-${(seq += 1)}`;

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
const policeLead1 = user('00000000-0000-4000-b000-000000000031', 'Cleveland Police Lead 1');
const policeLead2 = user('00000000-0000-4000-b000-000000000032', 'Cleveland Police Lead 2');
const inDays = (n: number) => addCalendarDays(londonDate(new Date()), n);

type Card = {
  fallbackText?: string;
  actions?: { verb?: string; data?: Record<string, unknown> }[];
};

/** The newest card in a person's chat with Pathways whose preview is `fallbackText`. */
async function cardSentTo(person: Persona, fallbackText: string): Promise<Card> {
  return eventually(async () => {
    const state = (await h.state()) as unknown as {
      personalChats: {
        member: { id: string };
        activities: { attachments: { content: Card }[] }[];
      }[];
    };
    return state.personalChats
      .filter((c) => c.member.id === person.id)
      .flatMap((c) => c.activities.map((a) => a.attachments[0]?.content))
      .reverse()
      .find((c) => c?.fallbackText === fallbackText);
  }, `"${fallbackText}" in ${person.displayName}'s chat`);
}

/** Presses the card's button with the inputs given, as Teams sends a press. */
async function press(person: Persona, card: Card, inputs: object): Promise<Card> {
  const chat = await h.openPersonalChat(person);
  const action = card.actions![0]!;
  const res = await h.send(
    h.cardAction(person, chat, nextId('press'), action.verb!, { ...action.data, ...inputs }),
  );
  expect(res.status).toBe(200);
  return (res.body as { value: Card }).value;
}

/** How many rows each table that an answer writes to holds. */
async function rows() {
  const db = h.service.database.db;
  const count = async (
    table:
      | 'audit_events'
      | 'active_learning_nominations'
      | 'record_events'
      | 'kloe_events'
      | 'engine_room_invitations',
  ) =>
    (await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
      .n;
  return {
    audit: Number(await count('audit_events')),
    nominations: Number(await count('active_learning_nominations')),
    recordEvents: Number(await count('record_events')),
    kloeEvents: Number(await count('kloe_events')),
  };
}

beforeAll(async () => {
  h = await startHarness();
  pat = h.persona('Practitioner');
  billie = h.persona('BusinessUnit');
  eli = h.persona('EngineRoom');
  patChat = await h.openPersonalChat(pat);
  await h.send(h.message(pat, patChat, nextId('hello'), 'help'));
  await h.send(
    h.cardAction(pat, patChat, nextId('kloe'), 'kloe.submit', {
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
}, 240_000);
afterAll(async () => {
  await h.close();
});

describe('an answering card pressed twice', () => {
  it('when the answer to the Business Unit’s question is sent twice from one card, then it is stored once and both presses show the same', async () => {
    const thread = await eventually(async () => {
      const state = await h.state();
      return state.teams
        .flatMap((t) => t.channels)
        .flatMap((c) => c.threads)
        .find((t) => t.root.summary?.startsWith('New KLOE'));
    }, 'the Business Unit card');
    const { version } = await h.service.database.db
      .selectFrom('kloes')
      .select('version')
      .where('id', '=', kloeId)
      .executeTakeFirstOrThrow();
    const asked = await h.send(
      h.channelCardAction(
        billie,
        thread.conversationId,
        nextId('ask'),
        'kloe.ask',
        { kloeId, version, question: 'Which locality is this?' },
        thread.root.id,
      ),
    );
    expect(asked.status).toBe(200);
    const question = await cardSentTo(
      pat,
      `The Business Unit has a question about ${thread.root.summary!.slice(9)}`,
    );
    expect(question.actions![0]!.data!.submissionId).toEqual(expect.any(String));

    const first = await press(pat, question, { answer: 'The east locality.' });
    const after = await rows();
    const second = await press(pat, question, { answer: 'The east locality.' });
    expect(second).toEqual(first);
    expect(JSON.stringify(first)).toContain('Your answer has been added');
    expect(await rows()).toEqual(after);
  });

  it('when an Active Learning nomination is sent twice from one card, then it is stored once and both presses show the same', async () => {
    const planned = await h.api(eli, 'POST', `/api/records/kloe/${kloeId}/activities`, {
      kind: 'focus-group',
      description: 'How agencies recognise neglect of adolescents.',
      owner: 'Eli EngineRoom',
      startDate: inDays(30),
      endDate: inDays(44),
    });
    expect(planned.status).toBe(201);
    const activityId = (planned.body as { activities: { id: string }[] }).activities[0]!.id;
    const set = await h.api(billie, 'POST', '/api/active-learning', {
      plan: { recordType: 'kloe', recordId: kloeId, activityId },
      agencies: ['Cleveland Police'],
      values: {
        theme: 'Neglect',
        kind: 'focus-group',
        description: 'How agencies recognise neglect of adolescents.',
        plannedFrom: inDays(30),
        plannedTo: inDays(44),
        nominationsBy: inDays(14),
      },
    });
    expect(set.status).toBe(201);
    const card = await cardSentTo(
      policeLead1,
      'Active Learning: nominate representatives (Neglect)',
    );
    expect(card.actions![0]!.data!.submissionId).toEqual(expect.any(String));

    const first = await press(policeLead1, card, { nominee1: policeLead2.id });
    expect(first.fallbackText).toBe('Active Learning: nominations sent (Neglect)');
    const after = await rows();
    const second = await press(policeLead1, card, { nominee1: policeLead2.id });
    expect(second).toEqual(first);
    expect(await rows()).toEqual(after);
  });

  it('when an Engine Room invitation is answered twice from one card, then it is stored once and both presses show the same', async () => {
    const invited = await h.api(eli, 'POST', `/api/records/kloe/${kloeId}/invitations`, {
      agency: 'Cleveland Police',
      personId: policeLead2.id,
      meetingDate: addWorkingDays(londonDate(new Date()), 8),
      note: 'We would like to hear how neglect of teenagers is picked up.',
    });
    expect(invited.status).toBe(201);
    const card = await cardSentTo(policeLead2, 'Invitation to attend the Engine Room');
    expect(card.actions![0]!.data!.submissionId).toEqual(expect.any(String));

    const first = await press(policeLead2, card, { response: 'accept' });
    const after = await rows();
    const second = await press(policeLead2, card, { response: 'accept' });
    expect(second).toEqual(first);
    expect(JSON.stringify(first)).toContain('You answered');
    expect(await rows()).toEqual(after);
  });
});

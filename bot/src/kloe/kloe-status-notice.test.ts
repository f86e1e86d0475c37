import { addWorkingDays, formatCalendarDate, londonDate } from '@pathways/core';
import type { Persona } from '@pathways/sandbox';
import {
  eventually,
  startHarness,
  type Harness,
  type SandboxActivity,
} from '../test-support/harness';

// The person who raised a KLOE hears, in their chat with Pathways, each time
// the Business Unit decides something about it; the note's preview names only
// the reference and the status.

let h: Harness;
let pat: Persona;
let billie: Persona;
let patChat: string;
let seq = 0;
const nextId = (what: string) => `${what}-${(seq += 1)}`;
// The Engine Room meets on a working day.
const meetingDay = addWorkingDays(londonDate(new Date()), 30);

type Card = { fallbackText: string; body: { text?: string }[] };

const valid = {
  form: 'kloe',
  organisation: 'Cleveland Police',
  contactOfficer: 'Pat Practitioner',
  theme: 'Multi-agency working',
  details: 'Strategy discussions in the east locality are held without health colleagues.',
  actionWanted: 'Review the invitation list.',
};

beforeAll(async () => {
  h = await startHarness();
  pat = h.persona('Practitioner');
  billie = h.persona('BusinessUnit');
  patChat = await h.openPersonalChat(pat);
  // Pathways learns where the practitioner's chat is from their first message.
  await h.send(h.message(pat, patChat, nextId('hello'), 'help'));
}, 240_000);
afterAll(async () => {
  await h.close();
});

async function personalChat(): Promise<SandboxActivity[]> {
  return (await h.state()).personalChats.find((c) => c.id === patChat)?.activities ?? [];
}

async function raise(subject: string) {
  const res = await h.send(
    h.cardAction(pat, patChat, nextId('submit'), 'kloe.submit', { ...valid, subject }),
  );
  const reference = /KLOE-\d{4}-\d{4}/.exec((res.body as { value: Card }).value.fallbackText)![0];
  const thread = await eventually(async () => {
    const state = await h.state();
    return state.teams
      .flatMap((t) => t.channels)
      .flatMap((c) => c.threads)
      .find((t) => t.root.summary === `New KLOE ${reference}`);
  }, 'the Business Unit card');
  const row = await h.service.database.db
    .selectFrom('kloes')
    .select(['id', 'version'])
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
  return { reference, thread: thread.conversationId, rootId: thread.root.id, ...row };
}

async function decide(kloe: Awaited<ReturnType<typeof raise>>, verb: string, data: object) {
  const res = await h.send(
    h.channelCardAction(
      billie,
      kloe.thread,
      nextId(verb),
      verb,
      { kloeId: kloe.id, version: kloe.version, ...data },
      kloe.rootId,
    ),
  );
  expect(res.status).toBe(200);
}

async function noticesAbout(reference: string) {
  return (await personalChat()).filter(
    (a) =>
      a.summary?.startsWith(`${reference}: `) &&
      // Not the receipt card itself, which shows the status too.
      !JSON.stringify(a.attachments[0]?.content.body?.[0]).includes('sent to the Business Unit'),
  );
}

describe('the submitter hears of each decision in their chat', () => {
  it('when the Business Unit accepts a KLOE, then the practitioner is told once, with the meeting date, and the preview names nothing from the record', async () => {
    const kloe = await raise('Accepted subject words');
    await decide(kloe, 'kloe.accept', { meetingDate: meetingDay });
    const [notice] = await eventually(async () => {
      const found = await noticesAbout(kloe.reference);
      return found.length > 0 ? found : undefined;
    }, 'the note in their chat');
    expect(notice!.summary).toBe(`${kloe.reference}: Accepted onto the Engine Room agenda`);
    expect(JSON.stringify(notice!.attachments[0]!.content)).toContain(
      formatCalendarDate(meetingDay),
    );
    expect(JSON.stringify(notice)).not.toContain('Accepted subject words');
    // The job may run again (a retry, the next change): still one note for this decision.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await noticesAbout(kloe.reference)).toHaveLength(1);
  });

  it('when the Business Unit declines a KLOE, then the practitioner is told with the reason', async () => {
    const kloe = await raise('Declined subject words');
    await decide(kloe, 'kloe.decline', { reason: 'Already on the agenda under another item.' });
    const [notice] = await eventually(async () => {
      const found = await noticesAbout(kloe.reference);
      return found.length > 0 ? found : undefined;
    }, 'the note in their chat');
    expect(notice!.summary).toBe(`${kloe.reference}: Declined`);
    expect(JSON.stringify(notice!.attachments[0]!.content)).toContain(
      'Already on the agenda under another item.',
    );
  });

  it('when the Business Unit links a KLOE as a duplicate, then the practitioner is told which KLOE carries on', async () => {
    const first = await raise('The first one');
    const second = await raise('The second one');
    await decide(second, 'kloe.link', { otherReference: first.reference, linkKind: 'duplicate' });
    const [notice] = await eventually(async () => {
      const found = await noticesAbout(second.reference);
      return found.length > 0 ? found : undefined;
    }, 'the note in their chat');
    expect(JSON.stringify(notice!.attachments[0]!.content)).toContain(
      `duplicate of ${first.reference}`,
    );
  });
});

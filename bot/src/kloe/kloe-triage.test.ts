import { addCalendarDays, addWorkingDays, bankHoliday, londonDate } from '@pathways/core';
import type { Persona } from '@pathways/sandbox';
import {
  eventually,
  startHarness,
  type Harness,
  type SandboxActivity,
} from '../test-support/harness';

// The Business Unit triages KLOEs from the card in its channel, over
// /api/messages with activities shaped as Teams sends them.

let h: Harness;
let pat: Persona;
let billie: Persona;
let eli: Persona;
let patChat: string;
let seq = 0;
const nextId = (what: string) => `${what}-${(seq += 1)}`;

type CardElement = { id?: string; value?: string; text?: string; items?: CardElement[] };
type CardBody = CardElement[];
type Card = {
  fallbackText: string;
  body: CardBody;
  actions?: { type: string; title: string; verb?: string; data?: { version?: number } }[];
  refresh?: { userIds?: string[] };
};
type InvokeBody = { statusCode: number; value: Card };

const valid = {
  form: 'kloe',
  organisation: 'Cleveland Police',
  contactOfficer: 'Pat Practitioner',
  subject: 'Health not invited to strategy discussions',
  theme: 'Multi-agency working',
  details: 'Strategy discussions in the east locality are held without health colleagues.',
  actionWanted: 'Review the invitation list.',
};

const textOf = (card: Card | undefined) => JSON.stringify(card ?? {});

async function personalChat(conversationId: string): Promise<SandboxActivity[]> {
  return (await h.state()).personalChats.find((c) => c.id === conversationId)?.activities ?? [];
}

/** Raises a KLOE the way a practitioner does: "kloe", then the form, then send. */
async function raise(subject: string) {
  const before = (await personalChat(patChat)).length;
  await h.send(h.message(pat, patChat, nextId('open'), 'kloe'));
  const form = await eventually(
    async () =>
      (await personalChat(patChat))
        .slice(before)
        .find((a) => a.attachments[0]?.content.fallbackText?.startsWith('Raise a Key Line')),
    'the KLOE form',
  );
  const res = await h.send(
    h.cardAction(pat, patChat, nextId('submit'), 'kloe.submit', { ...valid, subject }, form.id),
  );
  const receipt = (res.body as InvokeBody).value;
  const reference = /KLOE-\d{4}-\d{4}/.exec(receipt.fallbackText)![0];
  const thread = await eventually(async () => {
    const state = await h.state();
    return state.teams
      .flatMap((t) => t.channels)
      .flatMap((c) => c.threads)
      .find((t) => t.root.summary === `New KLOE ${reference}`);
  }, 'the Business Unit card');
  const kloeId = (
    thread.root.attachments[0]!.content as unknown as {
      refresh: { action: { data: { kloeId: string } } };
    }
  ).refresh.action.data.kloeId;
  return {
    reference,
    kloeId,
    thread: thread.conversationId,
    rootId: thread.root.id,
    formId: form.id,
  };
}

async function act(
  persona: Persona,
  kloe: { thread: string; rootId: string; kloeId: string },
  verb: string,
  data: object,
  id = nextId(verb),
) {
  const res = await h.send(
    h.channelCardAction(
      persona,
      kloe.thread,
      id,
      verb,
      { kloeId: kloe.kloeId, ...data },
      kloe.rootId,
    ),
  );
  expect(res.status).toBe(200);
  return (res.body as InvokeBody).value;
}

async function channelRoot(kloe: { rootId: string }) {
  const state = await h.state();
  return state.teams
    .flatMap((t) => t.channels)
    .flatMap((c) => c.threads)
    .find((t) => t.root.id === kloe.rootId)!.root;
}

const versionOf = (card: Card) =>
  card.actions?.flatMap((a) => (a.data?.version !== undefined ? [a.data.version] : []))[0] ??
  JSON.stringify(card).match(/"version":(\d+)/)?.[1];

/** A meeting day: this many working days from today in England (the Engine Room meets on one). */
function inWorkingDays(days: number): string {
  return addWorkingDays(londonDate(new Date()), days);
}

beforeAll(async () => {
  h = await startHarness();
  pat = h.persona('Practitioner');
  billie = h.persona('BusinessUnit');
  eli = h.persona('EngineRoom');
  patChat = await h.openPersonalChat(pat);
}, 240_000);
afterAll(async () => {
  await h.close();
});

describe('triage of a KLOE in the Business Unit channel', () => {
  it('when a practitioner opens the form, then their organisation is filled in from their directory profile', async () => {
    await h.send(h.message(pat, patChat, nextId('open'), 'kloe'));
    const form = await eventually(
      async () =>
        (await personalChat(patChat))
          .map((a) => a.attachments[0]?.content)
          .find((c) => c?.fallbackText?.startsWith('Raise a Key Line')),
      'the KLOE form',
    );
    const organisation = (form.body as CardBody).find((e) => e.id === 'organisation');
    expect(organisation?.value).toBe(pat.agency);
  });

  it('when the card is posted, then the shared card carries the triage actions (a client without per-user views draws only it) and Teams is asked to refresh the Business Unit', async () => {
    const kloe = await raise('Refresh views');
    const posted = (await channelRoot(kloe)).attachments[0]!.content as unknown as Card;
    expect(posted.refresh?.userIds).toContain(billie.id);
    expect(posted.refresh?.userIds).not.toContain(eli.id);
    expect(posted.actions?.map((a) => a.title)).toEqual([
      'Accept onto the Engine Room agenda',
      'Ask for more information',
      'Decline',
      'Link to another KLOE',
      'Read it all in the Engine Room tab',
    ]);

    const forBillie = await act(billie, kloe, 'kloe.refresh', {});
    expect(forBillie.actions?.map((a) => a.title)).toEqual([
      'Accept onto the Engine Room agenda',
      'Ask for more information',
      'Decline',
      'Link to another KLOE',
      'Read it all in the Engine Room tab',
    ]);
    // The Engine Room reads it (in the tab too) but does not triage.
    const forEli = await act(eli, kloe, 'kloe.refresh', {});
    expect(forEli.actions?.map((a) => a.title)).toEqual(['Read it all in the Engine Room tab']);
    expect(textOf(forEli)).toContain(kloe.reference);
  });

  it('when someone outside the Business Unit presses a triage action, then it is refused and nothing changes', async () => {
    const kloe = await raise('Refused for others');
    const card = await act(eli, kloe, 'kloe.accept', { version: 1, meetingDate: inWorkingDays(7) });
    expect(textOf(card)).toContain('Only the Business Unit can triage KLOEs');
    const again = await act(billie, kloe, 'kloe.refresh', {});
    expect(textOf(again)).toContain('Waiting to be triaged');
  });

  it('when the meeting date is in the past, then the card says so beside the field and keeps the input', async () => {
    const kloe = await raise('Past meeting date');
    const card = await act(billie, kloe, 'kloe.accept', { version: 1, meetingDate: '2020-01-06' });
    expect(textOf(card)).toContain(
      'Error: The date of the Engine Room meeting must be today or later.',
    );
    expect(card.body.flatMap((e) => e.items ?? []).find((e) => e.id === 'meetingDate')?.value).toBe(
      '2020-01-06',
    );
  });

  it('when the meeting date is a Saturday or a bank holiday, then the card says which and asks for a working day, and nothing is decided', async () => {
    const kloe = await raise('Weekend meeting date');
    // The first Saturday after a working day a week or more ahead.
    let saturday = inWorkingDays(5);
    while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6)
      saturday = addCalendarDays(saturday, 1);
    const card = await act(billie, kloe, 'kloe.accept', { version: 1, meetingDate: saturday });
    expect(textOf(card)).toContain(
      'Error: The date of the Engine Room meeting is a Saturday. Choose a working day.',
    );
    expect(card.body.flatMap((e) => e.items ?? []).find((e) => e.id === 'meetingDate')?.value).toBe(
      saturday,
    );
    // The next bank holiday on a weekday.
    let holiday = inWorkingDays(1);
    while (bankHoliday(holiday) === undefined) holiday = addCalendarDays(holiday, 1);
    const onHoliday = await act(billie, kloe, 'kloe.accept', { version: 1, meetingDate: holiday });
    expect(textOf(onHoliday)).toContain(
      `Error: The date of the Engine Room meeting is a bank holiday (${bankHoliday(holiday)}). Choose a working day.`,
    );
    expect(textOf(await act(billie, kloe, 'kloe.refresh', {}))).toContain('Waiting to be triaged');
  });

  it("when the Business Unit accepts, then the same channel card and the submitter's receipt show it", async () => {
    const kloe = await raise('Accepted onto the agenda');
    const date = inWorkingDays(10);
    const card = await act(billie, kloe, 'kloe.accept', { version: 1, meetingDate: date });
    expect(textOf(card)).toContain('You accepted it onto the Engine Room agenda');
    const root = await eventually(async () => {
      const r = await channelRoot(kloe);
      return textOf(r.attachments[0]?.content as never).includes(
        'Accepted onto the Engine Room agenda',
      )
        ? r
        : undefined;
    }, 'the channel card to update');
    expect(root.updateCount).toBeGreaterThan(0);
    const receipt = await eventually(async () => {
      const r = (await personalChat(patChat)).find((a) => a.id === kloe.formId);
      return r?.attachments[0]?.content.fallbackText?.includes('Accepted') ? r : undefined;
    }, 'the receipt to update');
    expect(textOf(receipt.attachments[0]?.content as never)).toContain('Engine Room meeting');
    const threads = (await h.state()).teams
      .flatMap((t) => t.channels)
      .flatMap((c) => c.threads)
      .filter((t) => t.root.summary === `New KLOE ${kloe.reference}`);
    expect(threads).toHaveLength(1);
  });

  it('when the Business Unit asks for more information, then the question reaches the submitter and their answer comes back to the card', async () => {
    const kloe = await raise('More information round trip');
    const asked = await act(billie, kloe, 'kloe.ask', {
      version: 1,
      question: 'Which locality teams does this affect?',
    });
    expect(textOf(asked)).toContain('Their answer will appear on this card');

    const questionCard = await eventually(
      async () =>
        (await personalChat(patChat)).find(
          (a) => a.summary === `The Business Unit has a question about ${kloe.reference}`,
        ),
      "the question in the submitter's chat",
    );
    // The notification preview names the reference only, never the question.
    expect(questionCard.summary).not.toContain('locality');
    const data = (
      questionCard.attachments[0]!.content as unknown as {
        actions: { data: { kloeId: string; questionId: string } }[];
      }
    ).actions[0]!.data;

    const empty = await h.send(
      h.cardAction(
        pat,
        patChat,
        nextId('answer'),
        'kloe.answer',
        { ...data, answer: ' ' },
        questionCard.id,
      ),
    );
    expect(textOf((empty.body as InvokeBody).value)).toContain('Error: Enter the answer.');

    const answered = await h.send(
      h.cardAction(
        pat,
        patChat,
        nextId('answer'),
        'kloe.answer',
        { ...data, answer: 'The east and north teams.' },
        questionCard.id,
      ),
    );
    expect(textOf((answered.body as InvokeBody).value)).toContain('Your answer has been added');

    await eventually(async () => {
      const content = textOf((await channelRoot(kloe)).attachments[0]?.content as never);
      return content.includes('The east and north teams.') &&
        content.includes('Waiting to be triaged')
        ? true
        : undefined;
    }, 'the answer on the channel card');
  });

  it('when two Business Unit actions on the same version arrive together, then one wins and the other is told what happened', async () => {
    const kloe = await raise('Concurrent triage');
    const [a, b] = await Promise.all([
      act(billie, kloe, 'kloe.accept', { version: 1, meetingDate: inWorkingDays(5) }),
      act(billie, kloe, 'kloe.decline', { version: 1, reason: 'Already covered by an audit.' }),
    ]);
    const texts = [textOf(a), textOf(b)];
    expect(texts.filter((t) => t.includes('While you were deciding'))).toHaveLength(1);
    expect(texts.filter((t) => /You (accepted|declined) it/.test(t))).toHaveLength(1);
    const now = await act(billie, kloe, 'kloe.refresh', {});
    expect(Number(versionOf(now))).toBe(2);
  });

  it('when Teams delivers the same decision twice, then it is taken once', async () => {
    const kloe = await raise('Redelivered decline');
    const id = nextId('decline');
    const first = await act(
      billie,
      kloe,
      'kloe.decline',
      { version: 1, reason: 'Out of scope.' },
      id,
    );
    const second = await act(
      billie,
      kloe,
      'kloe.decline',
      { version: 1, reason: 'Out of scope.' },
      id,
    );
    expect(textOf(first)).toContain('You declined it');
    expect(textOf(second)).not.toContain('While you were deciding');
    expect(textOf(second)).toContain('Declined');
    expect(Number(versionOf(await act(billie, kloe, 'kloe.refresh', {})))).toBe(2);
  });

  it('when a KLOE is linked as a duplicate, then it closes and names the other; an unknown reference is refused', async () => {
    const original = await raise('Original');
    const copy = await raise('Copy');
    const unknown = await act(billie, copy, 'kloe.link', {
      version: 1,
      otherReference: 'KLOE-2001-0001',
      linkKind: 'duplicate',
    });
    expect(textOf(unknown)).toContain('Not saved: there is no KLOE-2001-0001');
    const linked = await act(billie, copy, 'kloe.link', {
      version: 1,
      otherReference: original.reference.toLowerCase(),
      linkKind: 'duplicate',
    });
    expect(textOf(linked)).toContain(`closed it as a duplicate of ${original.reference}`);
    expect(textOf(linked)).toContain('Closed as a duplicate');
    // Closed: nothing is left to decide or link, on the card or in the channel; the
    // whole record can still be read in the tab.
    const decisions = (card: Card) =>
      (card.actions ?? []).filter((a) => a.type !== 'Action.OpenUrl').map((a) => a.title);
    expect(decisions(linked)).toEqual([]);
    expect(linked.actions?.map((a) => a.type)).toEqual(['Action.OpenUrl']);
    const posted = await eventually(async () => {
      const root = (await channelRoot(copy)).attachments[0]!.content as unknown as Card;
      return textOf(root).includes('Closed as a duplicate') ? root : undefined;
    }, 'the channel card updated');
    expect(decisions(posted)).toEqual([]);
  });
});

describe("triage in the tab, through the card's use case", () => {
  type Detail = {
    version: number;
    statusText: string;
    lifecycle: { text: string; by: string }[];
    triage: { formId: string }[];
  };
  const detail = async (kloe: { kloeId: string }) =>
    (await h.api(billie, 'GET', `/api/records/kloe/${kloe.kloeId}`)).body as Detail;

  it('when the Business Unit accepts a KLOE in the tab, then the channel card shows the decision and the lifecycle', async () => {
    const kloe = await raise('Accepted in the tab');
    const before = await detail(kloe);
    expect(before.lifecycle.map((s) => s.text)).toEqual(['Received']);
    expect(before.triage.map((t) => t.formId)).toEqual([
      'kloe.accept',
      'kloe.ask',
      'kloe.decline',
      'kloe.link',
    ]);
    const res = await h.api(billie, 'POST', `/api/records/kloe/${kloe.kloeId}/triage/kloe.accept`, {
      meetingDate: inWorkingDays(14),
      version: String(before.version),
    });
    expect(res.status).toBe(200);
    expect((res.body as { message: string }).message).toMatch(
      /^You accepted it onto the Engine Room agenda, for the meeting on/,
    );
    const after = await detail(kloe);
    expect(after.statusText).toBe('Accepted onto the Engine Room agenda');
    expect(after.lifecycle.map((s) => [s.text, s.by])).toEqual([
      ['Received', pat.displayName],
      ['Triaged (accepted)', billie.displayName],
    ]);
    // Only a related link is left to decide.
    expect(after.triage.map((t) => t.formId)).toEqual(['kloe.link']);
    const card = await eventually(async () => {
      const root = (await channelRoot(kloe)).attachments[0]!.content as unknown as Card;
      return textOf(root).includes('Triaged (accepted)') ? root : undefined;
    }, 'the channel card updated');
    expect(textOf(card)).toContain('Accepted onto the Engine Room agenda');
  });

  it('when someone outside the Business Unit triages in the tab, then it is refused and nothing changes', async () => {
    const kloe = await raise('Not theirs to triage');
    const res = await h.api(eli, 'POST', `/api/records/kloe/${kloe.kloeId}/triage/kloe.decline`, {
      reason: 'Not for us.',
      version: '1',
    });
    expect(res.status).toBe(403);
    expect((await detail(kloe)).lifecycle.map((s) => s.text)).toEqual(['Received']);
  });

  it('when a KLOE is declined on the card, then the tab shows it triaged and closed, with who did it', async () => {
    const kloe = await raise('Declined on the card');
    await act(billie, kloe, 'kloe.decline', {
      version: 1,
      reason: 'Covered by the neglect audit.',
    });
    const after = await detail(kloe);
    expect(after.lifecycle.map((s) => [s.text, s.by])).toEqual([
      ['Received', pat.displayName],
      ['Triaged (declined)', billie.displayName],
      ['Closed', billie.displayName],
    ]);
  });

  it('when the Engine Room has taken a KLOE up, then it reads as being explored on the card and in the tab, and triage is refused with the reason', async () => {
    const kloe = await raise('Explored before triage');
    const evidence = await h.api(eli, 'POST', `/api/records/kloe/${kloe.kloeId}/evidence`, {
      summary: 'Two audits found the same gap.',
      source: 'Neglect audit',
      sourceDate: '2026-03-01',
    });
    expect(evidence.status).toBe(201);
    const after = await detail(kloe);
    expect(after.statusText).toBe('Being explored by the Engine Room');
    expect(after.lifecycle.map((s) => [s.text, s.by])).toEqual([
      ['Received', pat.displayName],
      ['Being explored by the Engine Room', eli.displayName],
    ]);
    const refused = await h.api(
      billie,
      'POST',
      `/api/records/kloe/${kloe.kloeId}/triage/kloe.accept`,
      { meetingDate: inWorkingDays(14), version: String(after.version) },
    );
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain(
      'Not saved: it is at the step “Being explored by the Engine Room”, so it cannot be triaged now.',
    );
    const card = await act(billie, kloe, 'kloe.refresh', {});
    expect(textOf(card)).toContain('Being explored by the Engine Room');
  });
});

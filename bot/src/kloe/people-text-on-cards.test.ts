import type { Persona } from '@pathways/sandbox';
import {
  eventually,
  startHarness,
  type Harness,
  type SandboxActivity,
} from '../test-support/harness';

// What a person types is drawn as they typed it on every card it reaches: the
// submitter's receipt, the Business Unit's channel card and the status note.
// No HTML element, link or markdown from it is drawn, and no backslash is
// added to keep it plain (Teams shows those backslashes).

let h: Harness;
let pat: Persona;
let billie: Persona;
let patChat: string;
let seq = 0;
const nextId = (what: string) => `${what}-${(seq += 1)}`;

const TYPED = {
  subject: '<img src=x onerror=alert(1)> as a title',
  details: 'See [link](http://x) for the **bold** claim about _x_ in multi-agency working.',
  actionWanted: '_x_ and **bold**: review [the list](http://x).',
  reason: '**Not** for us: see [link](http://x) <img src=x onerror=alert(2)> _x_',
};

type Element = Record<string, unknown>;

/** Strings a card host reads as markdown (TextBlocks, facts) and strings drawn as typed (TextRuns). */
function textsOf(value: unknown, out = { markdown: [] as string[], plain: [] as string[] }) {
  if (Array.isArray(value)) value.forEach((v) => textsOf(v, out));
  else if (value && typeof value === 'object') {
    const e = value as Element;
    if (e.type === 'TextBlock' && typeof e.text === 'string') out.markdown.push(e.text);
    if (e.type === 'FactSet')
      for (const f of e.facts as { title: string; value: string }[])
        out.markdown.push(f.title, f.value);
    if (e.type === 'TextRun' && typeof e.text === 'string') out.plain.push(e.text);
    Object.values(e).forEach((v) => textsOf(v, out));
  }
  return out;
}

/** The card shows each text as typed and nothing of it as markup. */
function expectDrawnAsTyped(card: unknown, typed: string[]) {
  const { markdown, plain } = textsOf(card);
  for (const text of markdown) {
    expect(text).not.toMatch(/<img|\]\(|\*\*|_x_/);
  }
  for (const text of typed) expect(plain.some((p) => p.includes(text))).toBe(true);
  expect(JSON.stringify(card)).not.toMatch(/\\\\/);
  expect(JSON.stringify(card)).not.toMatch(
    /"type":"(Image|Action\.OpenUrl)"[^}]*"url":"http:\/\/x"/,
  );
  expect(JSON.stringify(card)).not.toContain('"url":"http://x"');
}

beforeAll(async () => {
  h = await startHarness();
  pat = h.persona('Practitioner');
  billie = h.persona('BusinessUnit');
  patChat = await h.openPersonalChat(pat);
  await h.send(h.message(pat, patChat, nextId('hello'), 'help'));
}, 240_000);
afterAll(async () => {
  await h.close();
});

describe('a person’s text on the cards it reaches', () => {
  it('when a KLOE holds HTML, links and markdown, then its receipt, channel card and decline note draw them as typed', async () => {
    const res = await h.send(
      h.cardAction(pat, patChat, nextId('submit'), 'kloe.submit', {
        form: 'kloe',
        organisation: 'Cleveland Police',
        contactOfficer: 'Pat Practitioner',
        theme: 'Multi-agency working',
        subject: TYPED.subject,
        details: TYPED.details,
        actionWanted: TYPED.actionWanted,
      }),
    );
    const receipt = (res.body as { value: { fallbackText: string } }).value;
    const reference = /KLOE-\d{4}-\d{4}/.exec(receipt.fallbackText)![0];
    expectDrawnAsTyped(receipt, [TYPED.subject]);

    const thread = await eventually(async () => {
      const state = await h.state();
      return state.teams
        .flatMap((t) => t.channels)
        .flatMap((c) => c.threads)
        .find((t) => t.root.summary === `New KLOE ${reference}`);
    }, 'the Business Unit card');
    expectDrawnAsTyped(thread.root.attachments[0]!.content, [
      TYPED.subject,
      TYPED.details,
      TYPED.actionWanted,
    ]);

    const kloe = await h.service.database.db
      .selectFrom('kloes')
      .select(['id', 'version'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const decided = await h.send(
      h.channelCardAction(
        billie,
        thread.conversationId,
        nextId('decline'),
        'kloe.decline',
        { kloeId: kloe.id, version: kloe.version, reason: TYPED.reason },
        thread.root.id,
      ),
    );
    expect(decided.status).toBe(200);
    expectDrawnAsTyped((decided.body as { value: unknown }).value, [TYPED.reason]);

    const notice = await eventually(async () => {
      const chat = (await h.state()).personalChats.find((c) => c.id === patChat);
      return chat?.activities.find(
        (a: SandboxActivity) =>
          a.summary === `${reference}: Declined` &&
          !JSON.stringify(a.attachments[0]?.content).includes('sent to the Business Unit'),
      );
    }, 'the decline note');
    expectDrawnAsTyped(notice.attachments[0]!.content, [TYPED.reason]);
    expect(notice.summary).not.toMatch(/img|link|bold/);
  });
});

const kloeCount = async () =>
  (await h.service.database.db.selectFrom('kloes').select('id').execute()).length;

describe('long text through Teams', () => {
  const form = {
    form: 'kloe',
    organisation: 'Cleveland Police',
    contactOfficer: 'Pat Practitioner',
    theme: 'Multi-agency working',
    subject: 'Pasted at length',
    actionWanted: 'Review the invitation list.',
  };

  it('when 10,000 characters are pasted into the details, then the card says so beside the box and keeps every character', async () => {
    const pasted = 'Strategy discussions go ahead without health. '.repeat(220).slice(0, 10_000);
    const before = await kloeCount();
    const res = await h.send(
      h.cardAction(pat, patChat, nextId('submit'), 'kloe.submit', { ...form, details: pasted }),
    );
    const card = (res.body as { value: { body: Element[] } }).value;
    const all = JSON.stringify(card);
    const details = /"id":"details"[^}]*/.exec(all)![0];
    expect(JSON.parse(`{${details}}`).value).toBe(pasted);
    expect(all).toContain('Error: Keep the details to 4,000 characters or fewer.');
    expect(all).toContain('Up to 4,000 characters.');
    // Nothing was stored, and nothing was cut to fit.
    expect(await kloeCount()).toBe(before);
  });

  it('when a long KLOE reaches the Business Unit, then its card shows a summary of about 300 characters and opens the whole record in the tab', async () => {
    const details = `${'Strategy discussions go ahead without health colleagues. '.repeat(60)}The very end.`;
    const res = await h.send(
      h.cardAction(pat, patChat, nextId('submit'), 'kloe.submit', { ...form, details }),
    );
    const reference = /KLOE-\d{4}-\d{4}/.exec(
      (res.body as { value: { fallbackText: string } }).value.fallbackText,
    )![0];
    const thread = await eventually(async () => {
      const state = await h.state();
      return state.teams
        .flatMap((t) => t.channels)
        .flatMap((c) => c.threads)
        .find((t) => t.root.summary === `New KLOE ${reference}`);
    }, 'the Business Unit card');
    const card = thread.root.attachments[0]!.content as { actions?: Element[] };
    const shown = JSON.stringify(card);
    expect(shown).not.toContain('The very end.');
    const summary = /"text":"(Strategy discussions[^"]*)"/.exec(shown)![1]!;
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.endsWith('…')).toBe(true);
    const { id } = await h.service.database.db
      .selectFrom('kloes')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const open = card.actions?.find((a) => a.type === 'Action.OpenUrl');
    expect(String(open?.url)).toMatch(new RegExp(`/tab/index\\.html#/engine-room/kloe/${id}$`));
  });
});

import { SANDBOX_PERSONAS, sandboxPlacesOf, type Persona } from '@pathways/sandbox';
import { startHarness, type Harness } from '../../test-support/harness';
import { until } from '../../test-support/until';

// One deployment serving HSSCP and Stockport, driven over /api/messages and the REST API as
// Teams and the tab would: each turn, card press, request and job acts in one partnership.

let h: Harness;
const dee = SANDBOX_PERSONAS.find((p) => p.partnerships?.includes('stockport'))!;
const billie = SANDBOX_PERSONAS.find((p) => p.roles[0] === 'BusinessUnit')!;
const pat = SANDBOX_PERSONAS.find((p) => p.roles[0] === 'Practitioner')!;
/** Stockport's Business Unit officer: seeded in the sandbox, in Stockport only. */
const stockportOfficer: Persona = {
  id: '00000000-0000-4000-a000-000000000102',
  displayName: 'SSCP Business Unit Officer',
  userPrincipalName: 'sscp.business.unit.officer@hsscp.sandbox.example',
  mail: 'sscp.business.unit.officer@hsscp.sandbox.example',
  jobTitle: 'Business Unit officer',
  agency: 'SSCP Business Unit',
  roles: ['BusinessUnit'],
};
const stockport = sandboxPlacesOf('stockport');
const hsscp = sandboxPlacesOf('hsscp');
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

type Card = { fallbackText: string; body: unknown[]; actions?: unknown[] };
const cardOf = (body: unknown) => (body as { value: Card }).value;

beforeAll(async () => {
  h = await startHarness({ PARTNERSHIPS: 'hsscp,stockport' });
}, 240_000);
afterAll(async () => {
  await h.close();
});

async function channelPosts(channelId: string) {
  const channel = (await h.state()).teams
    .flatMap((t) => t.channels)
    .find((c) => c.id === channelId);
  return channel?.threads ?? [];
}

/** Every Action.Execute in a card, wherever it sits (ShowCard actions included). */
function executeActions(card: unknown): { verb: string; data: Record<string, unknown> }[] {
  if (Array.isArray(card)) return card.flatMap(executeActions);
  if (!card || typeof card !== 'object') return [];
  const e = card as Record<string, unknown>;
  const own =
    e.type === 'Action.Execute'
      ? [{ verb: String(e.verb), data: (e.data ?? {}) as Record<string, unknown> }]
      : [];
  return [...own, ...Object.values(e).flatMap(executeActions)];
}

describe('one deployment serving HSSCP and Stockport', () => {
  let chat: string;
  let reference: string;
  let kloeId: string;

  it('when someone in both partnerships writes to Pathways, then it asks which partnership the chat is for', async () => {
    chat = await h.openPersonalChat(dee);
    const res = await h.send(h.message(dee, chat, 'dee-1', 'kloe'));
    expect(res.status).toBe(200);
    const asked = await until(async () => {
      const activities =
        (await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? [];
      return activities
        .map((a) => a.attachments[0]?.content)
        .find((c) => c?.fallbackText === 'Which partnership is this chat for?');
    }, 'the question which partnership');
    expect(executeActions(asked).map((a) => a.data.partnership)).toEqual(['hsscp', 'stockport']);
  });

  it('when they choose Stockport and raise a KLOE, then it is stored under Stockport and posted to Stockport’s Business Unit channel only', async () => {
    const chosen = await h.send(
      h.cardAction(dee, chat, 'dee-choose', 'partnership.choose', { partnership: 'stockport' }),
    );
    expect(cardOf(chosen.body).fallbackText).toBe('This chat is now for SSCP');

    const hsscpBefore = (await channelPosts(hsscp.businessUnitChannelId)).length;
    const res = await h.send(
      h.cardAction(
        dee,
        chat,
        'dee-kloe-submit',
        'kloe.submit',
        {
          form: 'kloe',
          organisation: 'Greater Manchester Police',
          contactOfficer: dee.displayName,
          subject: 'Strategy meetings across the Stockport border',
          theme: 'Multi-agency working',
          details: 'Strategy discussions for children who cross the border are held late.',
          actionWanted: 'Agree who convenes them.',
        },
        'dee-kloe-form',
      ),
    );
    const receipt = cardOf(res.body);
    reference = /KLOE-\d{4}-\d{4,}/.exec(receipt.fallbackText)![0];

    const stored = await h.service.database.db
      .selectFrom('kloes')
      .select(['id', 'submitted_by_id', 'partnership_id'])
      .where('reference', '=', reference)
      .where('submitted_by_id', '=', dee.id)
      .executeTakeFirstOrThrow();
    expect(stored.partnership_id).toBe('stockport');
    kloeId = stored.id;

    // Posting the card is a Stockport job: it reaches Stockport's channel, not HSSCP's.
    const thread = await until(
      async () =>
        (await channelPosts(stockport.businessUnitChannelId)).find(
          (t) => t.root.summary === `New KLOE ${reference}`,
        ),
      'the KLOE card in Stockport’s Business Unit channel',
    );
    const posts = await channelPosts(hsscp.businessUnitChannelId);
    expect(posts).toHaveLength(hsscpBefore);
    // The card's actions carry the partnership that sent it.
    const actions = executeActions(thread.root.attachments[0]?.content);
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a.data.pathwaysPartnership).toBe('stockport');
  });

  it('when Stockport’s Business Unit accepts the KLOE from its channel card, then it changes in Stockport', async () => {
    const thread = (await channelPosts(stockport.businessUnitChannelId)).find(
      (t) => t.root.summary === `New KLOE ${reference}`,
    )!;
    const accept = executeActions(thread.root.attachments[0]?.content).find(
      (a) => a.verb === 'kloe.accept',
    )!;
    const stockportDb = h.service.partnerships.get('stockport')!.database.db;
    const before = await stockportDb
      .selectFrom('kloes')
      .select('version')
      .where('id', '=', kloeId)
      .executeTakeFirstOrThrow();
    const res = await h.send(
      h.channelCardAction(
        stockportOfficer,
        thread.conversationId,
        'sscp-accept',
        'kloe.accept',
        { ...accept.data, meetingDate: inAMonth },
        thread.root.id,
      ),
    );
    expect(res.status).toBe(200);
    const after = await stockportDb
      .selectFrom('kloes')
      .select('version')
      .where('id', '=', kloeId)
      .executeTakeFirstOrThrow();
    expect(after.version).not.toBe(before.version);
  });

  it('when someone in HSSCP only presses a Stockport card, then nothing changes', async () => {
    const thread = (await channelPosts(stockport.businessUnitChannelId)).find(
      (t) => t.root.summary === `New KLOE ${reference}`,
    )!;
    const link = executeActions(thread.root.attachments[0]?.content).find(
      (a) => a.verb === 'kloe.ask',
    );
    const data = { ...(link?.data ?? { kloeId, pathwaysPartnership: 'stockport' }) };
    const res = await h.send(
      h.cardAction(billie, `a:chat-${billie.id}`, 'billie-press', 'kloe.ask', {
        ...data,
        question: 'Which teams does this affect?',
      }),
    );
    expect(cardOf(res.body).fallbackText).toBe('This card belongs to another partnership');
    const questions = await h.service.partnerships
      .get('stockport')!
      .database.db.selectFrom('kloe_questions')
      .select('id')
      .where('kloe_id', '=', kloeId)
      .execute();
    expect(questions).toHaveLength(0);
  });

  it('when HSSCP’s Business Unit reads the queue, then the Stockport KLOE is not there, and asking for Stockport is refused', async () => {
    const queue = await h.api(billie, 'GET', '/api/queue?type=kloe');
    expect(queue.status).toBe(200);
    const ids = (queue.body as { items: { id: string }[] }).items.map((i) => i.id);
    expect(ids).not.toContain(kloeId);

    const refused = await h.api(billie, 'GET', '/api/queue?type=kloe', undefined, {
      'X-Pathways-Partnership': 'stockport',
    });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain(
      'You are not in Stockport Safeguarding Children Partnership',
    );
  });

  it('when Stockport’s Business Unit reads its queue, then the KLOE is there', async () => {
    const queue = await h.api(stockportOfficer, 'GET', '/api/queue?type=kloe');
    expect(queue.status).toBe(200);
    expect((queue.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(kloeId);
  });

  it('when someone in both partnerships calls the API without choosing, then it answers 409 ChoosePartnership listing theirs; with the header, that partnership', async () => {
    const unchosen = await h.api(dee, 'GET', '/api/my/submissions');
    expect(unchosen.status).toBe(409);
    const error = (
      unchosen.body as {
        error: { code: string; message: string; partnerships: { id: string; shortName: string }[] };
      }
    ).error;
    expect(error.code).toBe('ChoosePartnership');
    expect(error.message).toContain('X-Pathways-Partnership');
    expect(error.partnerships.map((p) => [p.id, p.shortName])).toEqual([
      ['hsscp', 'HSSCP'],
      ['stockport', 'SSCP'],
    ]);

    const inStockport = await h.api(dee, 'GET', '/api/my/submissions', undefined, {
      'X-Pathways-Partnership': 'stockport',
    });
    expect(inStockport.status).toBe(200);
    expect(JSON.stringify(inStockport.body)).toContain(reference);

    const inHsscp = await h.api(dee, 'GET', '/api/my/submissions', undefined, {
      'X-Pathways-Partnership': 'hsscp',
    });
    expect(inHsscp.status).toBe(200);
    expect(JSON.stringify(inHsscp.body)).not.toContain('Strategy meetings across the Stockport');
  });

  it('when someone in one partnership calls the API, then no header is needed; /api/me lists each person’s partnerships', async () => {
    expect((await h.api(pat, 'GET', '/api/my/submissions')).status).toBe(200);
    const unknown = await h.api(pat, 'GET', '/api/my/submissions', undefined, {
      'X-Pathways-Partnership': 'nowhere',
    });
    expect(unknown.status).toBe(403);

    const me = await h.api(dee, 'GET', '/api/me');
    expect((me.body as { partnerships: { id: string }[] }).partnerships.map((p) => p.id)).toEqual([
      'hsscp',
      'stockport',
    ]);
    const patMe = await h.api(pat, 'GET', '/api/me');
    expect(
      (patMe.body as { partnerships: { id: string }[] }).partnerships.map((p) => p.id),
    ).toEqual(['hsscp']);
    const config = await (await fetch(`${h.service.url}/api/config`)).json();
    expect((config as { partnerships: { id: string }[] }).partnerships.map((p) => p.id)).toEqual([
      'hsscp',
      'stockport',
    ]);
  });

  it('when they type "switch partnership", then they are asked again, and HSSCP’s help then says how to switch', async () => {
    await h.send(h.message(dee, chat, 'dee-switch', 'switch partnership'));
    const chosen = await h.send(
      h.cardAction(dee, chat, 'dee-choose-2', 'partnership.choose', { partnership: 'hsscp' }),
    );
    expect(cardOf(chosen.body).fallbackText).toBe('This chat is now for HSSCP');
    await h.send(h.message(dee, chat, 'dee-help', 'help'));
    await until(async () => {
      const activities =
        (await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? [];
      return activities.some((a) =>
        JSON.stringify(a.attachments[0]?.content ?? {}).includes('type \\"switch partnership\\"'),
      );
    }, 'the help card with how to switch');
  });

  it('when they press a Stockport card after switching the chat to HSSCP, then it still acts in Stockport; an unmarked press acts in HSSCP', async () => {
    const values = {
      form: 'kloe',
      organisation: 'Greater Manchester Police',
      contactOfficer: dee.displayName,
      subject: 'A second cross-border KLOE',
      theme: 'Multi-agency working',
      details: 'Return interviews for children missing across the border are not shared.',
      actionWanted: 'Agree how they are shared.',
    };
    // Each partnership numbers its own KLOEs: the press's activity id finds the one it made.
    const partnershipOf = async (activityId: string) => {
      const row = await h.service.database.db
        .selectFrom('kloes')
        .select('partnership_id')
        .where('submission_key', '=', activityId)
        .executeTakeFirstOrThrow();
      return row.partnership_id;
    };
    const fromStockportCard = await h.send(
      h.cardAction(dee, chat, 'dee-old-card', 'kloe.submit', {
        ...values,
        pathwaysPartnership: 'stockport',
      }),
    );
    expect(fromStockportCard.status).toBe(200);
    expect(await partnershipOf('dee-old-card')).toBe('stockport');
    const unmarked = await h.send(
      h.cardAction(dee, chat, 'dee-unmarked', 'kloe.submit', {
        ...values,
        organisation: 'Cleveland Police',
        subject: 'Raised in HSSCP',
      }),
    );
    expect(unmarked.status).toBe(200);
    expect(await partnershipOf('dee-unmarked')).toBe('hsscp');
  });

  it('when a card in Stockport’s channel carries no partnership, then the channel decides: it acts in Stockport', async () => {
    const thread = (await channelPosts(stockport.businessUnitChannelId)).find(
      (t) => t.root.summary === `New KLOE ${reference}`,
    )!;
    const res = await h.send(
      h.channelCardAction(
        stockportOfficer,
        thread.conversationId,
        'sscp-refresh',
        'kloe.refresh',
        { kloeId },
        thread.root.id,
      ),
    );
    expect(JSON.stringify(cardOf(res.body))).toContain(reference);
  });

  it('when someone in no partnership Pathways serves writes to it, then it says so in plain English', async () => {
    const stranger: Persona = { ...pat, id: '00000000-0000-4000-8000-00000000abcd' };
    const res = await h.send(
      h.cardAction(stranger, `a:chat-${stranger.id}`, 'stranger-press', 'kloe.refresh', {
        kloeId,
      }),
    );
    expect(cardOf(res.body).fallbackText).toBe('You are not in a partnership Pathways serves');
  });
});

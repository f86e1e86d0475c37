import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { SANDBOX_CHANNELS, SANDBOX_PERSONAS, type SandboxServer } from '../index';
import type { SandboxStateView } from '../view/stateView';
import { withSandbox } from '../test/helpers';

const bot = { id: '28:pathways-bot', name: 'Pathways' };
const card = (title: string) => ({
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: title, wrap: true }],
  },
});

/** A local bot with no app id: MicrosoftAppCredentials('', '') sends no Authorization header. */
function connector(sandbox: SandboxServer): ConnectorClient {
  return new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: sandbox.url });
}

async function state(sandbox: SandboxServer): Promise<SandboxStateView> {
  return (await (await fetch(`${sandbox.url}/api/state`)).json()) as SandboxStateView;
}

function rawSend(sandbox: SandboxServer, conversationId: string, text: string) {
  return fetch(`${sandbox.url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text, from: bot }),
  });
}

describe('Bot Connector API', () => {
  let sandbox: SandboxServer;
  afterEach(() => sandbox.close());

  it('when the bot posts a card to the Business Unit channel, replies and updates it, then /api/state shows the thread', async () => {
    sandbox = await withSandbox();
    const client = connector(sandbox);

    const created = await client.conversations.createConversation({
      isGroup: true,
      bot,
      members: [],
      channelData: { channel: { id: SANDBOX_CHANNELS.businessUnit } },
      activity: { type: 'message', from: bot, attachments: [card('New KLOE received')] },
    } as never);
    expect(created.activityId).toMatch(/^\d+$/);
    expect(created.id).toBe(`${SANDBOX_CHANNELS.businessUnit};messageid=${created.activityId}`);

    const reply = await client.conversations.replyToActivity(created.id!, created.activityId!, {
      type: 'message',
      from: bot,
      text: 'Assigned to the Engine Room.',
    });
    const updated = await client.conversations.updateActivity(created.id!, created.activityId!, {
      type: 'message',
      from: bot,
      attachments: [card('KLOE triaged')],
    });
    expect(updated.id).toBe(created.activityId);

    const view = await state(sandbox);
    const channel = view.teams[0]!.channels.find((c) => c.id === SANDBOX_CHANNELS.businessUnit)!;
    expect(channel.name).toBe('Business Unit');
    expect(channel.threads).toHaveLength(1);
    const thread = channel.threads[0]!;
    expect(thread.conversationId).toBe(created.id);
    expect(thread.root).toMatchObject({ id: created.activityId, updateCount: 1, from: bot });
    expect(thread.root.attachments[0]).toEqual(card('KLOE triaged'));
    expect(thread.replies).toEqual([
      expect.objectContaining({
        id: reply.id,
        text: 'Assigned to the Engine Room.',
        replyToId: created.activityId,
      }),
    ]);
  });

  it('when the bot sends to a thread id with ;messageid=, then the message lands in that thread', async () => {
    sandbox = await withSandbox();
    const client = connector(sandbox);
    const created = await client.conversations.createConversation({
      isGroup: true,
      bot,
      members: [],
      channelData: { channel: { id: SANDBOX_CHANNELS.engineRoom } },
      activity: { type: 'message', from: bot, text: 'Rapid Review started' },
    } as never);
    await client.conversations.sendToConversation(created.id!, { type: 'message', text: 'Day 2' });
    const channel = (await state(sandbox)).teams[0]!.channels.find(
      (c) => c.id === SANDBOX_CHANNELS.engineRoom,
    )!;
    expect(channel.threads).toHaveLength(1);
    expect(channel.threads[0]!.replies.map((r) => r.text)).toEqual(['Day 2']);
  });

  it('when the bot opens a 1:1 chat with a persona, then the chat is reused and members are Teams-shaped', async () => {
    sandbox = await withSandbox();
    const client = connector(sandbox);
    const persona = SANDBOX_PERSONAS[0]!;
    const first = await client.conversations.createConversation({
      isGroup: false,
      bot,
      members: [{ id: `29:${persona.id}`, name: persona.displayName }],
      tenantId: sandbox.tenantId,
      activity: { type: 'message', text: 'Your KLOE was received.' },
    } as never);
    const again = await client.conversations.createConversation({
      bot,
      members: [{ id: persona.id, name: persona.displayName }],
    } as never);
    expect(again.id).toBe(first.id);

    const members = await client.conversations.getConversationMembers(first.id!);
    expect(members).toEqual([
      expect.objectContaining({
        id: `29:${persona.id}`,
        aadObjectId: persona.id,
        email: persona.mail,
        userPrincipalName: persona.userPrincipalName,
        name: persona.displayName,
      }),
    ]);
    const member = await client.conversations.getConversationMember(
      first.id!,
      persona.userPrincipalName,
    );
    expect(member).toMatchObject({ aadObjectId: persona.id });

    const view = await state(sandbox);
    expect(view.personalChats).toEqual([
      expect.objectContaining({
        id: first.id,
        member: { id: persona.id, name: persona.displayName },
      }),
    ]);
    expect(view.personalChats[0]!.activities.map((a) => a.text)).toEqual([
      'Your KLOE was received.',
    ]);
  });

  it('when the conversation is unknown, then the SDK gets 404 ConversationNotFound', async () => {
    sandbox = await withSandbox();
    const res = await rawSend(sandbox, '19:nowhere@thread.tacv2', 'hello');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'ConversationNotFound', message: expect.any(String) },
    });
    await expect(
      connector(sandbox).conversations.sendToConversation('19:nowhere@thread.tacv2', {
        type: 'message',
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('when the 8th send to one conversation comes within one second, then it gets 429 with Retry-After', async () => {
    sandbox = await withSandbox();
    const client = connector(sandbox);
    for (let i = 1; i <= 7; i++) {
      await client.conversations.sendToConversation(SANDBOX_CHANNELS.businessUnit, {
        type: 'message',
        text: `n${i}`,
      });
    }
    const eighth = await rawSend(sandbox, SANDBOX_CHANNELS.businessUnit, 'n8');
    expect(eighth.status).toBe(429);
    expect(Number(eighth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await eighth.json()).toMatchObject({ error: { code: 'Throttled' } });

    // Another conversation is not affected by this one's limit.
    expect((await rawSend(sandbox, SANDBOX_CHANNELS.engineRoom, 'other')).status).toBe(201);
  });

  it('when the SDK meets a 429, then it waits for Retry-After and its retry succeeds', async () => {
    sandbox = await withSandbox();
    const client = connector(sandbox);
    const started = Date.now();
    for (let i = 1; i <= 8; i++) {
      await client.conversations.sendToConversation(SANDBOX_CHANNELS.team, {
        type: 'message',
        text: `n${i}`,
      });
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const general = (await state(sandbox)).teams[0]!.channels[0]!;
    expect(general.threads).toHaveLength(8);
  });

  it('when limits are off, then 20 quick sends to one conversation all succeed', async () => {
    sandbox = await withSandbox({ limits: 'off' });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await rawSend(sandbox, SANDBOX_CHANNELS.businessUnit, `m${i}`)).status);
    expect(statuses.every((s) => s === 201)).toBe(true);
  });

  it('when 51 requests reach the tenant within a second, then the 51st gets 429', async () => {
    sandbox = await withSandbox();
    const url = `${sandbox.url}/v3/conversations/${encodeURIComponent(SANDBOX_CHANNELS.team)}/members`;
    const statuses = await Promise.all(
      Array.from({ length: 51 }, () => fetch(url).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it('when an Authorization header is not a sandbox token, then the request gets 401', async () => {
    sandbox = await withSandbox();
    const res = await fetch(
      `${sandbox.url}/v3/conversations/${encodeURIComponent(SANDBOX_CHANNELS.team)}/members`,
      {
        headers: { authorization: 'Bearer not-a-token' },
      },
    );
    expect(res.status).toBe(401);
  });

  it('when a bot token from the sandbox is sent, then the request is accepted', async () => {
    sandbox = await withSandbox();
    const config = (await (
      await fetch(`${sandbox.url}/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as { token_endpoint: string };
    const token = (await (
      await fetch(config.token_endpoint, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'bot-app-id',
          client_secret: 'local',
          scope: 'https://api.botframework.com/.default',
        }),
      })
    ).json()) as { access_token: string };
    const res = await fetch(
      `${sandbox.url}/v3/conversations/${encodeURIComponent(SANDBOX_CHANNELS.team)}/members`,
      {
        headers: { authorization: `Bearer ${token.access_token}` },
      },
    );
    expect(res.status).toBe(200);
  });
});

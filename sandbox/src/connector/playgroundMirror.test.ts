import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CHANNELS, type SandboxServer } from '../index';
import { withSandbox } from '../test/helpers';
import { parsePlaygroundTargets } from './playgroundMirror';

// A stand-in for an Agents Playground's Bot Connector: records what it is sent.
async function fakePlayground() {
  const received: { method: string; url: string; body: Record<string, unknown> }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body: JSON.parse(raw || '{}'),
      });
      res.setHeader('content-type', 'application/json');
      res.end(
        req.method === 'POST'
          ? JSON.stringify({ id: 'pg-post-1', activityId: 'pg-activity-1' })
          : JSON.stringify({ id: 'pg-activity-1' }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_connector`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

const until = async (probe: () => boolean) => {
  for (let i = 0; i < 100 && !probe(); i += 1) await new Promise((r) => setTimeout(r, 20));
};

describe('channel posts shown in Agents Playgrounds', () => {
  let sandbox: SandboxServer;
  afterEach(() => sandbox.close());

  it('when the bot posts to a channel and updates the post, then each Playground is sent the post and then the update', async () => {
    const playground = await fakePlayground();
    sandbox = await withSandbox({
      playgrounds: [{ personaId: 'billie', connectorUrl: playground.url }],
    });
    const created = (await (
      await fetch(`${sandbox.url}/v3/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          isGroup: true,
          channelData: { channel: { id: SANDBOX_CHANNELS.businessUnit } },
          activity: { type: 'message', summary: 'New KLOE', text: 'first' },
        }),
      })
    ).json()) as { id: string; activityId: string };
    await fetch(
      `${sandbox.url}/v3/conversations/${encodeURIComponent(created.id)}/activities/${created.activityId}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'second' }),
      },
    );
    await until(() => playground.received.length >= 2);
    expect(playground.received[0]).toMatchObject({
      method: 'POST',
      url: '/_connector/v3/conversations',
      body: {
        isGroup: true,
        channelData: { channel: { id: SANDBOX_CHANNELS.businessUnit } },
        activity: { text: 'first', summary: 'New KLOE' },
      },
    });
    expect(playground.received[1]).toMatchObject({
      method: 'PUT',
      url: '/_connector/v3/conversations/pg-post-1/activities/pg-activity-1',
      body: { text: 'second' },
    });
    await playground.close();
  });

  it('when a Playground is not running, then the post still reaches the channel', async () => {
    sandbox = await withSandbox({
      playgrounds: [{ personaId: 'billie', connectorUrl: 'http://127.0.0.1:9/_connector' }],
    });
    const res = await fetch(`${sandbox.url}/v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        isGroup: true,
        channelData: { channel: { id: SANDBOX_CHANNELS.businessUnit } },
        activity: { type: 'message', text: 'first' },
      }),
    });
    expect(res.status).toBe(201);
  });
});

describe('the Playgrounds setting', () => {
  it('when the setting is malformed, then it says what it should look like', () => {
    expect(() => parsePlaygroundTargets('billie')).toThrow(/persona-id=http/);
    expect(parsePlaygroundTargets('a=http://127.0.0.1:1/_connector/')).toEqual([
      { personaId: 'a', connectorUrl: 'http://127.0.0.1:1/_connector' },
    ]);
  });
});

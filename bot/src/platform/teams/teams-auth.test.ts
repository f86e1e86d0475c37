import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import { startApiUnderTest, type ApiUnderTest } from '../../test-support/api-under-test';
import { createTeamsGateway } from './teams-adapter';
import { type IncomingMessage } from './teams-contract';

// A stand-in for the Bot Framework's OpenID metadata, so the adapter's real
// token validation runs against keys this test controls.
const BOT_ID = '7e570000-0000-4000-8000-0000000b0700';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';

let metadata: Server;
let metadataUrl: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let rogueKey: typeof signingKey;
const kid = randomUUID();
const handled: IncomingMessage[] = [];
const logLines: string[] = [];
let api: ApiUnderTest;
let consoleError: jest.SpyInstance;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  rogueKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, use: 'sig', endorsements: ['msteams'] };
  metadata = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
    else res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${metadataUrl}/keys` }));
  });
  await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
  metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;

  // Watched from before the gateway exists: no refusal should reach the console.
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const teams = createTeamsGateway(
    {
      botId: BOT_ID,
      botPassword: 'not-used-for-inbound-checks',
      botType: 'MultiTenant',
      tenantId: undefined,
      channelAuthority: {
        openIdMetadataUrl: `${metadataUrl}/.well-known/openidconfiguration`,
        tokenIssuer: ISSUER,
      },
    },
    {
      onMessage: async (m) => {
        handled.push(m);
        return [];
      },
      onInstalled: async () => [],
      cardVerbs: [],
      onCardAction: async () => ({ type: 'AdaptiveCard', version: '1.5', body: [] }) as never,
      onMessageAction: async () => ({ kind: 'done', message: 'ok' }),
    },
    () => undefined,
  );
  api = await startApiUnderTest({}, { teams, logLines });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await api.close();
  await new Promise<void>((r) => metadata.close(() => r()));
});

const now = () => Math.floor(Date.now() / 1000);

async function channelToken(
  claims: JWTPayload & Record<string, unknown> = {},
  options: { key?: 'trusted' | 'rogue' | 'none'; kid?: string } = {},
) {
  const payload = {
    iss: ISSUER,
    aud: BOT_ID,
    serviceurl: SERVICE_URL,
    nbf: now(),
    exp: now() + 3600,
    ...claims,
  };
  if (options.key === 'none') return new UnsecuredJWT(payload).encode();
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid })
    .sign(options.key === 'rogue' ? rogueKey : signingKey);
}

let n = 0;
function activity() {
  n += 1;
  return {
    type: 'message',
    id: `auth-test-${n}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    text: 'help',
    from: { id: '29:someone', aadObjectId: '7e570000-0000-4000-8000-0000000000b0' },
    recipient: { id: `28:${BOT_ID}` },
    conversation: { id: 'a:personal-chat', conversationType: 'personal' },
  };
}

async function post(token: string | undefined, body: object = activity()) {
  const before = handled.length;
  const req = request(api.app).post('/api/messages');
  if (token) req.set('authorization', `Bearer ${token}`);
  logLines.length = 0;
  consoleError.mockClear();
  const res = await req.send(body);
  return { status: res.status, handled: handled.length - before, body: res.body as unknown };
}

/** What a refusal logged: one warning line, nothing on the console, no stack. */
function loggedRefusal() {
  expect(consoleError).not.toHaveBeenCalled();
  expect(logLines.join('\n')).not.toMatch(/stack|\bat .*\.[jt]s:\d+/);
  return logLines.map((l) => JSON.parse(l) as { level: number; msg: string; status: number });
}

describe('/api/messages with an app id configured', () => {
  it('when the channel signs the request, then the bot handles it', async () => {
    expect(await post(await channelToken())).toMatchObject({ status: 200, handled: 1 });
  });

  it.each<[string, () => Promise<string | undefined>]>([
    ['no token', async () => undefined],
    ['a forged signature', () => channelToken({}, { key: 'rogue' })],
    ['alg none', () => channelToken({}, { key: 'none' })],
    ['an unknown key id', () => channelToken({}, { key: 'rogue', kid: 'unknown' })],
    ['the wrong audience (another bot)', () => channelToken({ aud: randomUUID() })],
    ['the wrong issuer', () => channelToken({ iss: 'https://evil.example' })],
    ['an expiry in the past', () => channelToken({ nbf: now() - 7200, exp: now() - 3600 })],
    [
      'another service URL than the activity',
      () => channelToken({ serviceurl: 'https://evil.example/' }),
    ],
  ])(
    'when the request has %s, then it is refused with 401 and not handled, logging one warning and no stack',
    async (_what, make) => {
      expect(await post(await make())).toEqual({
        status: 401,
        handled: 0,
        body: { error: { code: 'Unauthenticated', message: expect.any(String) } },
      });
      expect(loggedRefusal()).toEqual([
        expect.objectContaining({ level: 40, msg: 'request refused', status: 401 }),
      ]);
    },
  );

  it('when the body is not an activity, then it is refused with 400 and the problem JSON, logging one warning', async () => {
    expect(await post(await channelToken(), { text: 'help' })).toEqual({
      status: 400,
      handled: 0,
      body: { error: { code: 'BadRequest', message: expect.stringMatching(/activity/) } },
    });
    expect(loggedRefusal()).toEqual([
      expect.objectContaining({ level: 40, msg: 'request refused', status: 400 }),
    ]);
  });
});

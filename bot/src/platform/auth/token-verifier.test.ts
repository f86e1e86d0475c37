import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startApiUnderTest, type ApiUnderTest } from '../../test-support/api-under-test';
import { ROUTE_ACCESS, samplePath } from '../../test-support/route-matrix';
import { listRoutes } from '../http/route-list';
import { startTestIssuer, type TestIssuer } from '../../test-support/token-issuer';
import { createTokenVerifier, SignInCheckUnavailableError } from './token-verifier';

const PARTNER_TENANT = '7e570000-0000-4000-8000-0000000a9e11';
const OTHER_TENANT = '7e570000-0000-4000-8000-00000000beef';
/** A group in the partner's tenant that the partnership itself maps to the Business Unit. */
const PARTNER_BU_GROUP = '7e570000-0000-4000-8000-0000000b0b0b';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest({
    ALLOWED_TENANT_IDS: PARTNER_TENANT,
    ROLE_GROUPS: `BusinessUnit=${PARTNER_BU_GROUP}`,
  });
});
afterAll(async () => {
  await api.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** Each differs from a good token by one thing. */
const badTokens: [string, (issuer: TestIssuer) => Promise<string>][] = [
  ['a forged signature', (i) => i.sign({}, { key: 'rogue' })],
  ['the wrong audience', (i) => i.sign({ aud: 'api://someone-else' })],
  [
    'the wrong issuer',
    (i) =>
      i.sign({
        iss: 'https://login.microsoftonline.com/7e570000-0000-4000-8000-00000000a11d/v2.0',
      }),
  ],
  [
    'an expiry in the past',
    (i) => i.sign({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }),
  ],
  ['a not-before in the future', (i) => i.sign({ nbf: now() + 3600, exp: now() + 7200 })],
  ['alg none', (i) => i.sign({}, { alg: 'none' })],
  ['an unknown key id', (i) => i.sign({}, { key: 'rogue', kid: 'not-a-published-key' })],
  ['another tenant', (i) => i.sign({ tid: OTHER_TENANT })],
  [
    'an allowed tenant claimed under another issuer',
    (i) => i.sign({ tid: PARTNER_TENANT, iss: i.issuerFor(i.tenantId) }),
  ],
  [
    'no delegated scope (an app-only token)',
    (i) => i.sign({ scp: undefined, roles: ['BusinessUnit'] }),
  ],
  ['no expiry', (i) => i.sign({ exp: undefined })],
  ['a token that is not a JWT', () => Promise.resolve('not-a-token')],
];

function protectedRoutes() {
  return listRoutes(api.app).filter((r) => {
    const access = ROUTE_ACCESS[`${r.method} ${r.path}`];
    return access !== 'public' && access !== 'bot';
  });
}

function call(method: string, path: string, token: string | undefined) {
  const req = request(api.app)[method.toLowerCase() as 'get'](samplePath(path));
  if (token !== undefined) req.set('authorization', `Bearer ${token}`);
  return method === 'GET' ? req : req.send({ note: 'should never be stored' });
}

describe('REST API tokens', () => {
  it('when there are routes behind sign-in, then this suite checks each of them', () => {
    expect(protectedRoutes().map((r) => `${r.method} ${r.path}`)).toContain('GET /api/me');
  });

  it('when a good token from the home tenant or an allowed partner tenant is sent, then it is accepted', async () => {
    for (const tid of [api.issuer.tenantId, PARTNER_TENANT]) {
      const token = await api.issuer.sign({ tid });
      const res = await call('GET', '/api/me', token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ displayName: 'Test Person' });
    }
  });

  it.each(badTokens)(
    'when a token has %s, then every protected route answers 401 and nothing is stored',
    async (_what, make) => {
      const token = await make(api.issuer);
      const before = await api.rowCounts();
      for (const route of protectedRoutes()) {
        const res = await call(route.method, route.path, token);
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
        expect(res.body.error.message).toMatch(/sign/i);
      }
      expect(await api.rowCounts()).toEqual(before);
    },
  );

  it('when no token or another scheme is sent, then every protected route answers 401', async () => {
    for (const route of protectedRoutes()) {
      expect((await call(route.method, route.path, undefined)).status).toBe(401);
      const basic = await call(route.method, route.path, undefined).set(
        'authorization',
        'Basic dXNlcjpwYXNz',
      );
      expect(basic.status).toBe(401);
    }
  });
});

describe('roles from a partner tenant', () => {
  const everyRole = [
    'Practitioner',
    'BusinessUnit',
    'EngineRoom',
    'DevelopmentManager',
    'AgencyLead',
    'Executive',
    'Administrator',
  ];
  const rolesOf = async (claims: Record<string, unknown>) => {
    const res = await call('GET', '/api/me', await api.issuer.sign(claims));
    expect(res.status).toBe(200);
    return res.body.roles as string[];
  };

  it('when a partner tenant’s token claims every role, then it gets at most Practitioner and Agency lead', async () => {
    expect(await rolesOf({ tid: PARTNER_TENANT, roles: everyRole })).toEqual([
      'Practitioner',
      'AgencyLead',
    ]);
    expect(await rolesOf({ tid: PARTNER_TENANT, roles: ['Administrator'] })).toEqual([]);
  });

  it('when a partner tenant’s token claims an elevated role, then no route for that role lets it in', async () => {
    const token = await api.issuer.sign({ tid: PARTNER_TENANT, roles: ['Administrator'] });
    expect((await call('GET', '/api/audit/verification', token)).status).toBe(403);
  });

  it('when the partnership maps a named partner group to a role, then that partner’s members hold it', async () => {
    expect(await rolesOf({ tid: PARTNER_TENANT, groups: [PARTNER_BU_GROUP] })).toEqual([
      'BusinessUnit',
    ]);
  });

  it('when the home tenant’s token claims elevated roles, then it holds them', async () => {
    expect(await rolesOf({ roles: ['Administrator', 'EngineRoom'] })).toEqual([
      'EngineRoom',
      'Administrator',
    ]);
  });
});

describe('when the sign-in service’s keys cannot be read', () => {
  // Its own service, so no keys were read (and cached) before the sign-in service went down.
  let down: ApiUnderTest;
  beforeAll(async () => {
    down = await startApiUnderTest();
  });
  afterAll(async () => {
    await down.close();
  });

  it('then a person is told to try again (503), not to sign in again, nothing is stored, and trying again once it is back works', async () => {
    const token = await down.issuer.sign();
    down.issuer.answerKeysWith('server error');
    const before = await down.rowCounts();
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['POST', '/api/kloes'],
    ] as const) {
      const req = request(down.app)[method === 'GET' ? 'get' : 'post'](path);
      const res = await req.set('authorization', `Bearer ${token}`).send({ subject: 'kept?' });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.body.error).toEqual({
        code: 'SignInCheckUnavailable',
        message: expect.stringMatching(/could not check your sign-in .* try again in a minute/),
      });
    }
    expect(await down.rowCounts()).toEqual(before);

    down.issuer.answerKeysWith('keys');
    const again = await request(down.app).get('/api/me').set('authorization', `Bearer ${token}`);
    expect(again.status).toBe(200);
  });

  it.each([
    ['answers with something that is not JSON', 'not JSON' as const],
    ['does not answer at all', 'nothing' as const],
  ])('then a token is not refused as a bad sign-in when the service %s', async (_what, answer) => {
    const issuer = await startTestIssuer();
    try {
      const token = await issuer.sign();
      let jwksUrl: string | undefined;
      if (answer === 'nothing') {
        // A port nothing listens on.
        const closed = createServer();
        await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
        jwksUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/keys`;
        await new Promise<void>((r) => closed.close(() => r()));
      } else {
        issuer.answerKeysWith(answer);
      }
      const verifier = createTokenVerifier({
        authorityHost: issuer.url,
        allowedTenants: [issuer.tenantId],
        audiences: [issuer.audience],
        ...(jwksUrl ? { jwksUrl } : {}),
      });
      await expect(verifier.verify(`Bearer ${token}`)).rejects.toBeInstanceOf(
        SignInCheckUnavailableError,
      );
    } finally {
      await issuer.close();
    }
  });
});

import { ROLES, type Role } from '@pathways/core';
import express from 'express';
import request from 'supertest';
import { signAuditHeads } from '../audit/audit-signing';
import { startApiUnderTest, type ApiUnderTest } from '../../test-support/api-under-test';
import { ROUTE_ACCESS, samplePath, type Access } from '../../test-support/route-matrix';
import { authenticate, requireRole } from './access';
import { listRoutes } from './route-list';

const BUSINESS_UNIT_GROUP = '7e570000-0000-4000-8000-00000000b0b0';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest({ ROLE_GROUPS: `BusinessUnit=${BUSINESS_UNIT_GROUP}` });
});
afterAll(async () => {
  await api.close();
});

type CallerKind = 'no token' | 'no role' | Role;
const callers: CallerKind[] = ['no token', 'no role', ...ROLES];

function expectedOutcome(access: Access, caller: CallerKind): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (caller === 'no token') return 401;
  if (access === 'signed-in') return 'allowed';
  return caller !== 'no role' && (access as readonly Role[]).includes(caller) ? 'allowed' : 403;
}

async function outcome(method: string, path: string, caller: CallerKind) {
  const req = request(api.app)[method.toLowerCase() as 'get'](samplePath(path));
  if (caller !== 'no token') {
    const token = await api.issuer.sign({ roles: caller === 'no role' ? [] : [caller] });
    req.set('authorization', `Bearer ${token}`);
  }
  const res = method === 'GET' ? await req : await req.send({});
  return res.status === 401 || res.status === 403 ? res.status : 'allowed';
}

describe('the role-by-endpoint matrix', () => {
  const routes = () => listRoutes(api.app).map((r) => `${r.method} ${r.path}`);

  it('when the app has a route, then the matrix says who may call it', () => {
    expect(routes().filter((r) => !(r in ROUTE_ACCESS))).toEqual([]);
  });

  it('when the matrix names a route, then the app still has it', () => {
    expect(Object.keys(ROUTE_ACCESS).filter((r) => !routes().includes(r))).toEqual([]);
  });

  it('when every role calls every route, then each is allowed or refused as the matrix says', async () => {
    const mismatches: string[] = [];
    for (const route of listRoutes(api.app)) {
      const access = ROUTE_ACCESS[`${route.method} ${route.path}`]!;
      // The bot endpoint takes Bot Framework tokens, not people's: teams-adapter tests cover it.
      if (access === 'bot') continue;
      for (const caller of callers) {
        const expected = expectedOutcome(access, caller);
        const actual = await outcome(route.method, route.path, caller);
        if (actual !== expected) {
          mismatches.push(
            `${route.method} ${route.path} as ${caller}: ${actual}, expected ${expected}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('the audit verification endpoint', () => {
  async function verification() {
    const token = await api.issuer.sign({ roles: ['Administrator'] });
    // Exporting a person's records is audited: the chain then has an event to sign.
    const exported = await request(api.app)
      .get('/api/people/someone-in-hsscp/export')
      .set('authorization', `Bearer ${token}`);
    expect(exported.status).toBe(200);
    await signAuditHeads(api.database.db, api.auditSigner);
    return request(api.app).get('/api/audit/verification').set('authorization', `Bearer ${token}`);
  }

  it('when an administrator asks, then it reports the partnership’s chain and its signed heads', async () => {
    const res = await verification();
    expect(res.body).toMatchObject({
      ok: true,
      chain: { ok: true, chains: [{ partnershipId: 'hsscp', events: expect.any(Number) }] },
      signatures: { ok: true, chains: [{ partnershipId: 'hsscp', unsignedEvents: 0 }] },
    });
  });

  it('when a signed head no longer matches the event at its position, then the check fails on the signature', async () => {
    await verification();
    // What a database owner rewriting history would leave: the signed hash no longer matches.
    await api.database.executeSql('ALTER TABLE audit_head_signatures DISABLE TRIGGER USER');
    await api.database.executeSql(
      `UPDATE audit_head_signatures SET head_hash = repeat('0', 64)
       WHERE partnership_id = 'hsscp' AND seq = (SELECT max(seq) FROM audit_head_signatures)`,
    );
    await api.database.executeSql('ALTER TABLE audit_head_signatures ENABLE TRIGGER USER');
    const res = await verification();
    expect(res.body).toMatchObject({
      ok: false,
      chain: { ok: true },
      signatures: { ok: false, firstProblem: { partnershipId: 'hsscp' } },
    });
  });
});

describe('roles from configured groups', () => {
  it('when a token carries a group named in ROLE_GROUPS, then the caller holds its role', async () => {
    const token = await api.issuer.sign({ groups: [BUSINESS_UNIT_GROUP.toUpperCase()] });
    const res = await request(api.app).get('/api/me').set('authorization', `Bearer ${token}`);
    expect(res.body.roles).toEqual(['BusinessUnit']);
  });

  it('when a token carries role values Pathways does not know, then /api/me shows none of them', async () => {
    const token = await api.issuer.sign({ roles: ['GlobalAdmin', 'Practitioner'] });
    const res = await request(api.app).get('/api/me').set('authorization', `Bearer ${token}`);
    expect(res.body.roles).toEqual(['Practitioner']);
  });
});

describe('requireRole', () => {
  const app = express();
  app.get(
    '/engine-room-only',
    authenticate({ verify: async () => caller }),
    requireRole('EngineRoom', 'DevelopmentManager'),
    (_q, s) => {
      s.json({ ok: true });
    },
  );
  app.get('/forgot-authenticate', requireRole('EngineRoom'), (_q, s) => s.json({ ok: true }));
  app.use((error: Error, _q: express.Request, s: express.Response, _n: express.NextFunction) => {
    s.status(error.name === 'ForbiddenError' ? 403 : 401).json({ error: error.message });
  });
  let caller = { id: 'x', displayName: '', email: undefined, tenantId: 't', roles: [] as Role[] };

  it('when the caller holds one of the roles, then the route runs', async () => {
    caller = { ...caller, roles: ['Practitioner', 'DevelopmentManager'] };
    expect((await request(app).get('/engine-room-only')).status).toBe(200);
  });

  it('when the caller holds none of the roles, then it answers 403 and the route does not run', async () => {
    caller = { ...caller, roles: ['Practitioner', 'BusinessUnit'] };
    const res = await request(app).get('/engine-room-only');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: expect.stringMatching(/role/) });
  });

  it('when a route forgot to authenticate, then everyone is refused', async () => {
    caller = { ...caller, roles: ['EngineRoom'] };
    expect((await request(app).get('/forgot-authenticate')).status).toBe(401);
  });
});

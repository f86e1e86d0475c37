import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { SandboxServer } from '../index';
import { BUSINESS_UNIT_MAILBOX, SANDBOX_PERSONAS } from '../index';
import { openIdConfiguration, personaToken, requestToken, withSandbox } from '../test/helpers';

const businessUnit = SANDBOX_PERSONAS.find((p) => p.roles.includes('BusinessUnit'))!;
const developmentManager = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'))!;

describe('sign-in (Entra ID stand-in)', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    // The service's pages (here a tab on port 53000) call the sandbox from the browser.
    sandbox = await withSandbox({ pageUrls: ['http://localhost:53000'] });
  });
  afterAll(() => sandbox.close());

  async function verify(token: string) {
    const config = await openIdConfiguration(sandbox);
    const jwks = createRemoteJWKSet(new URL(config.jwks_uri));
    return jwtVerify(token, jwks, { issuer: config.issuer });
  }

  it('when the openid configuration is read, then the issuer and endpoints are under the tenant', async () => {
    const config = await openIdConfiguration(sandbox);
    expect(config.issuer).toBe(`${sandbox.url}/${sandbox.tenantId}/v2.0`);
    expect(config.jwks_uri).toBe(`${sandbox.url}/${sandbox.tenantId}/discovery/v2.0/keys`);
    expect(config.token_endpoint).toBe(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`);
  });

  it('when a persona signs in for our API, then the token verifies against the JWKS and carries the persona and roles', async () => {
    const token = await personaToken(sandbox, developmentManager.id);
    const { payload, protectedHeader } = await verify(token);
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      aud: 'api://localhost/pathways-tab',
      tid: sandbox.tenantId,
      oid: developmentManager.id,
      preferred_username: developmentManager.userPrincipalName,
      name: developmentManager.displayName,
      roles: ['DevelopmentManager', 'EngineRoom'],
      scp: 'access_as_user',
      ver: '2.0',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it('when no scope is given, then the audience is the client id', async () => {
    const { body } = await requestToken(sandbox, {
      grant_type: 'urn:pathways:sandbox:persona',
      persona: businessUnit.id,
      client_id: 'my-client',
    });
    const { payload } = await verify(body.access_token as string);
    expect(payload.aud).toBe('my-client');
    expect(payload.roles).toEqual(['BusinessUnit']);
  });

  it('when a token is tampered with, then verification fails', async () => {
    const token = await personaToken(sandbox, businessUnit.id);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.roles = ['DevelopmentManager'];
    const forged = [
      header,
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      signature,
    ].join('.');
    await expect(verify(forged)).rejects.toThrow(/signature/i);
  });

  it('when the persona is unknown, then the token endpoint answers 400 with an OAuth error', async () => {
    const { status, body } = await requestToken(sandbox, {
      grant_type: 'urn:pathways:sandbox:persona',
      persona: 'nobody',
      client_id: 'pathways-tab',
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) });
  });

  it('when a lead from the directory who is not a persona signs in, then the token carries them and the roles their groups give, and the picker still offers only personas', async () => {
    // Cleveland Police is the 4th HSSCP agency: its first seeded lead.
    const policeLead1 = '00000000-0000-4000-b000-000000000031';
    const token = await personaToken(sandbox, policeLead1);
    const { payload } = await verify(token);
    expect(payload).toMatchObject({
      oid: policeLead1,
      name: 'Cleveland Police Lead 1',
      preferred_username: 'cleveland.police.lead.1@hsscp.sandbox.example',
      roles: ['AgencyLead'],
    });
    // On behalf of that lead (the service calling Graph as them): the same person.
    const { status, body } = await requestToken(sandbox, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: 'pathways-tab',
      client_secret: 'local',
      assertion: token,
      scope: 'https://graph.microsoft.com/User.Read',
      requested_token_use: 'on_behalf_of',
    });
    expect(status).toBe(200);
    expect((await verify(body.access_token as string)).payload.oid).toBe(policeLead1);

    const personas = (await (await fetch(`${sandbox.url}/personas`)).json()) as { id: string }[];
    expect(personas.map((p) => p.id)).not.toContain(policeLead1);
  });

  it('when the Business Unit\u2019s shared mailbox is named as the persona, then it cannot sign in', async () => {
    const { status, body } = await requestToken(sandbox, {
      grant_type: 'urn:pathways:sandbox:persona',
      persona: BUSINESS_UNIT_MAILBOX.id,
      client_id: 'pathways-tab',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('when the grant type is unknown, then the token endpoint answers 400 unsupported_grant_type', async () => {
    const { status, body } = await requestToken(sandbox, {
      grant_type: 'password',
      client_id: 'x',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_grant_type');
  });

  it('when an app uses client credentials for Graph, then it gets an app-only token with roles and no scp', async () => {
    const { status, body } = await requestToken(sandbox, {
      grant_type: 'client_credentials',
      client_id: 'bot-app-id',
      client_secret: 'anything',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(status).toBe(200);
    const { payload } = await verify(body.access_token as string);
    expect(payload).toMatchObject({ aud: 'https://graph.microsoft.com', roles: ['User.Read.All'] });
    expect(payload.scp).toBeUndefined();
  });

  it('when client credentials come without a secret or without /.default, then the request is refused', async () => {
    const noSecret = await requestToken(sandbox, {
      grant_type: 'client_credentials',
      client_id: 'bot-app-id',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error).toBe('invalid_client');
    const noDefault = await requestToken(sandbox, {
      grant_type: 'client_credentials',
      client_id: 'bot-app-id',
      client_secret: 's',
      scope: 'https://graph.microsoft.com/User.Read.All',
    });
    expect(noDefault.body.error).toBe('invalid_scope');
  });

  it('when the personas are listed, then there are at least five, one per Pathways role', async () => {
    const res = await fetch(`${sandbox.url}/personas`, {
      headers: { origin: 'http://localhost:53000' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:53000');
    const personas = (await res.json()) as { roles: string[] }[];
    expect(personas.length).toBeGreaterThanOrEqual(5);
    const roles = new Set(personas.flatMap((p) => p.roles));
    for (const role of [
      'Practitioner',
      'BusinessUnit',
      'EngineRoom',
      'DevelopmentManager',
      'AgencyLead',
    ]) {
      expect(roles).toContain(role);
    }
  });
});

import { SANDBOX_PERSONAS, startSandbox, type SandboxServer } from '@pathways/sandbox';
import { loadConfig } from '../config/config';
import { SANDBOX_CLIENT_ID } from '../../service';
import { createGraphGateway, graphSettings, type GraphGateway } from './gateway';
import { HttpsTransport } from './https-transport';

const agencyLead = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;

async function personaApiToken(sandbox: SandboxServer, personaId: string): Promise<string> {
  const res = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'urn:pathways:sandbox:persona',
      persona: personaId,
      client_id: 'pathways-tab',
      scope: `api://127.0.0.1/${SANDBOX_CLIENT_ID}/access_as_user`,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('Graph gateway: users, against the sandbox tenant over https', () => {
  let sandbox: SandboxServer;
  let gateway: GraphGateway;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, httpsPort: 0 });
    gateway = createGraphGateway(
      graphSettings(loadConfig({}), {
        tenantId: sandbox.tenantId,
        https: sandbox.https!,
        clientId: SANDBOX_CLIENT_ID,
      }),
    );
  });
  afterAll(async () => {
    gateway.close();
    await sandbox.close();
  });

  it('when a user is read with the app token (MSAL client credentials), then id, name, mail and company come back', async () => {
    const user = await gateway.users.getUser(agencyLead.id);
    expect(user).toEqual({
      id: agencyLead.id,
      displayName: agencyLead.displayName,
      mail: agencyLead.mail,
      companyName: agencyLead.agency,
    });
  });

  it('when the user does not exist, then getUser answers undefined', async () => {
    expect(await gateway.users.getUser('00000000-0000-4000-8000-0000000000ff')).toBeUndefined();
  });

  it('when a signed-in user token is exchanged on behalf of that user, then Graph is called as them', async () => {
    const userToken = await personaApiToken(sandbox, agencyLead.id);
    const asUser = gateway.forUser(userToken);
    expect((await asUser.users.getUser(agencyLead.id))?.mail).toBe(agencyLead.mail);
  });

  it('when the certificate is not the sandbox one, then nothing is sent (no trust outside sandbox mode)', async () => {
    const untrusting = createGraphGateway({
      graphUrl: sandbox.https!.url,
      authority: `${sandbox.https!.url}/${sandbox.tenantId}`,
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: 'sandbox-local',
      roleGroups: [],
    });
    await expect(untrusting.users.getUser(agencyLead.id)).rejects.toThrow(/endpoints_resolution/);
    untrusting.close();
    const discovery = `${sandbox.https!.url}/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`;
    const plain = new HttpsTransport();
    await expect(plain.send(discovery)).rejects.toThrow(/self[- ]signed/i);
    plain.close();
    const trusting = new HttpsTransport({ trustedCertificate: sandbox.https!.certificate });
    const document = (await (await trusting.send(discovery)).json()) as { issuer: string };
    // MSAL checks the issuer against the authority's scheme and host.
    expect(document.issuer).toBe(`${sandbox.https!.url}/${sandbox.tenantId}/v2.0`);
    trusting.close();
  });
});

import {
  Client,
  HTTPMessageHandler,
  PageIterator,
  RetryHandler,
} from '@microsoft/microsoft-graph-client';
import { SANDBOX_PERSONAS, SandboxGraphMiddleware, type SandboxServer } from '../index';
import { personaToken, requestToken, withSandbox } from '../test/helpers';

const persona = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;
const GRAPH_SCOPE = 'https://graph.microsoft.com/User.Read';

function sandboxGraphClient(sandbox: SandboxServer, token: string): Client {
  return Client.initWithMiddleware({
    baseUrl: `${sandbox.url}/`,
    middleware: [
      new SandboxGraphMiddleware(async () => token),
      new RetryHandler(),
      new HTTPMessageHandler(),
    ],
  });
}

describe('Microsoft Graph users', () => {
  let sandbox: SandboxServer;
  let userToken: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    userToken = await personaToken(sandbox, persona.id, GRAPH_SCOPE);
  });
  afterAll(() => sandbox.close());

  it('when the Graph client lists users and gets /me, then it sees the tenant directory and the signed-in persona', async () => {
    const client = sandboxGraphClient(sandbox, userToken);
    const users = await client.api('/users').get();
    expect(users['@odata.context']).toContain('/v1.0/$metadata#users');
    expect(users.value.length).toBeGreaterThan(SANDBOX_PERSONAS.length);
    expect(users.value.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(SANDBOX_PERSONAS.map((p) => p.id)),
    );

    const me = await client.api('/me').get();
    expect(me).toMatchObject({
      id: persona.id,
      displayName: persona.displayName,
      mail: persona.mail,
      userPrincipalName: persona.userPrincipalName,
      jobTitle: persona.jobTitle,
    });
  });

  it('when the Graph client is set up exactly as for graph.microsoft.com, then it sends no token over http and gets 401', async () => {
    const client = Client.initWithMiddleware({
      baseUrl: `${sandbox.url}/`,
      authProvider: { getAccessToken: async () => userToken },
    });
    await expect(client.api('/users').get()).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
    });
  });

  it('when users are read with $top, then @odata.nextLink pages through all of them', async () => {
    const client = sandboxGraphClient(sandbox, userToken);
    const first = await client.api('/users').top(5).select('id,displayName').get();
    expect(first.value).toHaveLength(5);
    expect(Object.keys(first.value[0]).sort()).toEqual(['displayName', 'id']);
    expect(first['@odata.nextLink']).toContain('%24skiptoken=5');

    // Graph's default page is 100 users; the directory holds more, so ask for its largest page.
    const all = await client.api('/users').top(999).get();
    expect(all['@odata.nextLink']).toBeUndefined();
    const seen: string[] = [];
    await new PageIterator(client, first, (u: { id: string }) => {
      seen.push(u.id);
      return true;
    }).iterate();
    expect(seen).toEqual(all.value.map((u: { id: string }) => u.id));
  });

  it('when users are filtered by mail or userPrincipalName, then only the match comes back', async () => {
    const client = sandboxGraphClient(sandbox, userToken);
    const byMail = await client
      .api('/users')
      .filter(`mail eq '${persona.mail.toUpperCase()}'`)
      .get();
    expect(byMail.value.map((u: { id: string }) => u.id)).toEqual([persona.id]);
    const byUpn = await client
      .api('/users')
      .filter(`userPrincipalName eq '${persona.userPrincipalName}'`)
      .get();
    expect(byUpn.value.map((u: { id: string }) => u.id)).toEqual([persona.id]);
    await expect(client.api('/users').filter("city eq 'Hartlepool'").get()).rejects.toMatchObject({
      statusCode: 400,
      code: 'Request_UnsupportedQuery',
    });
  });

  it('when a user is read by id or userPrincipalName, then it is found; an unknown one is 404', async () => {
    const client = sandboxGraphClient(sandbox, userToken);
    expect((await client.api(`/users/${persona.id}`).get()).mail).toBe(persona.mail);
    expect((await client.api(`/users/${persona.userPrincipalName}`).get()).id).toBe(persona.id);
    await expect(client.api('/users/nobody@example.org').get()).rejects.toMatchObject({
      statusCode: 404,
      code: 'Request_ResourceNotFound',
    });
  });

  it('when there is no token, then Graph answers 401 InvalidAuthenticationToken', async () => {
    const res = await fetch(`${sandbox.url}/v1.0/users`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('when the token was issued for another audience, then Graph answers 401', async () => {
    const apiToken = await personaToken(sandbox, persona.id);
    const res = await fetch(`${sandbox.url}/v1.0/me`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(res.status).toBe(401);
  });

  it('when an app-only token asks for /me, then Graph answers 400 as it does for app-only calls', async () => {
    const { body } = await requestToken(sandbox, {
      grant_type: 'client_credentials',
      client_id: 'bot-app-id',
      client_secret: 'local',
      scope: 'https://graph.microsoft.com/.default',
    });
    const client = sandboxGraphClient(sandbox, body.access_token as string);
    expect((await client.api('/users').top(1).get()).value).toHaveLength(1);
    await expect(client.api('/me').get()).rejects.toMatchObject({ statusCode: 400 });
  });
});

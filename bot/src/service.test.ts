import { PERSONA_GRANT } from '@pathways/sandbox';
import { SANDBOX_CLIENT_ID } from './service';
import { startHarness, type Harness } from './test-support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 240_000);
afterAll(async () => {
  await h.close();
});

async function chatActivities(conversationId: string) {
  return (await h.state()).personalChats.find((c) => c.id === conversationId)?.activities ?? [];
}

describe('the service', () => {
  it('when asked for its health, then it reports the store, Microsoft 365 mode and sandbox URL', async () => {
    const res = await fetch(`${h.service.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      store: 'pglite',
      m365: 'sandbox',
      sandboxUrl: h.sandboxUrl,
    });
  });

  it('when the tab it serves (on whatever port it was given) asks the sandbox tenant for its personas, then the sandbox answers that page and no other', async () => {
    const ask = (origin: string) =>
      fetch(`${h.sandboxUrl}/personas`, { headers: { origin } }).then((r) =>
        r.headers.get('access-control-allow-origin'),
      );
    const page = new URL(h.service.url).origin;
    expect(await ask(page)).toBe(page);
    expect(await ask('https://elsewhere.example')).toBeNull();
  });

  it('when a Teams message "help" arrives with no app id configured, then the welcome card is sent to its serviceUrl', async () => {
    const pat = h.persona('Practitioner');
    const conversationId = await h.openPersonalChat(pat);
    const res = await h.send(h.message(pat, conversationId, 'activity-help-1', 'help'));
    expect(res.status).toBeLessThan(300);
    const activities = await chatActivities(conversationId);
    expect(activities).toHaveLength(1);
    const attachment = activities[0]!.attachments[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content.fallbackText).toMatch(/Welcome to Pathways/);
  });

  it('when Teams delivers the same message twice, then it is answered once', async () => {
    const ash = h.persona('AgencyLead');
    const conversationId = await h.openPersonalChat(ash);
    const before = (await chatActivities(conversationId)).length;
    for (const _ of [1, 2])
      await h.send(h.message(ash, conversationId, 'activity-redelivered', 'help'));
    expect((await chatActivities(conversationId)).length - before).toBe(1);
  });

  it('when a sandbox persona calls /api/me with its token, then the service knows who and which roles', async () => {
    const pat = h.persona('Practitioner');
    const config = (await (await fetch(`${h.service.url}/api/config`)).json()) as {
      tenantId: string;
      clientId: string;
      apiScope: string;
    };
    expect(config.clientId).toBe(SANDBOX_CLIENT_ID);
    const tokenRes = await fetch(`${h.sandboxUrl}/${config.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: PERSONA_GRANT,
        persona: pat.id,
        client_id: config.clientId,
        scope: config.apiScope,
      }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const me = await fetch(`${h.service.url}/api/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: pat.id, roles: ['Practitioner'] });
  });

  it('when a second instance is given the first one’s sandbox (SANDBOX_URL), then it starts none of its own and signs people in and reads the directory there', async () => {
    const second = await startHarness({ SANDBOX_URL: h.sandboxUrl }, { workers: false });
    try {
      expect(second.sandboxUrl).toBe(h.sandboxUrl);
      const ash = second.persona('AgencyLead');
      // Roles come from the directory's groups: Graph over the shared sandbox's https side.
      expect(await second.api(ash, 'GET', '/api/me')).toMatchObject({
        status: 200,
        body: { id: ash.id, roles: ['AgencyLead'] },
      });
    } finally {
      await second.close();
    }
  });

  it('when /api/me is called without a token or with a forged one, then it answers 401 in plain English', async () => {
    const none = await fetch(`${h.service.url}/api/me`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(
      /Sign in/,
    );
    const forged = await fetch(`${h.service.url}/api/me`, {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.status).toBe(401);
  });
});

describe('what the app manifest links to', () => {
  it.each(['/privacy', '/terms'])(
    'when %s is requested, then the service answers it',
    async (path) => {
      const res = await fetch(`${h.service.url}${path}`);
      expect(res.status).toBe(200);
    },
  );
});

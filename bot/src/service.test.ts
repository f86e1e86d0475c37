import { SANDBOX_PERSONAS, PERSONA_GRANT } from '@pathways/sandbox';
import { loadConfig } from './config/config';
import { startService, SANDBOX_CLIENT_ID, type RunningService } from './service';
import { createLogger } from './logging';

let service: RunningService;
let sandboxUrl: string;

beforeAll(async () => {
  const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', SANDBOX_LIMITS: 'off' });
  service = await startService(config, {
    rootDir: `${__dirname}/../..`,
    inMemoryDatabase: true,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  sandboxUrl = service.sandboxUrl ?? '';
}, 60_000);

afterAll(async () => {
  await service.close();
});

const practitioner = SANDBOX_PERSONAS.find((p) => p.roles.includes('Practitioner'))!;

async function openPersonalChat(): Promise<string> {
  const res = await fetch(`${sandboxUrl}/v3/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ members: [{ id: practitioner.id }], isGroup: false }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

function teamsMessage(conversationId: string, id: string, text: string) {
  return {
    type: 'message',
    id,
    text,
    channelId: 'msteams',
    serviceUrl: sandboxUrl,
    timestamp: new Date().toISOString(),
    from: {
      id: `29:${practitioner.id}`,
      aadObjectId: practitioner.id,
      name: practitioner.displayName,
    },
    recipient: { id: '28:pathways-bot', name: 'Pathways' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'sandbox' },
    channelData: { tenant: { id: 'sandbox' } },
  };
}

async function chatActivities(conversationId: string) {
  const state = (await (await fetch(`${sandboxUrl}/api/state`)).json()) as {
    personalChats: {
      id: string;
      activities: { attachments: { contentType: string; content: { fallbackText?: string } }[] }[];
    }[];
  };
  return state.personalChats.find((c) => c.id === conversationId)?.activities ?? [];
}

describe('the service', () => {
  it('when asked for its health, then it reports the store, Microsoft 365 mode and sandbox URL', async () => {
    const res = await fetch(`${service.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      store: 'pglite',
      m365: 'sandbox',
      sandboxUrl,
    });
  });

  it('when a Teams message "help" arrives with no app id configured, then the welcome card is sent to its serviceUrl', async () => {
    const conversationId = await openPersonalChat();
    const res = await fetch(`${service.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsMessage(conversationId, 'activity-help-1', 'help')),
    });
    expect(res.status).toBeLessThan(300);
    const activities = await chatActivities(conversationId);
    expect(activities).toHaveLength(1);
    const attachment = activities[0]!.attachments[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content.fallbackText).toMatch(/Welcome to Pathways/);
  });

  it('when Teams delivers the same message twice, then it is answered once', async () => {
    const conversationId = await openPersonalChat();
    const before = (await chatActivities(conversationId)).length;
    for (const _ of [1, 2]) {
      await fetch(`${service.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsMessage(conversationId, 'activity-redelivered', 'help')),
      });
    }
    expect((await chatActivities(conversationId)).length - before).toBe(1);
  });

  it('when a sandbox persona calls /api/me with its token, then the service knows who and which roles', async () => {
    const config = (await (await fetch(`${service.url}/api/config`)).json()) as {
      tenantId: string;
      clientId: string;
      apiScope: string;
    };
    expect(config.clientId).toBe(SANDBOX_CLIENT_ID);
    const tokenRes = await fetch(`${sandboxUrl}/${config.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: PERSONA_GRANT,
        persona: practitioner.id,
        client_id: config.clientId,
        scope: config.apiScope,
      }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const me = await fetch(`${service.url}/api/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: practitioner.id, roles: ['Practitioner'] });
  });

  it('when /api/me is called without a token or with a forged one, then it answers 401 in plain English', async () => {
    const none = await fetch(`${service.url}/api/me`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(
      /Sign in/,
    );
    const forged = await fetch(`${service.url}/api/me`, {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.status).toBe(401);
  });
});

describe('what the app manifest links to', () => {
  it.each(['/privacy', '/terms'])(
    'when %s is requested, then the service answers it',
    async (path) => {
      const res = await fetch(`${service.url}${path}`);
      expect(res.status).toBe(200);
    },
  );
});

import { PERSONA_GRANT, SANDBOX_PERSONAS, type Persona } from '@pathways/sandbox';
import { loadConfig } from '../platform/config/config';
import { createLogger } from '../platform/logging';
import { migratedPgliteTemplate } from '../platform/db/test-database';
import { startService, type RunningService } from '../service';

/** The running service with its sandbox tenant, driven over HTTP as Teams would. */
export interface Harness {
  service: RunningService;
  sandboxUrl: string;
  persona(role: Persona['roles'][number]): Persona;
  openPersonalChat(persona: Persona): Promise<string>;
  /** POSTs an activity to /api/messages; returns the HTTP status and JSON body. */
  send(activity: object): Promise<{ status: number; body: unknown }>;
  message(persona: Persona, conversationId: string, id: string, text: string): object;
  cardAction(
    persona: Persona,
    conversationId: string,
    id: string,
    verb: string,
    data: object,
    replyToId?: string,
  ): object;
  /** An Action.Execute on a card in a channel thread (conversation id `channel;messageid=root`). */
  channelCardAction(
    persona: Persona,
    threadId: string,
    id: string,
    verb: string,
    data: object,
    replyToId: string,
  ): object;
  invoke(persona: Persona, conversationId: string, id: string, name: string, value: object): object;
  state(): Promise<SandboxState>;
  /** An access token for the service's API, signed by the sandbox tenant, as the tab gets one. */
  token(persona: Persona): Promise<string>;
  /** Calls the service's REST API as a persona (or with no token), with any further headers. */
  api(
    persona: Persona | undefined,
    method: string,
    path: string,
    body?: object,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface SandboxActivity {
  id: string;
  updateCount: number;
  summary?: string;
  importance?: string;
  attachments: { contentType: string; content: { fallbackText?: string; body?: unknown[] } }[];
}
export interface SandboxState {
  teams: {
    channels: {
      id: string;
      name: string;
      threads: { conversationId: string; root: SandboxActivity & { updateCount: number } }[];
    }[];
  }[];
  personalChats: { id: string; activities: SandboxActivity[] }[];
}

export async function startHarness(
  env: Record<string, string> = {},
  options: {
    workers?: boolean;
    /** Collects every log line (at trace level), to check what the service logs. */
    logLines?: string[];
    /** Synthetic safeguarding leads per HSSCP agency in the sandbox (default 2). */
    sandboxLeadsPerAgency?: number;
  } = {},
): Promise<Harness> {
  const logLines = options.logLines;
  // Every persona calls from 127.0.0.1, so the per-address API limit would throttle a test that polls.
  const config = loadConfig({
    PORT: '0',
    SANDBOX_PORT: '0',
    SANDBOX_LIMITS: 'off',
    RATE_LIMIT_API_PER_MINUTE: '100000',
    // A test presses many cards in one chat within a minute, as no person does; the limit has
    // its own test (rate-limits.db.test.ts).
    RATE_LIMIT_BOT_PER_MINUTE: '100000',
    // Sent briefings leave at once unless a test is about the undo window.
    BRIEFING_UNDO_SECONDS: '0',
    ...env,
  });
  const inMemoryDatabase = !config.DATABASE_URL && env.DATA_DIR === undefined;
  const starting = startService(config, {
    rootDir: `${__dirname}/../../..`,
    inMemoryDatabase,
    // Every test starts from the same migrated database, made once (a test's own data folder
    // too, when new: a restart then opens what the first instance left).
    ...(config.DATABASE_URL ? {} : { pgliteArchive: await migratedPgliteTemplate() }),
    workers: options.workers ?? true,
    logger: logLines
      ? createLogger('trace', { write: (line: string) => void logLines.push(line) })
      : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    jobPollingIntervalSeconds: 2,
    ...(options.sandboxLeadsPerAgency
      ? { sandboxLeadsPerAgency: options.sandboxLeadsPerAgency }
      : {}),
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= starting.then((s) => s.close()));
  openHarnesses().add(close);
  const service = await starting;
  const sandboxUrl = service.sandboxUrl ?? '';
  const base = (persona: Persona, conversationId: string, id: string) => ({
    id,
    channelId: 'msteams',
    serviceUrl: sandboxUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${persona.id}`, aadObjectId: persona.id, name: persona.displayName },
    recipient: { id: '28:pathways-bot', name: 'Pathways' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'sandbox' },
    channelData: { tenant: { id: 'sandbox' } },
  });
  const token = async (persona: Persona) => {
    const config = (await (await fetch(`${service.url}/api/config`)).json()) as {
      tenantId: string;
      clientId: string;
      apiScope: string;
    };
    const res = await fetch(`${sandboxUrl}/${config.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: PERSONA_GRANT,
        persona: persona.id,
        client_id: config.clientId,
        scope: config.apiScope,
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  return {
    service,
    sandboxUrl,
    token,
    async api(persona, method, path, body, more = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...more };
      if (persona) headers.authorization = `Bearer ${await token(persona)}`;
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    persona: (role) => SANDBOX_PERSONAS.find((p) => p.roles[0] === role)!,
    async openPersonalChat(persona) {
      const res = await fetch(`${sandboxUrl}/v3/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ members: [{ id: persona.id }], isGroup: false }),
      });
      return ((await res.json()) as { id: string }).id;
    },
    async send(activity) {
      const res = await fetch(`${service.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    message: (persona, conversationId, id, text) => ({
      ...base(persona, conversationId, id),
      type: 'message',
      text,
    }),
    cardAction: (persona, conversationId, id, verb, data, replyToId) => ({
      ...base(persona, conversationId, id),
      type: 'invoke',
      name: 'adaptiveCard/action',
      ...(replyToId ? { replyToId } : {}),
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    }),
    channelCardAction: (persona, threadId, id, verb, data, replyToId) => {
      const channelId = threadId.split(';')[0];
      return {
        ...base(persona, threadId, id),
        conversation: { id: threadId, conversationType: 'channel', tenantId: 'sandbox' },
        channelData: { tenant: { id: 'sandbox' }, channel: { id: channelId } },
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      };
    },
    invoke: (persona, conversationId, id, name, value) => ({
      ...base(persona, conversationId, id),
      type: 'invoke',
      name,
      value,
    }),
    async state() {
      return (await (await fetch(`${sandboxUrl}/api/state`)).json()) as SandboxState;
    },
    close: () => {
      openHarnesses().delete(close);
      return close();
    },
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Every harness this test file started and has not closed, including one still starting
 * when its beforeAll timed out: jest-after-env.ts closes them after the file, so no service
 * polls its job queue after Jest has torn the file down. Kept on the file's own global.
 */
function openHarnesses(): Set<() => Promise<void>> {
  const scope = globalThis as { __pathwaysOpenHarnesses?: Set<() => Promise<void>> };
  return (scope.__pathwaysOpenHarnesses ??= new Set());
}

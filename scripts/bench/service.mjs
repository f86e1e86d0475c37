// Shared by the benchmark scripts: start the built service on free ports, and
// make (then drop) a fresh PostgreSQL database for it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const root = resolve(import.meta.dirname, '../..');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)] * 10) / 10;
}

/** `env.PORT` and `env.SANDBOX_PORT`, when given, are kept (a restart must keep its addresses). */
export async function startService(env) {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const sandboxPort = env.SANDBOX_PORT ? Number(env.SANDBOX_PORT) : await freePort();
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'bot/dist/main.js')], {
    cwd: root,
    env: {
      ...base,
      ...env,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      LOG_LEVEL: 'warn',
      TEAMSFX_ENV: 'bench',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const health = await (await fetch(`${url}/healthz`)).json();
      if (health.status === 'ok') return { url, sandboxUrl: health.sandboxUrl, child };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill();
  throw new Error('the service did not start within 30 s');
}

export async function stopService(service) {
  service.child.kill('SIGTERM');
  await new Promise((r) => service.child.once('exit', r));
}

export async function postgresDatabase(serverUrl, label) {
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    return { error: `PostgreSQL not reachable at ${serverUrl}: ${error.message}` };
  }
  const name = `pathways_bench_${label}_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A sandbox persona's token for the service's own API, as the tab's persona picker gets it. */
export async function personaToken(service, personaId) {
  const config = await (await fetch(`${service.url}/api/config`)).json();
  const form = new URLSearchParams({
    grant_type: 'urn:pathways:sandbox:persona',
    persona: personaId,
    client_id: config.clientId,
    scope: config.apiScope,
  });
  const res = await fetch(`${service.sandboxUrl}/${config.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const body = await res.json();
  if (!body.access_token) throw new Error(`no token for persona ${personaId}`);
  return body.access_token;
}

/** The sandbox's practitioners, each with a personal chat with the bot opened. */
export async function practitioners(sandboxUrl) {
  const personas = await (await fetch(`${sandboxUrl}/personas`)).json();
  const list = (Array.isArray(personas) ? personas : personas.personas).filter((p) =>
    p.roles.includes('Practitioner'),
  );
  const chats = [];
  for (const p of list) {
    const res = await fetch(`${sandboxUrl}/v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ members: [{ id: p.id }], isGroup: false }),
    });
    chats.push({ persona: p, chat: (await res.json()).id });
  }
  return chats;
}

let counter = 0;
/** One KLOE submitted from `who`'s personal chat, as Teams delivers the card's Submit. */
export async function submitKloe(service, who, label) {
  counter += 1;
  const id = `bench-${label}-${counter}-${Date.now()}`;
  const activity = {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id,
    channelId: 'msteams',
    serviceUrl: service.sandboxUrl,
    timestamp: new Date().toISOString(),
    from: {
      id: `29:${who.persona.id}`,
      aadObjectId: who.persona.id,
      name: who.persona.displayName,
    },
    recipient: { id: '28:pathways-bot', name: 'Pathways' },
    conversation: { id: who.chat, conversationType: 'personal', tenantId: 'sandbox' },
    channelData: { tenant: { id: 'sandbox' } },
    replyToId: `bench-form-${counter}`,
    value: {
      trigger: 'manual',
      action: {
        type: 'Action.Execute',
        verb: 'kloe.submit',
        data: {
          form: 'kloe',
          organisation: 'Cleveland Police',
          contactOfficer: who.persona.displayName,
          subject: `Benchmark KLOE ${counter}`,
          theme: 'Multi-agency working',
          details: 'Strategy discussions in one locality are held without health colleagues.',
          actionWanted: 'Review the invitation list.',
        },
      },
    },
  };
  const sentAt = Date.now();
  const res = await fetch(`${service.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const body = await res.json();
  const reference = /KLOE-\d{4}-\d{4,}/.exec(body?.value?.fallbackText ?? '')?.[0];
  if (res.status !== 200 || !reference) throw new Error(`submit failed: ${res.status}`);
  return { reference, sentAt, answeredAt: Date.now() };
}

/** Each KLOE's Business Unit card in the sandbox's channels: reference -> when it was posted. */
export async function kloeCardsPosted(sandboxUrl) {
  const state = await (await fetch(`${sandboxUrl}/api/state`)).json();
  const posts = new Map();
  for (const channel of state.teams.flatMap((t) => t.channels)) {
    for (const thread of channel.threads) {
      const m = /^New KLOE (KLOE-\d{4}-\d{4,})$/.exec(thread.root.summary ?? '');
      if (m) posts.set(m[1], Date.parse(thread.root.timestamp));
    }
  }
  return posts;
}

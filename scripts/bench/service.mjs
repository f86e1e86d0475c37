// Shared by the benchmark scripts: start the built service on free ports, and
// make (then drop) a fresh PostgreSQL database for it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startRoundRobinProxy } from '../round-robin-proxy.mjs';

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
  // A loaded 2-core machine can take over half a minute to start one (a restart beside two busy ones).
  for (let i = 0; i < 1200; i += 1) {
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
  throw new Error('the service did not start within 120 s');
}

export async function stopService(service) {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise((r) => service.child.once('exit', r));
  service.child.kill('SIGTERM');
  // A shutdown stuck behind work in flight is ended after 20 s.
  const stuck = setTimeout(() => service.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(stuck);
}

/** Kills the service as a crash would (SIGKILL: no shutdown, nothing flushed). */
export async function killService(service) {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise((r) => service.child.once('exit', r));
  service.child.kill('SIGKILL');
  await exited;
}

/**
 * `instances` copies of the service on one database (`env.DATABASE_URL`) behind the local
 * round-robin proxy, as `INSTANCES=N npm start` runs them: the first starts the sandbox
 * tenant, the others share it (SANDBOX_URL); all are told the proxy as PUBLIC_URL.
 * `restart(i)` starts instance i again on its own port after a kill.
 */
export async function startDeployment(instances, env) {
  const proxyPort = await freePort();
  const shared = { ...env, PUBLIC_URL: `http://127.0.0.1:${proxyPort}`, TRUST_PROXY: '1' };
  const envs = [{ ...shared, PORT: String(await freePort()) }];
  const services = [await startService(envs[0])];
  const sandboxUrl = services[0].sandboxUrl;
  try {
    for (let i = 1; i < instances; i += 1) {
      envs.push({ ...shared, SANDBOX_URL: sandboxUrl, PORT: String(await freePort()) });
      services.push(await startService(envs[i]));
    }
  } catch (error) {
    for (const s of services.reverse()) await stopService(s);
    throw error;
  }
  const proxy = await startRoundRobinProxy({
    port: proxyPort,
    host: '127.0.0.1',
    targets: services.map((s) => s.url),
  });
  let closed = false;
  return {
    url: proxy.url,
    sandboxUrl,
    services,
    proxy,
    /** Starts instance i again (not once the deployment is closing: nothing is left behind). */
    async restart(i) {
      if (closed) return services[i];
      const started = await startService(envs[i]);
      if (closed) {
        await stopService(started);
        return services[i];
      }
      services[i] = started;
      await proxy.check();
      return started;
    },
    async close() {
      closed = true;
      await proxy.close();
      // The sandbox's instance last: the others read the tenant until they stop.
      for (const s of [...services].reverse()) await stopService(s);
    },
  };
}

/** What the sandbox refused because the callers went over a published limit. */
export async function limitBreaches(sandboxUrl) {
  const body = await (await fetch(`${sandboxUrl}/_sandbox/limit-breaches`)).json();
  return { graph: body.breaches ?? [], teams: body.teams ?? [] };
}

/**
 * One request to the service's API with `bearer`'s token, acting for `partnership` when
 * given (X-Pathways-Partnership); the answer's status and body (parsed when JSON).
 */
export async function apiAnswer(service, bearer, method, path, body, partnership) {
  const res = await fetch(`${service.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      ...(partnership ? { 'x-pathways-partnership': partnership } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed, text };
}

/** As `apiAnswer`, but the body only, and an error for anything but 2xx. */
export async function api(service, bearer, method, path, body, partnership) {
  const answer = await apiAnswer(service, bearer, method, path, body, partnership);
  if (answer.status < 200 || answer.status > 299)
    throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
  return answer.body;
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

/** A sandbox person's token (persona or other directory user) for the service's own API. */
export async function tokenByName(service, displayName) {
  const state = await (await fetch(`${service.sandboxUrl}/api/state`)).json();
  const user = state.users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no sandbox user named ${displayName}`);
  return personaToken(service, user.id);
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

/**
 * A KLOE form's Submit as Teams delivers it to /api/messages: `from` ({ id, displayName })
 * in `conversation` ({ id, conversationType }, with `channelData` for a channel).
 */
export function kloeSubmitActivity({
  id,
  sandboxUrl,
  from,
  conversation,
  channelData,
  replyToId,
  data,
}) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id,
    channelId: 'msteams',
    serviceUrl: sandboxUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${from.id}`, aadObjectId: from.id, name: from.displayName },
    recipient: { id: '28:pathways-bot', name: 'Pathways' },
    conversation: { ...conversation, tenantId: 'sandbox' },
    channelData: { tenant: { id: 'sandbox' }, ...channelData },
    replyToId,
    value: {
      trigger: 'manual',
      action: {
        type: 'Action.Execute',
        verb: 'kloe.submit',
        data: {
          form: 'kloe',
          theme: 'Multi-agency working',
          details: 'Strategy discussions in one locality are held without health colleagues.',
          actionWanted: 'Review the invitation list.',
          ...data,
        },
      },
    },
  };
}

/** The KLOE reference in the service's answer to a Submit, if it stored one. */
export function kloeReferenceOf(answerBody) {
  return /KLOE-\d{4}-\d{4,}/.exec(answerBody?.value?.fallbackText ?? '')?.[0];
}

let counter = 0;
/** One KLOE submitted from `who`'s personal chat, as Teams delivers the card's Submit. */
export async function submitKloe(service, who, label) {
  counter += 1;
  const activity = kloeSubmitActivity({
    id: `bench-${label}-${counter}-${Date.now()}`,
    sandboxUrl: service.sandboxUrl,
    from: who.persona,
    conversation: { id: who.chat, conversationType: 'personal' },
    replyToId: `bench-form-${counter}`,
    data: {
      organisation: 'Cleveland Police',
      contactOfficer: who.persona.displayName,
      subject: `Benchmark KLOE ${counter}`,
    },
  });
  const sentAt = Date.now();
  const res = await fetch(`${service.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const reference = kloeReferenceOf(await res.json());
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

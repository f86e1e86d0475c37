// The running Pathways service for browser tests: started from the built bot/dist/main.js on free
// ports with a throwaway DATA_DIR (sandbox tenant, PGlite), or an existing one at PATHWAYS_URL.
// Seeding drives it as people do: KLOEs raised over /api/messages the way Teams sends them, and
// triaged from the Business Unit's channel card.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import calendar from '../../core/src/calendar/bank-holidays-england-and-wales.json' with { type: 'json' };

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The probe's first truthy answer, asked every 100 ms for up to `seconds`. The bound is a
 * deadline, not a count of tries: on a loaded machine each probe (a read of the sandbox's whole
 * state, say) takes longer, and a count of tries ran out in well under a minute of waiting.
 * A minute is the default because five services and browsers share two cores here: the wait
 * ends as soon as the answer comes, so a generous bound costs a passing run nothing.
 */
export async function eventually(probe, what, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await sleep(100);
  }
}

/** Starts the service unless PATHWAYS_URL names one already running. */
export async function startService(env = {}) {
  if (process.env.PATHWAYS_URL) {
    const url = process.env.PATHWAYS_URL.replace(/\/$/, '');
    const health = await (await fetch(`${url}/healthz`)).json();
    return { url, sandboxUrl: health.sandboxUrl, stop: async () => {} };
  }
  const dataDir = await newDataDir();
  const service = await launch(dataDir, env);
  return {
    ...service,
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A new data folder for a service under test, holding a copy of a database that this build of
 * the service has made and migrated. Making one (initdb, then every migration) costs about 10 s
 * of CPU, and the browser tests start five services at once: the first makes it, once per build,
 * and the others wait for it and copy it. Without it (it could not be made), a service starts on
 * an empty folder and makes its own.
 */
export async function newDataDir() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-e2e-'));
  const seed = await seedDatabase().catch((error) => {
    console.warn(`No ready-made database for the browser tests (${error.message}): making one.`);
    return undefined;
  });
  if (seed) cpSync(seed, join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

async function seedDatabase() {
  const dist = join(root, 'bot/dist');
  const hash = createHash('sha256');
  for (const file of readdirSync(dist).sort())
    if (file.endsWith('.js')) hash.update(file).update(readFileSync(join(dist, file)));
  const seed = join(tmpdir(), `pathways-e2e-database-${hash.digest('hex').slice(0, 16)}`);
  const ready = () => existsSync(join(seed, 'PG_VERSION'));
  if (ready()) return seed;
  const making = `${seed}.making`;
  // A mark older than any start takes was left by a run that stopped half-way.
  if (existsSync(making) && Date.now() - statSync(making).mtimeMs > 5 * 60_000)
    rmSync(making, { recursive: true, force: true });
  try {
    mkdirSync(making);
  } catch {
    // Another test is making it.
    await eventually(ready, 'the ready-made database', 180);
    return seed;
  }
  const work = mkdtempSync(join(tmpdir(), 'pathways-e2e-making-'));
  try {
    const service = await launch(work, {});
    // Only a database its service closed cleanly is worth copying.
    if ((await service.stop()) !== 0) throw new Error('the service did not stop cleanly');
    renameSync(join(work, 'pglite'), seed);
    return seed;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(making, { recursive: true, force: true });
  }
}

async function launch(dataDir, env) {
  const [port, sandboxPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'bot/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PATHWAYS_ROOT: root,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      DATA_DIR: dataDir,
      PLAYGROUND: 'off',
      SANDBOX_LIMITS: 'off',
      // The browser test makes many calls from one address in a minute.
      RATE_LIMIT_API_PER_MINUTE: '100000',
      RATE_LIMIT_BOT_PER_MINUTE: '100000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  let exitCode;
  child.on('exit', (code) => {
    exited = true;
    exitCode = code;
  });
  const url = `http://127.0.0.1:${port}`;
  const health = await eventually(
    async () => {
      if (exited) throw new Error('the Pathways service stopped while starting (see above)');
      try {
        const res = await fetch(`${url}/healthz`);
        return res.ok ? await res.json() : undefined;
      } catch {
        return undefined;
      }
    },
    `${url}/healthz`,
    // A loaded CI machine can take over a minute to migrate and start.
    180,
  );
  return {
    url,
    sandboxUrl: health.sandboxUrl,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await eventually(async () => exited, 'the service to stop', 10).catch(() =>
          child.kill('SIGKILL'),
        );
      }
      return exitCode;
    },
  };
}

/** A person in the sandbox tenant, signed in to the REST API and able to talk to the bot. */
export async function sandboxPeople(service) {
  const config = await (await fetch(`${service.url}/api/config`)).json();
  const personas = await (await fetch(`${service.sandboxUrl}/personas`)).json();
  const byRole = (role) => personas.find((p) => p.roles[0] === role);

  async function token(persona) {
    const form = new URLSearchParams({
      grant_type: 'urn:pathways:sandbox:persona',
      persona: persona.id,
      client_id: config.clientId,
    });
    if (config.apiScope) form.set('scope', config.apiScope);
    const res = await fetch(`${service.sandboxUrl}/${config.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: form,
    });
    return (await res.json()).access_token;
  }

  /** GET or POST (or `method`, e.g. PATCH) the REST API as a persona. */
  async function api(persona, path, body, method) {
    const res = await fetch(`${service.url}${path}`, {
      method: method ?? (body ? 'POST' : 'GET'),
      headers: {
        Authorization: `Bearer ${await token(persona)}`,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  return { config, personas, byRole, token, api };
}

let seq = 0;
const nextId = (what) => `e2e-${what}-${(seq += 1)}`;

/** Teams-shaped activities to /api/messages (unsigned: the sandbox runs without a bot id). */
export function bot(service) {
  const base = (persona, conversation, id) => ({
    id,
    channelId: 'msteams',
    serviceUrl: service.sandboxUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${persona.id}`, aadObjectId: persona.id, name: persona.displayName },
    recipient: { id: '28:pathways-bot', name: 'Pathways' },
    conversation,
    channelData: { tenant: { id: 'sandbox' } },
  });
  const personal = (conversationId) => ({
    id: conversationId,
    conversationType: 'personal',
    tenantId: 'sandbox',
  });

  async function send(activity) {
    const res = await fetch(`${service.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`/api/messages answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
  const state = async () => (await fetch(`${service.sandboxUrl}/api/state`)).json();
  const chat = async (id) =>
    (await state()).personalChats.find((c) => c.id === id)?.activities ?? [];

  async function openChat(persona) {
    const res = await fetch(`${service.sandboxUrl}/v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ members: [{ id: persona.id }], isGroup: false }),
    });
    return (await res.json()).id;
  }

  /** "kloe" in the person's chat, then the form sent: returns the reference and card thread. */
  async function raiseKloe(persona, chatId, answers) {
    const before = (await chat(chatId)).length;
    await send({
      ...base(persona, personal(chatId), nextId('open')),
      type: 'message',
      text: 'kloe',
    });
    const form = await eventually(
      async () =>
        (await chat(chatId))
          .slice(before)
          .find((a) => a.attachments[0]?.content.fallbackText?.startsWith('Raise a Key Line')),
      'the KLOE form',
    );
    const receipt = await send({
      ...base(persona, personal(chatId), nextId('submit')),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: form.id,
      value: {
        action: { type: 'Action.Execute', verb: 'kloe.submit', data: { form: 'kloe', ...answers } },
        trigger: 'manual',
      },
    });
    const reference = /KLOE-\d{4}-\d{4}/.exec(receipt.value.fallbackText)?.[0];
    if (!reference) throw new Error(`no KLOE reference in ${receipt.value.fallbackText}`);
    const thread = await eventually(async () => {
      const s = await state();
      return s.teams
        .flatMap((t) => t.channels)
        .flatMap((c) => c.threads)
        .find((t) => t.root.summary === `New KLOE ${reference}`);
    }, 'the Business Unit card');
    const kloeId = thread.root.attachments[0].content.refresh.action.data.kloeId;
    return { reference, kloeId, thread: thread.conversationId, rootId: thread.root.id };
  }

  /**
   * Many KLOEs quickly: the form's Send pressed in the person's chat, without waiting for each
   * channel card (enough to make the queue long).
   */
  async function submitKloes(persona, chatId, answersList) {
    for (const answers of answersList) {
      const receipt = await send({
        ...base(persona, personal(chatId), nextId('bulk')),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'kloe.submit',
            data: { form: 'kloe', ...answers },
          },
          trigger: 'manual',
        },
      });
      if (!/KLOE-\d{4}-\d{4}/.test(receipt?.value?.fallbackText ?? '')) {
        throw new Error(`a KLOE was not accepted: ${JSON.stringify(receipt).slice(0, 300)}`);
      }
    }
  }

  /** A Business Unit action on the KLOE's channel card, e.g. accept with a meeting date. */
  async function triage(persona, kloe, verb, data) {
    const channelId = kloe.thread.split(';')[0];
    return send({
      ...base(
        persona,
        { id: kloe.thread, conversationType: 'channel', tenantId: 'sandbox' },
        nextId(verb),
      ),
      channelData: { tenant: { id: 'sandbox' }, channel: { id: channelId } },
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: kloe.rootId,
      value: {
        action: { type: 'Action.Execute', verb, data: { kloeId: kloe.kloeId, ...data } },
        trigger: 'manual',
      },
    });
  }

  /** Action.Execute on a card in the person's 1:1 chat (e.g. a nomination or an answer). */
  async function cardAction(persona, verb, data) {
    const chatId = await openChat(persona);
    return send({
      ...base(persona, personal(chatId), nextId(verb)),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
  }

  return { openChat, raiseKloe, submitKloes, triage, cardAction, state };
}

export function inDays(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const bankHolidays = new Set(calendar.events.map((e) => e.date));

/**
 * The date `days` working days after today (no weekend, no England and Wales bank holiday),
 * counted as core's addWorkingDays counts them, which this plain script cannot import: a
 * meeting date must be a working day.
 */
export function inWorkingDays(days) {
  let date = new Date(`${inDays(0)}T12:00:00Z`);
  for (let left = days; left > 0;) {
    date = new Date(date.getTime() + 86_400_000);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    if (!weekend && !bankHolidays.has(date.toISOString().slice(0, 10))) left -= 1;
  }
  return date.toISOString().slice(0, 10);
}

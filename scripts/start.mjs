#!/usr/bin/env node
// `npm start`: build what is needed, then run the service (with the sandbox
// tenant when no tenant is configured) and Microsoft 365 Agents Playground.
// Ctrl-C stops everything. The service starts while the tab and add-in build,
// so it answers /healthz within seconds on a fresh clone.
// `INSTANCES=3 npm start` (with DATABASE_URL) runs three instances on one PostgreSQL
// behind a local round-robin proxy on the usual port, as App Service scales out.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRoundRobinProxy } from './round-robin-proxy.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = new Set();
let stopping = false;

function run(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function finished(child) {
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
}

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
  if (children.size === 0) process.exit(code);
  Promise.all([...children].map(finished)).then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Several instances need one database they can all reach: PGlite lives inside one process.
const instanceCount = Number(process.env.INSTANCES ?? 1);
if (!Number.isInteger(instanceCount) || instanceCount < 1 || instanceCount > 16) {
  console.error(
    `INSTANCES must be a whole number from 1 to 16 (given "${process.env.INSTANCES}").`,
  );
  process.exit(1);
}
if (instanceCount > 1 && !process.env.DATABASE_URL) {
  console.error(
    `INSTANCES=${instanceCount} needs DATABASE_URL: several instances share one PostgreSQL server, and the built-in PGlite database belongs to a single process.
  For example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/pathways INSTANCES=${instanceCount} npm start`,
  );
  process.exit(1);
}

// 1. The service bundle (seconds).
const botBuild = await finished(run(npm, ['run', 'build', '--silent', '-w', 'bot']));
if (botBuild !== 0) {
  console.error('Building the service failed (see above).');
  process.exit(botBuild);
}

// Microsoft 365 Agents Playground shows one signed-in person per process (its
// config's currentUser), so each persona gets its own Playground, all in the
// same team, whose one extra channel is the Business Unit's. The sandbox shows
// every channel post in each of them (SANDBOX_PLAYGROUNDS).
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const SANDBOX_TENANT_ID = '5a4d0b0c-5e55-4b1d-9a7e-000000005ca9';
const PERSONAS = [
  // Kept in step with sandbox/src/tenant/personas.ts and topology.ts.
  {
    key: 'practitioner',
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Pat Practitioner',
    role: 'practitioner',
  },
  {
    key: 'business-unit',
    id: '00000000-0000-4000-8000-000000000002',
    name: 'Billie BusinessUnit',
    role: 'Business Unit officer',
  },
  {
    key: 'engine-room',
    id: '00000000-0000-4000-8000-000000000003',
    name: 'Eli EngineRoom',
    role: 'Engine Room member',
  },
  {
    key: 'agency-lead',
    id: '00000000-0000-4000-8000-000000000005',
    name: 'Ash AgencyLead',
    role: 'agency lead',
  },
  {
    key: 'development-manager',
    id: '00000000-0000-4000-8000-000000000004',
    name: 'Dana DevelopmentManager',
    role: 'Development Manager',
  },
  {
    key: 'practitioner-2',
    id: '00000000-0000-4000-8000-000000000006',
    name: 'Sol Practitioner',
    role: 'practitioner',
  },
];
const playgroundsWanted = process.env.PLAYGROUND !== 'off';
const playgrounds = PERSONAS.slice(0, 4).map((persona, i) => ({
  ...persona,
  port: playgroundPort + i,
}));
const userOf = (p) => {
  const [givenName, surname] = p.name.split(' ');
  const email = `${givenName.toLowerCase()}.${surname.toLowerCase()}@sandbox.pathways.local`;
  return {
    id: `29:${p.id}`,
    name: p.name,
    userPrincipleName: email,
    aadObjectId: p.id,
    givenName,
    surname,
    email,
  };
};
/** The Playground's config (.m365agentsplayground.yml; JSON is YAML) for one persona. */
function playgroundConfig(persona) {
  return {
    version: '0.1.1',
    tenantId: SANDBOX_TENANT_ID,
    bot: { id: '28:pathways-bot', name: 'Pathways' },
    currentUser: userOf(persona),
    // The Playground wants exactly five other people.
    users: PERSONAS.filter((p) => p.id !== persona.id)
      .slice(0, 5)
      .map(userOf),
    personalChat: { id: `a:playground-personal-${persona.key}` },
    groupChat: { id: `19:playground-group-${persona.key}@thread.v2`, name: 'Practitioners' },
    // The sandbox's partnership team: General is the team id, plus (the one
    // channel a Playground allows) the Business Unit channel.
    team: {
      id: '19:hsscp-general@thread.tacv2',
      name: 'HSSCP Partnership',
      aadGroupId: '00000000-0000-4000-c000-000000000100',
      channels: [{ id: '19:business-unit@thread.tacv2', name: 'Business Unit' }],
    },
  };
}
const playgroundDir = resolve(root, process.env.DATA_DIR ?? '.data', 'playground');
if (playgroundsWanted) {
  mkdirSync(playgroundDir, { recursive: true });
  for (const p of playgrounds) {
    writeFileSync(
      join(playgroundDir, `${p.key}.yml`),
      JSON.stringify(playgroundConfig(p), null, 2),
    );
  }
}

// 2. The service. It validates its configuration first and stops naming any bad setting.
const port = Number(process.env.PORT ?? 3978);
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
const serviceUrl = `http://${host}:${port}`;

/** A port nothing listens on now (the instances behind the proxy). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port: free } = probe.address();
      probe.close(() => resolvePort(free));
    });
  });
}

async function healthOf(url, seconds) {
  for (let i = 0; i < seconds * 2 && !stopping; i += 1) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return await res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

const playgroundTargets =
  playgroundsWanted && !process.env.SANDBOX_PLAYGROUNDS
    ? {
        SANDBOX_PLAYGROUNDS: playgrounds
          .map((p) => `${p.id}=http://127.0.0.1:${p.port}/_connector`)
          .join(','),
      }
    : {};

function startInstance(index, env) {
  const instance = run(process.execPath, ['--enable-source-maps', 'bot/dist/main.js'], {
    env: { ...process.env, ...env },
  });
  instance.on('exit', (code) => {
    if (stopping) return;
    if (index === 0) {
      // The first instance holds the sandbox tenant (and alone, the service itself).
      console.error(
        instanceCount > 1
          ? `Pathways instance 1, which runs the sandbox tenant, stopped (exit code ${code}).`
          : `The Pathways service stopped (exit code ${code}).`,
      );
      stopAll(code || 1);
    } else {
      console.error(
        `Pathways instance ${index + 1} stopped (exit code ${code}); the proxy sends its requests to the others.`,
      );
    }
  });
  return instance;
}

let proxy;
if (instanceCount === 1) {
  startInstance(0, playgroundTargets);
} else {
  // Every instance is told the proxy's address as the service's (links, the sandbox's pages)
  // and trusts it for client addresses; the first starts the sandbox, the others share it.
  const ports = [];
  for (let i = 0; i < instanceCount; i += 1) ports.push(await freePort());
  const shared = {
    PUBLIC_URL: process.env.PUBLIC_URL ?? serviceUrl,
    TRUST_PROXY: process.env.TRUST_PROXY ?? '1',
  };
  const instanceUrls = ports.map((p) => `http://${host}:${p}`);
  startInstance(0, { ...shared, ...playgroundTargets, PORT: String(ports[0]) });
  // The first migrates the database and makes the local audit key: the others start after.
  if (!(await healthOf(instanceUrls[0], 60))) {
    console.error(
      `Pathways instance 1 did not answer ${instanceUrls[0]}/healthz within 60 seconds.`,
    );
    stopAll(1);
  }
  const sandboxUrl = `http://${host}:${process.env.SANDBOX_PORT ?? 3979}`;
  for (let i = 1; i < instanceCount && !stopping; i += 1)
    startInstance(i, {
      ...shared,
      SANDBOX_URL: process.env.SANDBOX_URL ?? sandboxUrl,
      PORT: String(ports[i]),
    });
  for (let i = 1; i < instanceCount && !stopping; i += 1) {
    if (!(await healthOf(instanceUrls[i], 60))) {
      console.error(
        `Pathways instance ${i + 1} did not answer ${instanceUrls[i]}/healthz within 60 seconds.`,
      );
      stopAll(1);
    }
  }
  if (stopping) process.exit(1);
  proxy = await startRoundRobinProxy({ port, host, targets: instanceUrls });
}

// 3. Tab and add-in assets, built beside the running service.
const frontEnds = finished(
  run(npm, ['run', 'build', '--silent', '-w', 'tab', '-w', 'outlook-addin']),
);

// A loaded machine (a shared CI runner) can take well over a minute to migrate and start.
const waitSeconds = 180;
const health = await healthOf(serviceUrl, waitSeconds);
if (stopping) process.exit(1);
if (!health) {
  console.error(`The service did not answer ${serviceUrl}/healthz within ${waitSeconds} seconds.`);
  stopAll(1);
}

// 4. Microsoft 365 Agents Playground as the Teams client (local runs only): one per persona.
if (health?.m365 === 'sandbox' && playgroundsWanted) {
  for (const p of playgrounds) {
    run(
      process.execPath,
      [
        join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
        '--app-endpoint',
        `${serviceUrl}/api/messages`,
        '--channel-id',
        'msteams',
        '--port',
        String(p.port),
        // What the bot is told to reply to: this Playground's own connector.
        '--service-url',
        `http://127.0.0.1:${p.port}/_connector`,
        '--disable-telemetry',
      ],
      {
        env: {
          ...process.env,
          BROWSER: 'none',
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(playgroundDir, `${p.key}.yml`),
          M365_AGENTS_PLAYGROUND_LOGFILE: join(playgroundDir, `${p.key}.log`),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
}

const built = await frontEnds;
console.log(`
Pathways is running (store: ${health.store}, Microsoft 365: ${health.m365}${
  proxy ? `, ${instanceCount} instances behind a round-robin proxy` : ''
}).
  Service health       ${serviceUrl}/healthz${
    proxy ? `\n  Instances            ${proxy.healthy().join(' ')}` : ''
  }
  Bot endpoint         ${serviceUrl}/api/messages
  Engine Room tab      ${serviceUrl}/tab/index.html#/engine-room
  Personal tab         ${serviceUrl}/tab/index.html#/personal
  Outlook add-in       ${serviceUrl}/outlook/taskpane.html${
    health.sandboxUrl
      ? `
  Sandbox tenant       ${health.sandboxUrl}/`
      : ''
  }${
    health.m365 === 'sandbox' && playgroundsWanted
      ? `
  Agents Playground (one per person; type "help" in Personal Chat)${playgrounds
    .map((p) => `\n    as ${p.name}, ${p.role}`.padEnd(52) + `http://127.0.0.1:${p.port}/`)
    .join('')}`
      : ''
  }
${built === 0 ? '' : '  Warning: the tab and add-in did not build (see above); the bot still runs.\n'}Press Ctrl-C to stop.
`);

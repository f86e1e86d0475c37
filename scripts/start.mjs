#!/usr/bin/env node
// `npm start`: build what is needed, then run the service (with the sandbox
// tenant when no tenant is configured) and Microsoft 365 Agents Playground.
// Ctrl-C stops everything. The service starts while the tab and add-in build,
// so it answers /healthz within seconds on a fresh clone.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// 1. The service bundle (seconds).
const botBuild = await finished(run(npm, ['run', 'build', '--silent', '-w', 'bot']));
if (botBuild !== 0) {
  console.error('Building the service failed (see above).');
  process.exit(botBuild);
}

// 2. The service. It validates its configuration first and stops naming any bad setting.
const service = run(process.execPath, ['--enable-source-maps', 'bot/dist/main.js']);
service.on('exit', (code) => {
  if (!stopping) {
    console.error(`The Pathways service stopped (exit code ${code}).`);
    stopAll(code || 1);
  }
});

// 3. Tab and add-in assets, built beside the running service.
const frontEnds = finished(
  run(npm, ['run', 'build', '--silent', '-w', 'tab', '-w', 'outlook-addin']),
);

const port = Number(process.env.PORT ?? 3978);
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
const serviceUrl = `http://${host}:${port}`;
let health;
for (let i = 0; i < 120 && !stopping; i += 1) {
  try {
    const res = await fetch(`${serviceUrl}/healthz`);
    if (res.ok) {
      health = await res.json();
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 500));
}
if (stopping) process.exit(1);
if (!health) {
  console.error(`The service did not answer ${serviceUrl}/healthz within 60 seconds.`);
  stopAll(1);
}

// 4. Microsoft 365 Agents Playground as the Teams client (local runs only).
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
if (health?.m365 === 'sandbox' && process.env.PLAYGROUND !== 'off') {
  run(
    process.execPath,
    [
      join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
      '--app-endpoint',
      `${serviceUrl}/api/messages`,
      '--channel-id',
      'msteams',
      '--port',
      String(playgroundPort),
      '--disable-telemetry',
    ],
    { env: { ...process.env, BROWSER: 'none' } },
  );
}

const built = await frontEnds;
console.log(`
Pathways is running (store: ${health.store}, Microsoft 365: ${health.m365}).
  Service health       ${serviceUrl}/healthz
  Bot endpoint         ${serviceUrl}/api/messages
  Engine Room tab      ${serviceUrl}/tab/index.html#/engine-room
  Personal tab         ${serviceUrl}/tab/index.html#/personal
  Outlook add-in       ${serviceUrl}/outlook/taskpane.html${
    health.sandboxUrl
      ? `
  Sandbox tenant       ${health.sandboxUrl}/`
      : ''
  }${
    health.m365 === 'sandbox' && process.env.PLAYGROUND !== 'off'
      ? `
  Agents Playground    http://127.0.0.1:${playgroundPort}/  (type "help")`
      : ''
  }
${built === 0 ? '' : '  Warning: the tab and add-in did not build (see above); the bot still runs.\n'}Press Ctrl-C to stop.
`);

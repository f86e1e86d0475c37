#!/usr/bin/env node
// `npm run test:e2e` (after the build): the browser tests side by side, each in its own process
// with its own service, their output grouped per test as concurrently does. A failing check
// can be thousands of lines above the end of a CI log, and a log is often read from its end:
// so the failed checks (every FAIL line) and the tests that failed are said again at the very end.
import { PassThrough } from 'node:stream';
import concurrently from 'concurrently';

const tests = [
  ['tab-light', 'node tab/e2e/engine-room.mjs light --no-injection'],
  ['tab-dark', 'node tab/e2e/engine-room.mjs dark'],
  ['tab-contrast', 'node tab/e2e/engine-room.mjs contrast --no-injection'],
  ['outlook', 'node outlook-addin/e2e/taskpane.mjs'],
  ['partnerships', 'node tab/e2e/partnership-choice.mjs'],
];

const failedChecks = [];
let partLine = '';
const output = new PassThrough({ encoding: 'utf8' });
output.pipe(process.stdout);
output.on('data', (chunk) => {
  const lines = (partLine + chunk).split('\n');
  partLine = lines.pop() ?? '';
  failedChecks.push(...lines.filter((line) => /\] FAIL\b/.test(line)));
});

const { result } = concurrently(
  tests.map(([name, command]) => ({ name, command })),
  { group: true, successCondition: 'all', outputStream: output },
);
const closed = await result.catch((events) => events);
const failedTests = closed
  .filter((event) => event.exitCode !== 0)
  .sort((a, b) => a.index - b.index);
if (failedTests.length === 0) {
  console.log(`\nBrowser tests: all ${tests.length} passed.`);
} else {
  console.log(
    `\nBrowser tests: ${failedTests.length} of ${tests.length} failed: ` +
      failedTests.map((event) => `${event.command.name} (exit ${event.exitCode})`).join(', '),
  );
  for (const line of failedChecks) console.log(line);
}
// Exit even if a test that crashed left a process holding its output open.
process.exit(failedTests.length === 0 ? 0 : 1);

// Records each test file's duration from a Jest JSON report into durations.json, which the
// slow-first sequencer reads on a clone that has no Jest cache yet.
// Usage: npm run jest:durations (runs the suite with --json, then records).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const [reportPath] = process.argv.slice(2);
if (!reportPath) {
  console.error('Usage: node scripts/jest/record-durations.mjs <jest --json report>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const durations = {};
for (const file of report.testResults) {
  durations[relative(root, file.name).split('\\').join('/')] = Math.round(
    file.endTime - file.startTime,
  );
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(join(here, 'durations.json'), `${JSON.stringify(sorted, null, 2)}\n`);
const total = Object.values(durations).reduce((a, b) => a + b, 0);
console.log(
  `Recorded ${Object.keys(durations).length} files, ${Math.round(total / 1000)} s in all.`,
);

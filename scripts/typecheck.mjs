// The type checks, with TypeScript 7 (the compiler rewritten natively: the same checks in a
// fraction of the time). TypeScript 5.9 stays installed as `typescript` because
// typescript-eslint's parser and tsdown's declaration plugin need its JavaScript API, which
// 7.0 does not have yet; editors may use either.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(
  dirname(createRequire(import.meta.url).resolve('typescript-native/package.json')),
  'bin/tsc',
);
// The service, core and sandbox; then each browser package and its tests (DOM libraries).
// A workspace's own `npm run typecheck` names just its projects.
const all = [
  'tsconfig.json',
  'ui-shell/tsconfig.json',
  'tab/tsconfig.json',
  'tab/tsconfig.jest.json',
  'outlook-addin/tsconfig.json',
  'outlook-addin/tsconfig.jest.json',
];
const projects = process.argv.length > 2 ? process.argv.slice(2) : all;
let failed = 0;
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, project), '--noEmit'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`Type errors in ${project}.`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);

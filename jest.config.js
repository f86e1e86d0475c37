// One jest run for every workspace. Component tests that need a database are
// named *.db.test.ts: `npm test` runs them against PGlite, and .ci/run runs the
// same files again against a real PostgreSQL server (DATABASE_URL set).
/** @type {import('jest').Config} */
// SWC strips types without checking them (tsc checks once, in `npm run typecheck`): the
// suite spends its time on behaviour, not on type checking every file again per worker.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    // import() stays a real dynamic import (PGlite and other ES modules load through it).
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];
// compromise is loaded once per worker (scripts/jest/node-environment.cjs) and handed to each file.
const sharedModules = {
  '^compromise/two$': '<rootDir>/scripts/jest/shared-compromise.cjs',
};
const common = {
  testEnvironment: '<rootDir>/scripts/jest/node-environment.cjs',
  moduleNameMapper: sharedModules,
  globals: { __compromiseTwoPath: require.resolve('compromise/two') },
  transform: { '^.+\\.tsx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
// The service's tests: close any sandbox harness a file left open (bot/src/test-support).
const closeHarnesses = ['<rootDir>/bot/src/test-support/jest-after-env.ts'];
module.exports = {
  // Three worker processes on a 2-core machine (Jest's default there is one, in its own
  // process): the database and service tests wait on I/O, timers and the limits they test as
  // much as they compute, so a third file fills the time the other two wait.
  maxWorkers: 3,
  // A worker keeps about 40 MB of every file it ran (each file's modules, PGlite's memory), and
  // garbage collection over a heap of a gigabyte or more cost the suite a third of its CPU. A
  // worker past this much after a file is replaced by a fresh one (measured on 2 cores, warm
  // cache: 671 CPU seconds and 374 s without it, 469 and 274 s with it).
  workerIdleMemoryLimit: '350MB',
  // Longest files first, from Jest's cache or, on a clean clone, scripts/jest/durations.json.
  testSequencer: '<rootDir>/scripts/jest/slow-first-sequencer.cjs',
  // Real servers and job polling: allow for a slow CI machine. Hooks get the same time: a
  // harness whose start outlived its beforeAll would run on, unclosed, after the file ends.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      setupFilesAfterEnv: closeHarnesses,
      testMatch: ['<rootDir>/{core,sandbox,bot,manifest,scripts}/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.db\\.test\\.ts$'],
    },
    {
      // The tab's logic that needs no browser (addresses, dates, replies); the browser test
      // (npm run test:e2e) covers the views.
      ...common,
      displayName: 'tab',
      testMatch: ['<rootDir>/{tab,ui-shell}/src/**/*.test.ts'],
    },
    {
      // The Outlook add-in's Office.js logic, against office-addin-mock; the browser test
      // (npm run test:e2e) covers its pages.
      ...common,
      displayName: 'outlook-addin',
      testMatch: ['<rootDir>/outlook-addin/src/**/*.test.ts'],
      moduleNameMapper: {
        ...sharedModules,
        '^office-addin-manifest$': '<rootDir>/outlook-addin/test-support/office-addin-manifest.cjs',
      },
    },
    {
      ...common,
      displayName: 'repositories',
      setupFilesAfterEnv: closeHarnesses,
      testMatch: ['<rootDir>/{core,sandbox,bot}/**/*.db.test.ts'],
    },
  ],
};

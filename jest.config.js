// One jest run for every workspace. Component tests that need a database are
// named *.db.test.ts: `npm test` runs them against PGlite, and .ci/run runs the
// same files again against a real PostgreSQL server (DATABASE_URL set).
/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': tsJest },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  // Real servers and job polling: allow for a slow CI machine. Hooks get the same time: a
  // harness whose start outlived its beforeAll would run on, unclosed, after the file ends.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{core,sandbox,bot,manifest,scripts}/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.db\\.test\\.ts$'],
    },
    {
      // The tab's logic that needs no browser (addresses, dates, replies); the browser test
      // (npm run test:e2e) covers the views.
      ...common,
      displayName: 'tab',
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tab/tsconfig.jest.json' }] },
      testMatch: ['<rootDir>/tab/src/**/*.test.ts'],
    },
    {
      // The Outlook add-in's Office.js logic, against office-addin-mock; the browser test
      // (npm run test:e2e) covers its pages.
      ...common,
      displayName: 'outlook-addin',
      transform: {
        '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/outlook-addin/tsconfig.jest.json' }],
      },
      testMatch: ['<rootDir>/outlook-addin/src/**/*.test.ts'],
      moduleNameMapper: {
        '^office-addin-manifest$': '<rootDir>/outlook-addin/test-support/office-addin-manifest.cjs',
      },
    },
    {
      ...common,
      displayName: 'repositories',
      testMatch: ['<rootDir>/{core,sandbox,bot}/**/*.db.test.ts'],
    },
  ],
};

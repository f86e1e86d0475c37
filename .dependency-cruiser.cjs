// The shape of the code, checked in `npm run lint` (dependency-cruiser resolves every import,
// so a rule cannot be dodged by a relative path). See README "Layout".
const features =
  '(active-learning|briefings|engine-room|kloe|recommendations|reports|retention|serious-cases)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles anywhere: each module can be read, tested and moved on its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-knows-no-feature',
      severity: 'error',
      comment:
        'bot/src/platform is infrastructure (HTTP, jobs, Teams, Graph, database): features plug into it, never the reverse.',
      from: { path: '^bot/src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: `^bot/src/(${features.slice(1, -1)}|records|test-support)/` },
    },
    {
      name: 'records-know-no-feature',
      severity: 'error',
      comment: 'bot/src/records holds what every record kind shares; features build on it.',
      from: { path: '^bot/src/records/', pathNot: '\\.test\\.ts$' },
      to: { path: `^bot/src/${features}/` },
    },
    {
      name: 'no-feature-internals',
      severity: 'error',
      comment: "A feature uses another only through that feature's index.ts (its contract).",
      from: { path: `^bot/src/${features}/`, pathNot: '\\.test\\.ts$' },
      to: {
        path: `^bot/src/${features}/`,
        pathNot: ['^bot/src/$1/', '^bot/src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'production-code-has-no-test-support',
      severity: 'error',
      comment: 'Test helpers live in test-support folders and test files, never in what ships.',
      from: {
        path: '^(core|bot|sandbox)/src/',
        pathNot: ['\\.test\\.ts$', '/test-support/', 'test-database\\.ts$', 'test-fixtures\\.ts$'],
      },
      to: { path: ['/test-support/', '\\.test\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['/dist/', 'node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};

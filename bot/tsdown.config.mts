import { defineConfig } from 'tsdown';

// One bundle for App Service: workspace packages are compiled in; npm
// dependencies stay external and are installed beside it. CommonJS with a plain
// .js name: App Service and scripts/start.mjs run bot/dist/main.js, and Node 22.12+
// loads the ES-module-only dependencies (kysely, jose) through require().
export default defineConfig({
  entry: { main: 'src/main.ts', 'audit-verify': 'src/audit-verify.ts' },
  outDir: 'dist',
  format: 'cjs',
  platform: 'node',
  target: 'node22.12',
  fixedExtension: false,
  // CommonJS on purpose (see above): the source is CommonJS TypeScript and App Service runs
  // main.js; the advice to switch to ES modules is noted, not needed to run.
  checks: { legacyCjs: false },
  dts: false,
  sourcemap: true,
  clean: true,
  // The workspace packages, and what they depend on that the bot does not itself.
  deps: {
    alwaysBundle: [/^@pathways\//],
    onlyBundle: ['date-fns', 'windows-iana', 'compromise', 'efrt', 'suffix-thumb'],
  },
});

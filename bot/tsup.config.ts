import { defineConfig } from 'tsup';

// One bundle for App Service: workspace packages are compiled in; npm
// dependencies stay external and are installed beside it.
export default defineConfig({
  entry: { main: 'src/main.ts', 'audit-verify': 'src/audit-verify.ts' },
  outDir: 'dist',
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@pathways\//],
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

// Served by the Pathways service at /tab/ (index.html and config.html).
export default defineConfig({
  base: '/tab/',
  // Vite 8 transforms TSX with oxc: use React's automatic JSX runtime (no plugin-react needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: { index: page('./index.html'), config: page('./config.html') },
      // Fluent UI marks its modules 'use client' for React Server Components; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3978' },
  },
});

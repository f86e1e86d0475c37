import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

// Served by the Pathways service at /tab/ (index.html and config.html).
export default defineConfig({
  base: '/tab/',
  // Vite 8 transforms TSX with oxc: use React's automatic JSX runtime (no plugin-react needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // Brotli (best quality, once at build) and gzip copies beside each file: the service sends
  // whichever the browser accepts (express-static-gzip), without compressing per request.
  plugins: [compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 512 })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: { index: page('./index.html'), config: page('./config.html') },
      output: {
        // The Teams SDK in a chunk of its own, loaded (import()) only inside a Microsoft 365
        // host: otherwise it merges into the chunk both pages share and every browser gets it.
        codeSplitting: {
          groups: [{ name: 'teams-sdk', test: /node_modules[\\/]@microsoft[\\/]teams-js/ }],
        },
      },
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

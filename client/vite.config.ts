import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => ({
  root,
  // `--mode test` (the end-to-end build, into dist-test/) keeps the test hook; others drop it.
  define: { __ENTENTE_TEST_HOOK__: JSON.stringify(mode === 'test') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    minify: process.env.ENTENTE_NO_MINIFY ? false : undefined,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
}));

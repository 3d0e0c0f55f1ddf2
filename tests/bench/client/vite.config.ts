import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The bench page: the explorer's renderer and layout modules plus bare Cytoscape, built
// the way the client is built. The driver passes outDir (a scratch directory).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: { emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 5000 },
});

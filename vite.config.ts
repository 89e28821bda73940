import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    // The teller's page and the citizen-facing rating view (好差评), each its own page.
    rollupOptions: {
      input: {
        main: path.resolve(import.meta.dirname, 'src-renderer/index.html'),
        citizen: path.resolve(import.meta.dirname, 'src-renderer/citizen.html'),
      },
    },
  },
});

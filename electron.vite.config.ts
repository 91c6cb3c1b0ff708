import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies (better-sqlite3 and its native module, kysely, ...) stay in
      // node_modules and are loaded at run time; electron-vite externalizes them.
      externalizeDeps: true,
      lib: {
        // Three programs: Electron main (index.js); the desk process (desk-process.js),
        // the utility process main forks to run the desk core off the UI thread; and the
        // demo studio's server (demo-server.js), which main forks when the desk asks for
        // the demo studio (the desk may not import server code, nor spawn `node`).
        entry: {
          index: resolve(root, 'src-main/main/index.ts'),
          'desk-process': resolve(root, 'src-main/core-process/desk-process-entry.ts'),
          'demo-server': resolve(root, 'sync-server/demo/demo-server-process.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot `require` anything but a subset of electron, so every
      // dependency is bundled in and the output is CommonJS with an explicit .cjs name.
      externalizeDeps: false,
      lib: {
        entry: resolve(root, 'src-main/preload/index.ts'),
        formats: ['cjs'],
        fileName: () => 'index.cjs',
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});

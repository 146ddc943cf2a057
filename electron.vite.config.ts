import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const r = (p: string): string => resolve(__dirname, p);

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // better-sqlite3, TF.js, ws, pdfkit stay in node_modules (native addons, wasm files, fonts).
      externalizeDeps: true,
      rollupOptions: {
        // Optional native backend: loaded at run time when installed, never bundled.
        external: ['@tensorflow/tfjs-node'],
        input: {
          // Electron main process.
          index: r('src/main/electron/index.ts'),
          // The `hps` command line and the browser host (plain Node, no Electron).
          cli: r('src/main/cli/index.ts'),
          // Worker-thread entry for training and sweep jobs.
          worker: r('src/main/jobs/worker.ts'),
          // Worker-thread entry of the slice threads that share a training run's batches.
          'slice-thread': r('src/main/training/slice-thread.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one CommonJS file with its dependencies bundled.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: r('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: r('src/renderer'),
    build: {
      outDir: r('out/renderer'),
      rollupOptions: { input: { index: r('src/renderer/index.html') } },
    },
    plugins: [vue()],
  },
});

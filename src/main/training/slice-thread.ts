/**
 * Worker-thread entry of a slice thread: runs its share of every batch of one training run (core
 * training/kernels/slices.ts) until the run's coordinating thread shuts the team down.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveSlices, type SliceSetup } from '../../core/training/kernels/slices';

if (!parentPort) throw new Error('slice-thread.ts must run in a worker thread');
const port = parentPort;
const { sab, setup, index } = workerData as { sab: SharedArrayBuffer; setup: SliceSetup; index: number };
try {
  serveSlices(sab, setup, index, () => port.postMessage({ ready: true }));
} catch (e) {
  port.postMessage({ error: e instanceof Error ? e.message : String(e) });
}

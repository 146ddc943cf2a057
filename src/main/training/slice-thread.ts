/**
 * Worker-thread entry of a slice thread: runs its share of every batch of one training run (core
 * training/kernels/slices.ts) until the run's coordinating thread shuts the team down.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { serveSlices, type SliceSetup } from '../../core/training/kernels/slices';

if (!parentPort) throw new Error('slice-thread.ts must run in a worker thread');
const port = parentPort;
const { sab, setup, index, nice } = workerData as { sab: SharedArrayBuffer; setup: SliceSetup; index: number; nice: number | null };
// The team runs at the priority of the thread that started it (a pool worker runs below the main
// thread): on Linux a thread's nice value is its own, and a team thread above the others would
// keep the coordinating thread waiting at every barrier.
if (nice !== null && process.platform === 'linux') {
  try {
    setPriority(0, nice);
  } catch {
    /* not permitted: run at the normal priority */
  }
}
try {
  serveSlices(sab, setup, index, () => port.postMessage({ ready: true }));
} catch (e) {
  port.postMessage({ error: e instanceof Error ? e.message : String(e) });
}

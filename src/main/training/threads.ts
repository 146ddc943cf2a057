/**
 * Training runs across threads: how many a run gets, and a trainer whose batches are split across
 * that many (the run's own thread plus worker threads running core slices.ts). The
 * synapses, the optimiser and every random stream stay in the run's thread.
 */
import { createRequire } from 'node:module';
import { availableParallelism, getPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunConfig } from '../../core/config/schema';
import { trainingFlopsPerImage, type TrainingCompute } from '../../core/training/compute';
import { createTrainer, runComputeSpec, runNetwork } from '../../core/training/engine';
import { KernelNetwork } from '../../core/training/kernels/kernel-network';
import { sliceCompute, sliceMemoryBytes, type SliceSetup } from '../../core/training/kernels/slices';
import type { DataSplit, Trainer, TrainerOptions } from '../../core/training/types';
import { sliceThreadFile } from '../paths';

/** Work a thread needs in each step for its share to outweigh the threads' meeting and merging (measured on the MLP: 2 threads gain at 32 MFLOP a step, lose at 3). */
const FLOPS_PER_THREAD = 16e6;

/**
 * Threads for one run: the config's `training.threads`, else the cores shared evenly among the
 * runs that train at the same time (every core for a run alone, one each in a sweep that fills
 * them), fewer when a step's work is too small to share; never more than the images of a batch.
 */
export function threadsFor(cfg: RunConfig, concurrentRuns = 1): number {
  const batch = cfg.training.batchSize;
  if (cfg.training.threads !== undefined) return Math.min(cfg.training.threads, batch);
  const cores = Math.max(1, Math.floor(availableParallelism() / Math.max(1, concurrentRuns)));
  const worthwhile = Math.max(1, Math.floor((batch * trainingFlopsPerImage(runNetwork(cfg))) / FLOPS_PER_THREAD));
  return Math.min(cores, worthwhile, batch);
}

/** A worker running a TypeScript entry (scripts run from source under tsx): registers tsx in the thread first. */
function sourceWorker(file: string, workerData: unknown): Worker {
  // tsx's ESM registration entry (its "import" export of tsx/esm/api).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** Start the team's other `setup.threads - 1` threads; resolves once each has its kernels. */
async function startTeamThreads(sab: SharedArrayBuffer, setup: SliceSetup): Promise<Worker[]> {
  const file = sliceThreadFile();
  const nice = process.platform === 'linux' ? getPriority(0) : null;
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  for (let index = 1; index < setup.threads; index++) {
    const data = { sab, setup, index, nice };
    const w = file.endsWith('.ts') ? sourceWorker(file, data) : new Worker(file, { workerData: data });
    workers.push(w);
    ready.push(
      new Promise<void>((resolve, reject) => {
        w.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(`slice thread ${index}: ${m.error ?? 'failed to start'}`))));
        w.once('error', (e) => reject(new Error(`slice thread ${index}: ${e.message}`)));
        w.once('exit', (code) => reject(new Error(`slice thread ${index} exited with code ${code} before it was ready`)));
      }),
    );
  }
  try {
    await Promise.all(ready);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  for (const w of workers) {
    w.removeAllListeners();
    w.on('error', () => {}); // a failure shows in the team's shared memory; the run reports it
    w.unref();
  }
  return workers;
}

/**
 * The compute for a run of `cfg` on `threads` threads: a team of slice threads, or undefined (the
 * trainer's own choice: the tensor kernels in its thread, else the TF.js graph) for one thread or
 * a configuration the kernels do not run. `log` says which.
 */
export async function computeForThreads(cfg: RunConfig, threads: number, log: (msg: string) => void = () => {}): Promise<TrainingCompute | undefined> {
  if (threads <= 1) return undefined;
  const spec = runComputeSpec(cfg);
  const why = KernelNetwork.unsupported(spec.net, spec.quant);
  if (why) {
    log(`${threads} threads requested, but the tensor kernels do not run this configuration (${why}): one thread`);
    return undefined;
  }
  return startSliceTeam({ ...spec, threads });
}

/** A team of `setup.threads` threads (this one and the threads it starts) as the trainer's compute. */
export async function startSliceTeam(setup: SliceSetup): Promise<TrainingCompute> {
  const sab = new SharedArrayBuffer(sliceMemoryBytes(setup));
  const workers = await startTeamThreads(sab, setup);
  const end = (): void => {
    for (const w of workers) void w.terminate();
  };
  try {
    return sliceCompute(sab, setup, end);
  } catch (e) {
    end();
    throw e;
  }
}

/** A trainer whose batches are split across `threads` threads (see computeForThreads). */
export async function createThreadedTrainer(cfg: RunConfig, data: { train: DataSplit; test: DataSplit }, opts: Omit<TrainerOptions, 'compute'>, threads: number): Promise<Trainer> {
  const compute = await computeForThreads(cfg, threads, opts.log);
  try {
    return createTrainer(cfg, data, { ...opts, compute });
  } catch (e) {
    compute?.dispose(); // the trainer owns it only once it exists
    throw e;
  }
}

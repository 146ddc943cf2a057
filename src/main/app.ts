/**
 * Opens everything a process needs to serve the API: the data folder, the experiment store (jobs
 * left running by a killed process become 'interrupted'), the worker pool, the job runner and the
 * services. Shared by the Electron main process, the browser host and the CLI.
 */
import type { Services, EventName, EventPayload } from '../shared/contract';
import { Store } from './store/store';
import { WorkerPool, defaultPoolSize } from './jobs/pool';
import { JobRunner } from './jobs/runner';
import { createServices, type ServiceContext } from './services';
import { databaseFile, defaultDataDir, ensureDir, workerFile } from './paths';
import { pidAlive } from './store/leases';
import { Planner } from './sweep/planner';
import { ConfigError } from '../core/errors';

export interface AppHandle {
  readonly dataDir: string;
  readonly store: Store;
  readonly pool: WorkerPool;
  readonly runner: JobRunner;
  readonly services: Services;
  readonly interrupted: number;
  /** Set the event sink (IPC broadcast, WebSocket broadcast). */
  setBroadcast(fn: <E extends EventName>(event: E, payload: EventPayload<E>) => void): void;
  close(): Promise<void>;
}


export const MAX_WORKERS = 256;

export function openApp(opts: {
  dataDir?: string;
  transport: ServiceContext['transport'];
  electron?: boolean;
  workers?: number;
  electronUserData?: string;
  dialogs?: ServiceContext['dialogs'];
}): AppHandle {
  // Bounded like the contract's `workers` fields: a pool of 1e9 threads would never finish starting.
  if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 1 && opts.workers <= MAX_WORKERS))
    throw new ConfigError(`workers: expected an integer from 1 to ${MAX_WORKERS} (got ${String(opts.workers)})`, { issues: [{ path: 'workers', message: `expected an integer from 1 to ${MAX_WORKERS}`, value: opts.workers }] });
  const dataDir = ensureDir(opts.dataDir ?? defaultDataDir(opts.electronUserData));
  const store = Store.open(databaseFile(dataDir));
  const interrupted = store.markInterrupted(pidAlive);
  const settings = store.getSettings() as { workers?: number | null };
  const size = opts.workers ?? (typeof settings.workers === 'number' ? settings.workers : defaultPoolSize());
  const resourceLimits = { maxOldGenerationSizeMb: Number(process.env.HPS_WORKER_HEAP_MB ?? 4096) };
  const pool = new WorkerPool({ size, workerFile: workerFile(), resourceLimits });
  // Planning and request-sized services get their own worker, started on first use, so they never
  // wait behind a running sweep's batches or training runs.
  const planner = new Planner(store, new WorkerPool({ size: 1, workerFile: workerFile(), resourceLimits, lazy: true }));
  const runner = new JobRunner(store, pool);
  let sink: (<E extends EventName>(event: E, payload: EventPayload<E>) => void) | undefined;
  const ctx: ServiceContext = {
    store,
    runner,
    dataDir,
    transport: opts.transport,
    electron: opts.electron ?? false,
    dialogs: opts.dialogs,
    broadcast: (e, p) => sink?.(e, p),
    planner,
  };
  runner.on('progress', (ev) => sink?.('jobs:progress', ev));
  const services = createServices(ctx);
  return {
    dataDir,
    store,
    pool,
    runner,
    services,
    interrupted,
    setBroadcast(fn) {
      sink = fn;
    },
    async close() {
      await runner.shutdown();
      await pool.close();
      await planner.pool.close();
      store.close();
    },
  };
}

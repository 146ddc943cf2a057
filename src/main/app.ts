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

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function openApp(opts: {
  dataDir?: string;
  transport: ServiceContext['transport'];
  electron?: boolean;
  workers?: number;
  electronUserData?: string;
  dialogs?: ServiceContext['dialogs'];
}): AppHandle {
  const dataDir = ensureDir(opts.dataDir ?? defaultDataDir(opts.electronUserData));
  const store = Store.open(databaseFile(dataDir));
  const interrupted = store.markInterrupted(pidAlive);
  const settings = store.getSettings() as { workers?: number | null };
  const size = opts.workers ?? (typeof settings.workers === 'number' ? settings.workers : defaultPoolSize());
  const pool = new WorkerPool({ size, workerFile: workerFile(), resourceLimits: { maxOldGenerationSizeMb: Number(process.env.HPS_WORKER_HEAP_MB ?? 4096) } });
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
      store.close();
    },
  };
}

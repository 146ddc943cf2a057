/**
 * A fixed-size pool of worker threads. Each worker runs one task at a time; tasks queue.
 * A worker that crashes, exits or runs out of memory fails only the task it was running, with the
 * reason, and is replaced; the pool (and the app) keep running.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { FromWorker, ToWorker } from './protocol';
import { ConfigError, HpsError, type ConfigIssue } from '../../core/errors';

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

interface Pending {
  taskId: number;
  kind: string;
  payload: unknown;
  onMessage: (data: unknown) => void;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  cancelRequested: boolean;
}

interface Slot {
  worker: Worker;
  task: Pending | undefined;
  killTimer: NodeJS.Timeout | undefined;
}

export class WorkerFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailure';
  }
}

/** A task's error as the main thread sees it: the same error class when it is one of ours. */
function reviveError(m: { message: string; code: string; issues?: ConfigIssue[] }): Error {
  if (m.code === 'CANCELLED') return Object.assign(new Error(m.message), { code: m.code, cancelled: true });
  if (m.code === 'CONFIG_INVALID') return new ConfigError(m.message, { issues: m.issues ?? [] });
  if (m.code === 'NOT_FOUND' || m.code === 'MODEL_ERROR' || m.code === 'DATASET_ERROR' || m.code.startsWith('STORE_')) return new HpsError(m.message, { code: m.code });
  return Object.assign(new Error(m.message), { code: m.code });
}

export interface TaskHandle<R> {
  readonly promise: Promise<R>;
  cancel(): void;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly opts: { size: number; workerFile: string; resourceLimits?: ResourceLimits; cancelGraceMs?: number; lazy?: boolean },
  ) {
    if (!opts.lazy) this.fill();
  }

  private fill(): void {
    while (this.slots.length < Math.max(1, this.opts.size)) this.slots.push(this.spawn());
  }

  get size(): number {
    return Math.max(1, this.opts.size);
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.workerFile, { resourceLimits: this.opts.resourceLimits });
    const slot: Slot = { worker, task: undefined, killTimer: undefined };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(slot, new WorkerFailure(oom ? `worker ran out of memory (${e.message})` : `worker crashed: ${e.message}`));
    });
    worker.on('exit', (code) => {
      this.fail(slot, new WorkerFailure(`worker exited unexpectedly with code ${code}`));
      this.replace(slot);
    });
    worker.unref();
    return slot;
  }

  private replace(slot: Slot): void {
    if (slot.killTimer) clearTimeout(slot.killTimer);
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    if (this.closed) {
      this.slots.splice(i, 1);
      return;
    }
    this.slots[i] = this.spawn();
    this.pump();
  }

  private fail(slot: Slot, err: Error): void {
    const t = slot.task;
    if (!t) return;
    slot.task = undefined;
    t.reject(t.cancelRequested ? Object.assign(new WorkerFailure('cancelled'), { cancelled: true }) : err);
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    const t = slot.task;
    if (m.type === 'ready' || !t || !('taskId' in m) || m.taskId !== t.taskId) return;
    if (m.type === 'message') {
      try {
        t.onMessage(m.data);
      } catch (e) {
        // The receiver could not take the message (a full disk while storing it): the task fails
        // with that error and is asked to stop; its slot stays busy until the worker confirms.
        t.reject(e as Error);
        if (!t.cancelRequested) {
          t.cancelRequested = true;
          slot.worker.postMessage({ type: 'cancel', taskId: t.taskId } satisfies ToWorker);
          slot.killTimer = setTimeout(() => void slot.worker.terminate(), this.opts.cancelGraceMs ?? 5000);
        }
      }
      return;
    }
    slot.task = undefined;
    if (slot.killTimer) {
      clearTimeout(slot.killTimer);
      slot.killTimer = undefined;
    }
    if (m.type === 'result') t.resolve(m.result);
    else t.reject(reviveError(m));
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.task) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.task = next;
      slot.worker.ref();
      const msg: ToWorker = { type: 'task', taskId: next.taskId, kind: next.kind, payload: next.payload };
      slot.worker.postMessage(msg);
    }
    for (const slot of this.slots) if (!slot.task) slot.worker.unref();
  }

  /** Queue a task; `first` puts it ahead of the queued ones (short interactive work). */
  run<R>(kind: string, payload: unknown, onMessage: (data: unknown) => void = () => {}, opts: { first?: boolean } = {}): TaskHandle<R> {
    if (this.closed) throw new Error('worker pool is closed');
    this.fill();
    let pending!: Pending;
    const promise = new Promise<R>((resolve, reject) => {
      pending = { taskId: this.nextId++, kind, payload, onMessage, resolve: resolve as (v: unknown) => void, reject, cancelRequested: false };
    });
    if (opts.first) this.queue.unshift(pending);
    else this.queue.push(pending);
    this.pump();
    return {
      promise,
      cancel: () => this.cancel(pending),
    };
  }

  private cancel(p: Pending): void {
    p.cancelRequested = true;
    const qi = this.queue.indexOf(p);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      p.reject(Object.assign(new WorkerFailure('cancelled'), { cancelled: true }));
      return;
    }
    const slot = this.slots.find((s) => s.task === p);
    if (!slot) return;
    const msg: ToWorker = { type: 'cancel', taskId: p.taskId };
    slot.worker.postMessage(msg);
    // A task that does not stop in time is terminated; its worker is replaced.
    slot.killTimer = setTimeout(() => void slot.worker.terminate(), this.opts.cancelGraceMs ?? 5000);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new WorkerFailure('worker pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Messages between the job runner (main thread) and its worker threads. */
import type { ConfigIssue } from '../../core/errors';

export type ToWorker =
  | { type: 'task'; taskId: number; kind: string; payload: unknown }
  | { type: 'cancel'; taskId: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'message'; taskId: number; data: unknown }
  | { type: 'result'; taskId: number; result: unknown }
  | { type: 'error'; taskId: number; message: string; code: string; issues?: ConfigIssue[] };

export interface TaskContext {
  /** Send an intermediate message (progress, epoch metrics, a batch of points) to the main thread. */
  post(data: unknown): void;
  /** True once the main thread asked this task to stop; long tasks poll it between steps. */
  cancelled(): boolean;
}

export type TaskHandler = (payload: unknown, ctx: TaskContext) => Promise<unknown>;

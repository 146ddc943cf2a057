/**
 * Worker-thread entry: runs one task at a time for the pool (training runs, batches of cost-model
 * points). Heavy work lives here, never on Electron's main thread or in the renderer.
 */
import { parentPort } from 'node:worker_threads';
import { setPriority } from 'node:os';

const WORKER_NICE = 10;
import type { FromWorker, TaskContext, ToWorker } from './protocol';
import { TASKS } from './tasks';
import { showValue, type ConfigIssue } from '../../core/errors';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
// Workers compute in the background: below the main thread, which answers the user (the browser
// host, the window, progress). On Linux a thread's nice value is its own (setpriority on the
// calling thread); elsewhere this would renice the whole process, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(0, WORKER_NICE);
  } catch {
    /* not permitted: run at the normal priority */
  }
}
const port = parentPort;
const cancelled = new Set<number>();

const send = (m: FromWorker): void => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    cancelled.add(m.taskId);
    return;
  }
  const handler = TASKS[m.kind];
  if (!handler) {
    send({ type: 'error', taskId: m.taskId, message: `unknown task kind '${m.kind}'`, code: 'CONFIG_INVALID' });
    return;
  }
  const ctx: TaskContext = {
    post: (data) => send({ type: 'message', taskId: m.taskId, data }),
    cancelled: () => cancelled.has(m.taskId),
  };
  handler(m.payload, ctx).then(
    (result) => {
      cancelled.delete(m.taskId);
      send({ type: 'result', taskId: m.taskId, result });
    },
    (e: unknown) => {
      const err = e as { message?: string; code?: string; issues?: ConfigIssue[] };
      const code = cancelled.has(m.taskId) ? 'CANCELLED' : typeof err.code === 'string' ? err.code : 'TASK_FAILED';
      cancelled.delete(m.taskId);
      // Issues travel as plain data (path, message, a short rendering of the value) so the main
      // thread can rebuild the ConfigError that names the field.
      const issues = Array.isArray(err.issues) ? err.issues.map((i) => ({ path: i.path, message: i.message, ...('value' in i ? { value: showValue(i.value) } : {}) })) : undefined;
      send({ type: 'error', taskId: m.taskId, message: err.message ?? String(e), code, ...(issues ? { issues } : {}) });
    },
  );
});

send({ type: 'ready' });

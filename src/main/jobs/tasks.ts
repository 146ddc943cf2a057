/** The task kinds a worker can run. */
import type { TaskHandler } from './protocol';
import { costBatchTask } from './cost-task';
import { trainTask } from './train-task';
import { planTask, pointConfigsTask } from './plan-task';
import { serviceTask } from './service-task';

/** Test-only tasks (crash, run out of memory, throw, sleep), enabled by HPS_DEBUG_TASKS=1. */
const debugTask: TaskHandler = async (payload, ctx) => {
  if (process.env.HPS_DEBUG_TASKS !== '1') throw new Error('debug tasks are disabled');
  const p = payload as { mode: 'crash' | 'oom' | 'throw' | 'sleep'; ms?: number };
  switch (p.mode) {
    case 'crash':
      process.exit(3);
      break;
    case 'oom': {
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1e6).fill(Math.PI));
    }
    case 'throw':
      throw new Error('debug task failed on purpose');
    case 'sleep': {
      const end = Date.now() + (p.ms ?? 1000);
      while (Date.now() < end) {
        if (ctx.cancelled()) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
        ctx.post({ fraction: 1 - (end - Date.now()) / (p.ms ?? 1000) });
        await new Promise((r) => setTimeout(r, 20));
      }
      return { slept: p.ms ?? 1000 };
    }
  }
  return null;
};

export const TASKS: Record<string, TaskHandler> = {
  'cost-batch': costBatchTask,
  train: trainTask,
  plan: planTask,
  'point-configs': pointConfigsTask,
  service: serviceTask,
  debug: debugTask,
};

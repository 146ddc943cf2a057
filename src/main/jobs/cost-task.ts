/** Worker task: a batch of cost-only design points. */
import type { TaskHandler } from './protocol';
import type { RunConfig } from '../../core/config/schema';
import { evaluateCostPoint, type PointResult } from '../sweep/evaluate';

export const costBatchTask: TaskHandler = async (payload, ctx) => {
  // Configs come from the main thread's plan, already validated (an internal boundary, not user input).
  const { items } = payload as { items: { hash: string; config: RunConfig }[] };
  const out: PointResult[] = [];
  for (const it of items) {
    if (ctx.cancelled()) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
    const r = evaluateCostPoint(it.hash, it.config);
    // Serialise here, in parallel, rather than on the main thread that writes SQLite.
    out.push({ ...r, metricsJson: r.metrics ? JSON.stringify(r.metrics) : null, metrics: null });
  }
  return out;
};

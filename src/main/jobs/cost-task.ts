/** Worker task: a batch of cost-only design points. */
import type { TaskHandler } from './protocol';
import { parseRunConfig } from '../../core/config/validate';
import { evaluateCostPoint, type PointResult } from '../sweep/evaluate';

export const costBatchTask: TaskHandler = async (payload, ctx) => {
  const { items } = payload as { items: { hash: string; config: unknown }[] };
  const out: PointResult[] = [];
  for (const it of items) {
    if (ctx.cancelled()) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
    let cfg;
    try {
      cfg = parseRunConfig(it.config);
    } catch (e) {
      out.push({ hash: it.hash, status: 'failed', metrics: null, reason: (e as Error).message, elapsedMs: 0 });
      continue;
    }
    out.push(evaluateCostPoint(it.hash, cfg));
  }
  return out;
};

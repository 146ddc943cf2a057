/**
 * Worker task: one hardware-aware training run. Streams each epoch's metrics and checkpoint to the
 * main thread (which stores them atomically), resumes exactly from a checkpoint, stops between
 * epochs when cancelled, and finishes with the run's cost estimate from its own action counts.
 */
import type { TaskHandler } from './protocol';
import { parseRunConfig } from '../../core/config/validate';
import { createTrainer, encodeCheckpoint, decodeCheckpoint } from '../../core/training';
import { createSynapseLayer } from '../../core/synapse/builder';
import { loadDataset } from '../datasets';
import { initBackend } from '../tf-backend';
import { CancelledError } from '../../core/errors';
import { costMetricsForRun, hardwareTimePerBatch } from '../sweep/evaluate';
import type { PointResult } from '../sweep/evaluate';

export interface TrainPayload {
  runId: string;
  config: unknown;
  checkpoint?: Uint8Array;
  evaluateCost?: boolean;
}

export const trainTask: TaskHandler = async (payload, ctx) => {
  const p = payload as TrainPayload;
  const t0 = Date.now();
  const cfg = parseRunConfig(p.config);
  const backend = await initBackend();
  const data = loadDataset(cfg.workload.dataset, cfg.workload.network, { seed: cfg.seed });
  const secondsPerBatch = hardwareTimePerBatch(cfg);
  const trainer = createTrainer(cfg, { train: data.train, test: data.test }, { hardwareSecondsPerBatch: secondsPerBatch, synapseFactory: createSynapseLayer });
  try {
    if (p.checkpoint && p.checkpoint.byteLength > 0) trainer.restore(decodeCheckpoint(p.checkpoint));
    let last: Record<string, unknown> | undefined;
    while (trainer.epoch < cfg.training.epochs) {
      if (ctx.cancelled()) throw new CancelledError();
      const m = trainer.runEpoch();
      last = m as unknown as Record<string, unknown>;
      const checkpoint = encodeCheckpoint(trainer.checkpoint());
      ctx.post({ kind: 'epoch', epoch: m.epoch, metrics: m, checkpoint, backend, fraction: m.epoch / cfg.training.epochs });
    }
    const evalNow = trainer.evaluate();
    const counts = trainer.counts();
    const metrics: Record<string, number> = {
      accuracy: evalNow.live,
      accuracyNonVolatile: evalNow.nonVolatile,
      hardwareSecondsPerBatch: secondsPerBatch,
    };
    let cost: unknown;
    let status: PointResult['status'] = 'done';
    let reason: string | null = null;
    if (p.evaluateCost !== false) {
      const c = costMetricsForRun(cfg, counts.layers.map((l) => l.counts), trainer.checkpoint().images);
      cost = c.result;
      if (c.ok) Object.assign(metrics, c.metrics);
      else {
        status = 'infeasible';
        reason = c.reason;
      }
    }
    return {
      hash: '',
      status,
      metrics,
      reason,
      elapsedMs: Date.now() - t0,
      backend,
      cost,
      summary: { ...metrics, lastEpoch: last ?? null, dataset: data.source },
    };
  } finally {
    trainer.dispose();
  }
};

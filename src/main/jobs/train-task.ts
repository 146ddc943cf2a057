/**
 * Worker task: one hardware-aware training run. Streams each epoch's metrics and checkpoint to the
 * main thread (which stores them atomically), resumes exactly from a checkpoint, stops between
 * epochs when cancelled, and finishes with the run's cost estimate from its own action counts.
 */
import type { TaskHandler } from './protocol';
import { parseRunConfig } from '../../core/config/validate';
import { encodeCheckpoint, decodeCheckpoint, epochWarnings, operatingPoint, type EpochMetrics, type TuningResult } from '../../core/training';
import { networkOf } from '../../core/networks';
import { createSynapseLayer } from '../../core/synapse/builder';
import { loadDataset } from '../datasets';
import { initBackend } from '../tf-backend';
import { CancelledError } from '../../core/errors';
import { costMetricsForRun, hardwareTimePerBatch } from '../sweep/evaluate';
import type { PointResult } from '../sweep/evaluate';
import { createThreadedTrainer, threadsFor } from '../training/threads';

export interface TrainPayload {
  runId: string;
  config: unknown;
  checkpoint?: Uint8Array;
  evaluateCost?: boolean;
  /** The run's stored learning-rate search, when it already searched (a resumed run does not search again). */
  tuning?: TuningResult | null;
  /** Training runs sharing the machine with this one (a sweep's lanes): sets the default thread count. */
  concurrentRuns?: number;
}

/** The last epoch's update efficacy per layer (and LSB saturation for hybrid synapses) as point metrics. */
function lastEpochDiagnostics(m: EpochMetrics | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of m?.diagnostics ?? []) {
    if (d.efficacy !== null) out[`updateEfficacy.${d.layer}`] = d.efficacy;
    if (d.lsbSaturatedAtTransfer !== null) out[`lsbSaturatedAtTransfer.${d.layer}`] = d.lsbSaturatedAtTransfer;
  }
  return out;
}

export const trainTask: TaskHandler = async (payload, ctx) => {
  const p = payload as TrainPayload;
  const t0 = Date.now();
  const cfg = parseRunConfig(p.config);
  const backend = await initBackend();
  const data = loadDataset(cfg.workload.dataset, cfg.workload.network, { seed: cfg.seed });
  const secondsPerBatch = hardwareTimePerBatch(cfg);
  const opts = { hardwareSecondsPerBatch: secondsPerBatch, synapseFactory: createSynapseLayer };
  // Per-scheme operating point: the search reads the training split only (validation carved from it).
  const { config: runCfg, tuning } = operatingPoint(
    cfg,
    data,
    {
      ...opts,
      cancelled: ctx.cancelled,
      onRound: (round, index) => ctx.post({ kind: 'tuning-round', index, round, fraction: 0 }),
      onExtension: (rate) => ctx.post({ kind: 'tuning-extension', rate, fraction: 0 }),
    },
    p.tuning ?? null,
  );
  if (tuning && !p.tuning) ctx.post({ kind: 'tuning', tuning });
  const classes = networkOf(cfg.workload.network).classes;
  const warnings: string[] = [];
  const trainer = await createThreadedTrainer(runCfg, { train: data.train, test: data.test }, opts, threadsFor(runCfg, p.concurrentRuns));
  // Stored with the run: the TF.js backend and what ran the passes (the tensor kernels need none).
  const ran = `${backend}; ${trainer.compute.description}`;
  try {
    if (p.checkpoint && p.checkpoint.byteLength > 0) trainer.restore(decodeCheckpoint(p.checkpoint));
    let last: Record<string, unknown> | undefined;
    while (trainer.epoch < cfg.training.epochs) {
      if (ctx.cancelled()) throw new CancelledError();
      const m = trainer.runEpoch();
      last = m as unknown as Record<string, unknown>;
      const checkpoint = encodeCheckpoint(trainer.checkpoint());
      const w = epochWarnings(m, classes, cfg.training.loss);
      warnings.push(...w);
      ctx.post({ kind: 'epoch', epoch: m.epoch, metrics: m, checkpoint, backend: ran, fraction: m.epoch / cfg.training.epochs, warnings: w });
    }
    const evalNow = trainer.evaluate();
    const counts = trainer.counts();
    const metrics: Record<string, number> = {
      accuracy: evalNow.live,
      accuracyMsbOnly: evalNow.nonVolatile,
      accuracyAfterFlush: evalNow.afterFlush,
      // The same value as accuracyMsbOnly, under the name studies used before the two were told apart.
      accuracyNonVolatile: evalNow.nonVolatile,
      learningRate: runCfg.training.learningRate,
      hardwareSecondsPerBatch: secondsPerBatch,
      ...lastEpochDiagnostics(last as EpochMetrics | undefined),
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
      backend: ran,
      cost,
      summary: { ...metrics, lastEpoch: last ?? null, dataset: data.source, warnings, compute: trainer.compute.description, threads: trainer.compute.threads },
    };
  } finally {
    trainer.dispose();
  }
};

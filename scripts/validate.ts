/**
 * Accuracy validation on full Fashion-MNIST, MLP 784-100-10 (issue 4):
 *   ideal software | HPS (hps-envm pair + cap-3t1c, F = 4, transfer every 8,000 images) |
 *   baseline hps-envm alone | baseline ag-a-si
 * plus a retention sweep of the HPS capacitor (tau from far above to far below the hardware time of
 * one transfer interval). Prints markdown tables.
 *
 *   npx tsx scripts/validate.ts [--epochs N] [--train N] [--batch B] [--lr X] [--test N] [--no-retention] [--seed S]
 *                               [--rounding deterministic|stochastic] [--only <setting-name-prefix>|retention]
 *
 * --train is the number of training images per epoch (drawn from all 60,000 in a reshuffled
 * stream; MLP+NeuroSim uses 8,000 per epoch). Hardware time per batch comes from the cost model
 * (core/cost hardwareSecondsPerBatch) when it evaluates, else the documented fallback below.
 */
import { pathToFileURL } from 'node:url';
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../src/core/config/schema';
import { hardwareSecondsPerBatch as costModelSecondsPerBatch } from '../src/core/cost/model';
import { createSynapseLayer } from '../src/core/synapse/builder';
import { createTrainer } from '../src/core/training/engine';
import type { EpochMetrics } from '../src/core/training/types';
import { loadDataset } from '../src/main/datasets';
import { initBackend } from '../src/main/tf-backend';

/** Fallback when the cost model cannot evaluate: 10 us of hardware time per image (assumption). */
export const FALLBACK_SECONDS_PER_IMAGE = 1e-5;

interface Args {
  epochs: number;
  train: number;
  batch: number;
  lr: number;
  test: number;
  retention: boolean;
  seed: number;
  only: string | null;
  rounding: 'deterministic' | 'stochastic';
}

function parseArgs(argv: string[]): Args {
  const a: Args = { epochs: 5, train: 8000, batch: 8, lr: 10, test: 10000, retention: true, seed: 1, only: null, rounding: 'deterministic' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = argv[i + 1];
    const num = (): number => {
      const x = Number(v);
      if (!Number.isFinite(x) || x <= 0) throw new Error(`${k}: expected a positive number, got ${v}`);
      i++;
      return x;
    };
    if (k === '--epochs') a.epochs = Math.floor(num());
    else if (k === '--train') a.train = Math.floor(num());
    else if (k === '--batch') a.batch = Math.floor(num());
    else if (k === '--lr') a.lr = num();
    else if (k === '--test') a.test = Math.floor(num());
    else if (k === '--seed') a.seed = Math.floor(num());
    else if (k === '--no-retention') a.retention = false;
    else if (k === '--rounding') {
      if (v !== 'deterministic' && v !== 'stochastic') throw new Error(`--rounding: expected deterministic or stochastic, got ${v}`);
      a.rounding = v;
      i++;
    }
    else if (k === '--only') {
      a.only = v ?? null;
      i++;
    } else throw new Error(`unknown flag ${k}`);
  }
  return a;
}

function secondsPerBatch(cfg: RunConfig): { s: number; from: string } {
  try {
    const s = costModelSecondsPerBatch(cfg);
    if (Number.isFinite(s) && s > 0) return { s, from: 'cost model' };
  } catch {
    /* fall through */
  }
  return { s: FALLBACK_SECONDS_PER_IMAGE * cfg.training.batchSize, from: 'fallback 10 us/image' };
}

const pct = (x: number | null): string => (x === null ? '-' : (100 * x).toFixed(2));

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const log = (m: string): void => console.error(m);
  const backend = await initBackend('node', log);
  const data = loadDataset({ source: 'fashion-mnist', testLimit: args.test }, 'mlp-784-100-10');
  log(data.source);

  const base = (synapse: RunConfigInput['synapse'], name: string): RunConfig =>
    runConfigSchema.parse({
      name,
      seed: args.seed,
      workload: { network: 'mlp-784-100-10', dataset: { source: 'fashion-mnist' } },
      synapse: { ...synapse, pulseRounding: args.rounding },
      training: { epochs: args.epochs, batchSize: args.batch, imagesPerEpoch: args.train, learningRate: args.lr, optimizer: 'sgd' },
    });
  const hps = (tau: number | null, programming: 'open-loop' | 'curve-aware' | 'write-verify' | 'keep-residual' = 'open-loop'): RunConfigInput['synapse'] => ({
    scheme: 'hps',
    device: { preset: 'hps-envm' },
    lsb: { preset: 'cap-3t1c' },
    significance: 4,
    transfer: { everyImages: 8000, programming },
    retention: { tau, target: 'reference' },
  });

  const run = (cfg: RunConfig): { last: EpochMetrics; curve: EpochMetrics[]; hw: { s: number; from: string } } => {
    const hw = secondsPerBatch(cfg);
    const tr = createTrainer(cfg, { train: data.train, test: data.test }, { hardwareSecondsPerBatch: hw.s, synapseFactory: createSynapseLayer, evalBeforeTransfer: true, log: (m) => log(`[${cfg.name}] ${m}`) });
    const curve: EpochMetrics[] = [];
    for (let e = 0; e < args.epochs; e++) curve.push(tr.runEpoch());
    tr.dispose();
    return { last: curve[curve.length - 1]!, curve, hw };
  };

  const settings: Array<[string, RunConfig]> = [
    ['ideal software, float (quantisation off; reference)', { ...base({ scheme: 'ideal' }, 'ideal-float'), training: { ...base({ scheme: 'ideal' }, 'x').training, quant: { ...base({ scheme: 'ideal' }, 'x').training.quant, enabled: false } } }],
    ['ideal software (same quantisation as the hardware runs)', base({ scheme: 'ideal' }, 'ideal')],
    ['HPS: hps-envm pair + cap-3t1c, F = 4, transfer every 8,000 images', base(hps(null), 'hps')],
    ['HPS as above, write-verify transfer (closed loop)', base(hps(null, 'write-verify'), 'hps-write-verify')],
    ['HPS as above, curve-aware transfer', base(hps(null, 'curve-aware'), 'hps-curve-aware')],
    ['baseline: hps-envm (differential pair)', base({ scheme: 'baseline', device: { preset: 'hps-envm' }, mapping: 'differential' }, 'baseline-hps-envm')],
    ['diagnostic: baseline hps-envm with NL forced to 0 (linear, 31 levels)', base({ scheme: 'baseline', device: { preset: 'hps-envm', overrides: { nlLtp: 0, nlLtd: 0 } }, mapping: 'differential' }, 'diag-baseline-linear')],
    ['baseline: ag-a-si (differential pair)', base({ scheme: 'baseline', device: { preset: 'ag-a-si' }, mapping: 'differential' }, 'baseline-ag-a-si')],
  ];
  const out: string[] = [];
  out.push(`Backend: ${backend}. Data: ${data.source}. MLP 784-100-10, ${args.epochs} epochs x ${args.train} images, batch ${args.batch}, SGD lr ${args.lr} on normalised weights, quantisation on (8-bit activations and errors, 5-bit gradients), ${args.rounding} pulse rounding, seed ${args.seed}.`);
  out.push('Accuracy evaluated at the end of each epoch (live = volatile + non-volatile weights; non-volatile = readNonVolatile, what survives power-off). The 8,000-image transfer interval equals the epoch, so the end-of-epoch point is right after a transfer; HPS rows also give live accuracy just before that transfer.');
  out.push('');
  out.push('| setting | test acc. live (%) | test acc. non-volatile (%) | live just before last transfer (%) | train acc. last epoch (%) | per-epoch live (%) | transfers | eNVM pulses up/down | LSB pulses up/down | wall s |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const [label, cfg] of settings) {
    if (args.only && !cfg.name.startsWith(args.only)) continue;
    const r = run(cfg);
    const sum = (f: (m: EpochMetrics) => number): number => r.curve.reduce((a, m) => a + f(m), 0);
    out.push(
      `| ${label} | ${pct(r.last.testAccuracy)} | ${pct(r.last.testAccuracyNonVolatile)} | ${pct(r.last.testAccuracyBeforeTransfer)} | ${pct(r.last.trainAccuracy)} | ${r.curve.map((m) => pct(m.testAccuracy)).join(' / ')} | ${sum((m) => m.transfers)} | ${sum((m) => m.pulses.envmUp)} / ${sum((m) => m.pulses.envmDown)} | ${sum((m) => m.pulses.lsbUp)} / ${sum((m) => m.pulses.lsbDown)} | ${sum((m) => m.wallSeconds).toFixed(0)} |`,
    );
    console.log(out[out.length - 1]);
  }

  if (args.retention && (!args.only || args.only === 'retention')) {
    const hwCfg = base(hps(null), 'hps');
    const hw = secondsPerBatch(hwCfg);
    const interval = (8000 / args.batch) * hw.s;
    out.push('');
    out.push(`Retention sweep (HPS as above; leak toward the reference level). Hardware time per batch ${hw.s.toExponential(3)} s (${hw.from}); one transfer interval (8,000 images) = ${interval.toExponential(3)} s.`);
    out.push('');
    out.push('| tau (s) | tau / interval | test acc. live (%) | test acc. non-volatile (%) | live just before last transfer (%) | per-epoch live (%) |');
    out.push('|---|---|---|---|---|---|');
    for (const ratio of [1000, 10, 1, 0.1, 0.01]) {
      const tau = ratio * interval;
      const r = run(base(hps(tau), `hps-tau-${ratio}`));
      out.push(`| ${tau.toExponential(2)} | ${ratio} | ${pct(r.last.testAccuracy)} | ${pct(r.last.testAccuracyNonVolatile)} | ${pct(r.last.testAccuracyBeforeTransfer)} | ${r.curve.map((m) => pct(m.testAccuracy)).join(' / ')} |`);
      console.log(out[out.length - 1]);
    }
  }
  console.log('\n' + out.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

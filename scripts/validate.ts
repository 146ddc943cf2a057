/**
 * Accuracy validation on the full Fashion-MNIST (all 60,000 training images, 10,000 test images),
 * MLP 784-100-10 (sigmoid hidden units, no biases), every scheme at its own tuned learning rate:
 *
 *   ideal software | HPS open-loop | HPS curve-aware (hps-envm pair + cap-3t1c, F = 4, transfer every
 *   8,000 images) | eNVM-only differential pairs of hps-envm, ag-a-si, taox-hfox, epiram, hzo-fefet
 *
 * For each setting the learning rate is searched once (core/training/tuning.ts: seeded halving over
 * the default candidates, on a validation split of 10 % carved from the training set, seed 1), then
 * the full run at that rate is repeated for every seed; the table gives mean ± standard deviation
 * and the 95 % interval (t distribution) of the final test accuracy, live and non-volatile (MSB only:
 * LSB lost; after flush: LSB transferred first), and the last epoch's update efficacy per layer.
 *
 *   npx tsx scripts/validate.ts [--epochs 5] [--batch 100] [--seeds 3] [--train N] [--test N]
 *                               [--search-images 10000] [--only <setting-id prefix>] [--json FILE]
 *
 * Hardware time per batch comes from the cost model (only the HPS retention would use it; no
 * setting here leaks).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../src/core/config/schema';
import { hardwareSecondsPerBatch as costModelSecondsPerBatch } from '../src/core/cost/model';
import { describeNetwork } from '../src/core/networks';
import { formatPercentStats, metricStats, type MetricStats } from '../src/core/stats/replicates';
import { createSynapseLayer } from '../src/core/synapse/builder';
import { createTrainer } from '../src/core/training/engine';
import { tuneLearningRate, withLearningRate, type TuningResult } from '../src/core/training/tuning';
import type { EpochMetrics } from '../src/core/training/types';
import { loadDataset } from '../src/main/datasets';
import { initBackend } from '../src/main/tf-backend';

/** Fallback when the cost model cannot evaluate: 10 us of hardware time per image (assumption). */
export const FALLBACK_SECONDS_PER_IMAGE = 1e-5;

interface Args {
  epochs: number;
  batch: number;
  seeds: number;
  train: number | null;
  test: number;
  searchImages: number;
  only: string | null;
  json: string | null;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { epochs: 5, batch: 100, seeds: 3, train: null, test: 10000, searchImages: 10000, only: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = argv[i + 1];
    const num = (): number => {
      const x = Number(v);
      if (!Number.isFinite(x) || x <= 0) throw new Error(`${k}: expected a positive number, got ${v}`);
      i++;
      return Math.floor(x);
    };
    if (k === '--epochs') a.epochs = num();
    else if (k === '--batch') a.batch = num();
    else if (k === '--seeds') a.seeds = num();
    else if (k === '--train') a.train = num();
    else if (k === '--test') a.test = num();
    else if (k === '--search-images') a.searchImages = num();
    else if (k === '--only' || k === '--json') {
      if (!v) throw new Error(`${k}: expected a value`);
      if (k === '--only') a.only = v;
      else a.json = v;
      i++;
    } else throw new Error(`unknown flag ${k}`);
  }
  return a;
}

export function secondsPerBatch(cfg: RunConfig): number {
  try {
    const s = costModelSecondsPerBatch(cfg);
    if (Number.isFinite(s) && s > 0) return s;
  } catch {
    /* fall through */
  }
  return FALLBACK_SECONDS_PER_IMAGE * cfg.training.batchSize;
}

interface SettingResult {
  id: string;
  label: string;
  tuning: TuningResult;
  live: MetricStats | null;
  msbOnly: MetricStats | null;
  afterFlush: MetricStats | null;
  efficacy: Record<string, MetricStats | null>;
  wallSeconds: number;
}

const hps = (programming: 'open-loop' | 'curve-aware'): RunConfigInput['synapse'] => ({
  scheme: 'hps',
  device: { preset: 'hps-envm' },
  lsb: { preset: 'cap-3t1c' },
  significance: 4,
  transfer: { everyImages: 8000, programming },
});
const baseline = (preset: string): RunConfigInput['synapse'] => ({ scheme: 'baseline', device: { preset }, mapping: 'differential' });

export const SETTINGS: readonly (readonly [string, string, RunConfigInput['synapse']])[] = [
  ['ideal', 'ideal software (same quantisation)', { scheme: 'ideal' }],
  ['hps-open-loop', 'HPS, open-loop transfer (MLP+NeuroSim)', hps('open-loop')],
  ['hps-curve-aware', 'HPS, curve-aware transfer', hps('curve-aware')],
  ['baseline-hps-envm', 'eNVM only, hps-envm (31 levels, NL ±4.22)', baseline('hps-envm')],
  ['baseline-ag-a-si', 'eNVM only, ag-a-si (97/100 levels, NL 2.40/−4.88)', baseline('ag-a-si')],
  ['baseline-taox-hfox', 'eNVM only, taox-hfox (128 levels, NL 0.04/−0.63)', baseline('taox-hfox')],
  ['baseline-epiram', 'eNVM only, epiram (64 levels, NL ±0.5)', baseline('epiram')],
  ['baseline-hzo-fefet', 'eNVM only, hzo-fefet (32 levels, NL 1.75/1.46)', baseline('hzo-fefet')],
];

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const log = (m: string): void => console.error(m);
  const backend = await initBackend('node', log);
  const data = loadDataset({ source: 'fashion-mnist', testLimit: args.test, ...(args.train ? { trainLimit: args.train } : {}) }, 'mlp-784-100-10');
  log(data.source);

  const config = (synapse: RunConfigInput['synapse'], name: string, seed: number): RunConfig =>
    runConfigSchema.parse({
      name,
      seed,
      workload: { network: 'mlp-784-100-10', dataset: { source: 'fashion-mnist' } },
      synapse,
      training: {
        epochs: args.epochs,
        batchSize: args.batch,
        optimizer: 'sgd',
        tuning: { enabled: true, method: 'halving', images: args.searchImages, validationFraction: 0.1 },
      },
    });

  const results: SettingResult[] = [];
  for (const [id, label, synapse] of SETTINGS) {
    if (args.only && !id.startsWith(args.only)) continue;
    const t0 = Date.now();
    const first = config(synapse, id, 1);
    const hw = secondsPerBatch(first);
    const opts = { hardwareSecondsPerBatch: hw, synapseFactory: createSynapseLayer };
    const tuning = tuneLearningRate(first, data.train, { ...opts, log: (m) => log(`[${id}] ${m}`) });
    log(`[${id}] tuned learning rate ${tuning.best}`);
    const finals: EpochMetrics[] = [];
    for (let s = 1; s <= args.seeds; s++) {
      const cfg = withLearningRate(config(synapse, id, s), tuning.best);
      const tr = createTrainer(cfg, { train: data.train, test: data.test }, { ...opts, log: (m) => log(`[${id} seed ${s}] ${m}`) });
      let last: EpochMetrics | undefined;
      for (let e = 0; e < args.epochs; e++) last = tr.runEpoch();
      tr.dispose();
      finals.push(last!);
    }
    const layers = finals[0]!.diagnostics.map((d) => d.layer);
    const r: SettingResult = {
      id,
      label,
      tuning,
      live: metricStats(finals.map((m) => m.testAccuracy ?? NaN)),
      msbOnly: metricStats(finals.map((m) => m.testAccuracyNonVolatile ?? NaN)),
      afterFlush: metricStats(finals.map((m) => m.testAccuracyAfterFlush ?? NaN)),
      efficacy: Object.fromEntries(layers.map((l, k) => [l, metricStats(finals.map((m) => m.diagnostics[k]?.efficacy ?? NaN))])),
      wallSeconds: (Date.now() - t0) / 1000,
    };
    results.push(r);
    console.log(row(r));
    if (args.json) writeFileSync(args.json, JSON.stringify({ args, backend, results }, null, 2));
  }

  const out = [
    `Backend: ${backend}. Data: ${data.source}. ${describeNetwork('mlp-784-100-10')}. ${args.epochs} epochs of all ${data.train.n} training images, batch ${args.batch}, SGD, learning rate on normalised weights (NeuroSim convention), quantisation on (8-bit activations and errors, 5-bit gradients), deterministic pulse rounding; ${args.seeds} seeds (1..${args.seeds}) per setting.`,
    `Learning rate per setting: halving search over ${results[0]?.tuning.rates.join(', ') ?? '-'} (${searchRoundsText(results[0]?.tuning)}), scored on a validation split of ${results[0]?.tuning.validationImages ?? '-'} images carved from the training set (seed 1); the test set is read only by the final runs.`,
    `Wall time: ${(results.reduce((a, r) => a + r.wallSeconds, 0) / 60).toFixed(1)} min (${results.map((r) => `${r.id} ${(r.wallSeconds / 60).toFixed(1)}`).join(', ')}).`,
    '',
    '| setting | tuned lr | test accuracy, live (%) | non-volatile, MSB only (%) | non-volatile, after flush (%) | update efficacy per layer (last epoch) | per seed, live (%) |',
    '|---|---|---|---|---|---|---|',
    ...results.map(row),
  ];
  console.log(`\n${out.join('\n')}`);
}

/** The search's rounds in words: images per candidate, evaluations per round, rates it may add. */
function searchRoundsText(t: TuningResult | undefined): string {
  if (!t) return '-';
  const images = t.rounds.map((r) => r.images).join(', ');
  return `${images} images per candidate by round, scored by the mean of ${t.evaluations ?? 1} validation evaluations over each round's second half; up to ${t.maxExtensions ?? 0} rate(s) added one grid step beyond an edge when the best rate sits there`;
}

/** The tuned rate, with the rates the search added beyond an edge. */
const tunedText = (t: TuningResult): string => (t.extensions?.length ? `${t.best} (tried ${t.extensions.join(', ')})` : String(t.best));

function row(r: SettingResult): string {
  const eff = Object.entries(r.efficacy)
    .map(([l, s]) => `${l} ${s ? (100 * s.mean).toFixed(1) : '-'} %`)
    .join(', ');
  const seeds = r.live?.values.map((v) => (100 * v).toFixed(2)).join(' / ') ?? '-';
  return `| ${r.label} | ${tunedText(r.tuning)} | ${formatPercentStats(r.live)} | ${formatPercentStats(r.msbOnly)} | ${formatPercentStats(r.afterFlush)} | ${eff} | ${seeds} |`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

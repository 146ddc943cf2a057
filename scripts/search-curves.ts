/**
 * Learning curves of the learning-rate search, and the search replayed on them: the measurements
 * behind the search's defaults (first-round length, evaluations per round, edge extensions).
 *
 *   record: for every setting of scripts/validate.ts and every rate, the search's candidate (same
 *   split, seed and trainer as core/training/tuning.ts) trains `--epochs` epochs of the search's
 *   training split, with a live validation evaluation every `--every` images:
 *     npx tsx scripts/search-curves.ts record --out curves.json [--rates 0.0333,0.1,...] [--seeds 1]
 *                                             [--epochs 5] [--every 1000] [--only <setting prefix>]
 *   replay: the search of core/training/search.ts run on recorded curves (a candidate's validate()
 *   reads the curve where its training has got to), for a few first-round lengths and evaluation
 *   counts, next to the rate the curves prefer at the full budget (the mean validation accuracy over
 *   the last recorded epoch):
 *     npx tsx scripts/search-curves.ts replay curves.json [--images 10000,20000] [--evaluations 1,4]
 *                                             [--rates 0.1,0.3,1,3,10,30] [--extensions 0,2]
 *
 * A replayed search and a live one make the same decisions when the first-round pieces are
 * multiples of `--every` (the engine's data order does not depend on where its epochs end).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runConfigSchema, type RunConfigInput } from '../src/core/config/schema';
import { createSynapseLayer } from '../src/core/synapse/builder';
import { searchRates, type Candidate } from '../src/core/training/search';
import { searchSplits, trainerCandidate } from '../src/core/training/tuning';
import { loadDataset } from '../src/main/datasets';
import { initBackend } from '../src/main/tf-backend';
import { SETTINGS, secondsPerBatch } from './validate';

interface Curve {
  setting: string;
  seed: number;
  rate: number;
  /** Images between two points. */
  every: number;
  /** Validation accuracy after (k + 1) * every images. */
  accuracy: number[];
  /** Mean training loss over the k-th piece. */
  loss: number[];
}

interface Recorded {
  batch: number;
  fitImages: number;
  validationImages: number;
  curves: Curve[];
}

const list = (v: string | undefined, k: string): number[] => {
  const xs = (v ?? '').split(',').map(Number);
  if (!xs.length || xs.some((x) => !Number.isFinite(x) || x <= 0)) throw new Error(`${k}: expected comma-separated positive numbers, got ${v}`);
  return xs;
};

function flags(argv: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!;
    if (!k.startsWith('--') || argv[i + 1] === undefined) throw new Error(`expected --flag value, got ${k}`);
    m.set(k, argv[i + 1]!);
  }
  return m;
}

async function record(argv: string[]): Promise<void> {
  const f = flags(argv);
  const out = f.get('--out');
  if (!out) throw new Error('record: --out FILE is required');
  const rates = list(f.get('--rates') ?? '0.0333,0.1,0.3,1,3,10,30,90,270', '--rates');
  const seeds = list(f.get('--seeds') ?? '1', '--seeds');
  const epochs = list(f.get('--epochs') ?? '5', '--epochs')[0]!;
  const every = list(f.get('--every') ?? '1000', '--every')[0]!;
  const batch = list(f.get('--batch') ?? '100', '--batch')[0]!;
  const only = f.get('--only');
  const log = (m: string): void => console.error(m);
  await initBackend('node', log);
  const data = loadDataset({ source: 'fashion-mnist', testLimit: 1 }, 'mlp-784-100-10');
  const rec: Recorded = { batch, fitImages: 0, validationImages: 0, curves: [] };
  for (const [id, , synapse] of SETTINGS) {
    if (only && !id.startsWith(only)) continue;
    for (const seed of seeds) {
      const cfg = runConfigSchema.parse({
        name: id,
        seed,
        workload: { network: 'mlp-784-100-10', dataset: { source: 'fashion-mnist' } },
        synapse,
        training: { epochs, batchSize: batch, optimizer: 'sgd', tuning: { enabled: true, validationFraction: 0.1 } } satisfies RunConfigInput['training'],
      });
      const { fit, validation } = searchSplits(cfg, data.train);
      rec.fitImages = fit.n;
      rec.validationImages = validation.n;
      const opts = { hardwareSecondsPerBatch: secondsPerBatch(cfg), synapseFactory: createSynapseLayer };
      for (const rate of rates) {
        const t0 = Date.now();
        const c = trainerCandidate(cfg, rate, every, { train: fit, test: validation }, opts);
        const curve: Curve = { setting: id, seed, rate, every, accuracy: [], loss: [] };
        const points = Math.floor((epochs * fit.n) / every);
        for (let k = 0; k < points; k++) {
          curve.loss.push(c.train(every));
          curve.accuracy.push(c.validate());
        }
        c.dispose();
        rec.curves.push(curve);
        const tail = curve.accuracy.slice(-Math.round(fit.n / every));
        log(`[${id} seed ${seed}] lr ${rate}: last epoch mean ${(100 * mean(tail)).toFixed(2)} %, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        writeFileSync(out, JSON.stringify(rec));
      }
    }
  }
}

const mean = (xs: readonly number[]): number => xs.reduce((a, v) => a + v, 0) / xs.length;

/** A candidate that replays a recorded curve. */
function replayCandidate(c: Curve): Candidate {
  let at = 0;
  return {
    train(images: number): number {
      const k = images / c.every;
      if (!Number.isInteger(k)) throw new Error(`replay: ${images} images is not a multiple of the recorded ${c.every}`);
      if (at + k > c.accuracy.length) throw new Error(`replay: lr ${c.rate} recorded only ${c.accuracy.length * c.every} images`);
      const l = mean(c.loss.slice(at, at + k));
      at += k;
      return l;
    },
    validate: () => c.accuracy[at - 1]!,
    dispose: () => {},
  };
}

function replay(argv: string[]): void {
  const [file, ...rest] = argv;
  if (!file) throw new Error('replay: curves file required');
  const f = flags(rest);
  const rec = JSON.parse(readFileSync(file, 'utf8')) as Recorded;
  const images = list(f.get('--images') ?? '10000,20000,30000', '--images');
  const evals = list(f.get('--evaluations') ?? '1,4', '--evaluations');
  const exts = (f.get('--extensions') ?? '0,2').split(',').map(Number);
  const base = list(f.get('--rates') ?? '0.1,0.3,1,3,10,30', '--rates');
  const every = rec.curves[0]!.every;
  const groups = new Map<string, Curve[]>();
  for (const c of rec.curves) groups.set(`${c.setting} seed ${c.seed}`, [...(groups.get(`${c.setting} seed ${c.seed}`) ?? []), c]);
  const epochPoints = Math.round(rec.fitImages / every);
  const pct = (v: number): string => (100 * v).toFixed(1);
  for (const [name, curves] of groups) {
    const byRate = new Map(curves.map((c) => [c.rate, c]));
    const full = curves.map((c) => ({ rate: c.rate, score: mean(c.accuracy.slice(-epochPoints)) })).sort((a, b) => b.score - a.score);
    const fullOf = (r: number): number => full.find((x) => x.rate === r)?.score ?? Number.NaN;
    console.log(`\n${name}: last-epoch validation accuracy by rate: ${[...full].sort((a, b) => a.rate - b.rate).map((x) => `${x.rate} ${pct(x.score)}`).join(', ')}`);
    for (const e of evals)
      for (const b of images)
        for (const x of exts) {
          const step = every * Math.max(1, Math.round(b / (2 * e * every)));
          try {
            const o = searchRates({ method: 'halving', rates: base, step, evaluations: e, maxExtensions: x }, (lr) => {
              const c = byRate.get(lr);
              if (!c) throw new Error(`no curve recorded at lr ${lr}`);
              return replayCandidate(c);
            });
            const trail = o.rounds.map((r) => r.scores.map((s) => s.learningRate).join('/')).join(' > ');
            const cost = o.rounds.reduce((a, r) => a + r.images * r.scores.length, 0);
            console.log(
              `  first round ${2 * e * step}, ${e} eval(s), ext ≤ ${x}: chose ${o.best} (full-budget ${pct(fullOf(o.best))} %, best ${full[0]!.rate} ${pct(full[0]!.score)} %)` +
                `  rounds ${trail}${o.extensions.length ? ` +${o.extensions.join(',')}` : ''}; ${cost} images`,
            );
          } catch (err) {
            console.log(`  first round ${2 * e * step}, ${e} eval(s), ext ≤ ${x}: ${(err as Error).message}`);
          }
        }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [cmd, ...rest] = process.argv.slice(2);
  const run = cmd === 'record' ? record(rest) : cmd === 'replay' ? Promise.resolve(replay(rest)) : Promise.reject(new Error('usage: search-curves.ts record|replay ...'));
  run.catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

/**
 * Device / synapse throughput benchmark.
 *
 *   npx tsx scripts/bench/devices.ts [--cells 1000000] [--reps 20]
 *
 * Measures cell updates per second on a 1M-cell layer for the nonlinear eNVM baseline update and
 * the HPS LSB update and transfer, next to a plain elementwise Float32Array loop of the same size
 * (w[i] = clip(w[i] + dw[i])) timed in the same run, interleaved with each row's calls (loop, call,
 * loop, call, ...), and prints two ratios: against the median of those interleaved loop timings,
 * and, more strictly, against the fastest loop median of the run. Two update densities:
 * "dense" (every cell gets >= 1 pulse) and "sparse" (dw ~ N(0, 0.01): most cells round to 0 pulses,
 * typical of SGD steps). HPS transfers are timed alone (the LSB refilled by an untimed update
 * before each), after every update (the worst case), and in the training default cycle of 250
 * updates per transfer (8,000 images at batch 32).
 */
import { Rng } from '../../src/core/rng';
import { synapseSchema } from '../../src/core/config/schema';
import { createSynapseLayer } from '../../src/core/synapse/builder';
import { updateKernelName } from '../../src/core/devices/update-kernel';

interface Row {
  name: string;
  cellsPerSecond: number;
  /** Plain-loop time over this row's time, the loop timed right before the row. */
  ratioToLoop: number;
  /** The same against the fastest plain-loop timing of the run. */
  ratioToFastest: number;
  loopRate: number;
}

const median = (t: number[]): number => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!;

/**
 * Times `fn` and the reference loop interleaved (loop, fn, loop, fn, ...), so both see the same
 * machine state: this machine's speed drifts by up to 2x within a run, and timing one after the
 * other lets that drift into the ratio. `setup` (untimed) runs before each call of `fn`. Three
 * untimed warm-up rounds first (JIT, first touch). Returns the median seconds of each.
 */
function timeInterleaved(reps: number, loop: () => void, fn: () => void, setup?: () => void): { sec: number; loopSec: number } {
  const ts: number[] = [];
  const tl: number[] = [];
  for (let r = 0; r < reps + 3; r++) {
    let t0 = performance.now();
    loop();
    const l = performance.now() - t0;
    setup?.();
    t0 = performance.now();
    fn();
    const t = performance.now() - t0;
    if (r >= 3) {
      ts.push(t / 1000);
      tl.push(l / 1000);
    }
  }
  return { sec: median(ts), loopSec: median(tl) };
}

/** The reference: a plain elementwise loop, w = clip(w + dw * 1e-3) to [-1, 1]. */
function plainLoop(w: Float32Array, d: Float32Array): void {
  for (let i = 0, n = w.length; i < n; i++) {
    const v = w[i]! + d[i]! * 1e-3;
    w[i] = v < -1 ? -1 : v > 1 ? 1 : v;
  }
}

function fillDw(dw: Float32Array, rng: Rng, kind: 'dense' | 'sparse'): void {
  for (let i = 0; i < dw.length; i++) {
    const z = rng.normal();
    dw[i] = kind === 'dense' ? (z >= 0 ? 1 : -1) * (0.1 + 0.05 * Math.abs(z)) : 0.01 * z;
  }
}

export function main(argv: readonly string[] = []): Row[] {
  const arg = (name: string, def: number) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : def;
  };
  const cells = arg('--cells', 1_000_000);
  const reps = arg('--reps', 20);
  const cols = 1000;
  const rows = Math.max(1, Math.round(cells / cols));
  const n = rows * cols;
  const rng = new Rng(117);
  const w = new Float32Array(n);
  const dws = { dense: new Float32Array(n), sparse: new Float32Array(n) };
  fillDw(dws.dense, rng, 'dense');
  fillDw(dws.sparse, rng, 'sparse');

  // The plain loop is timed right before every row (same machine state: this machine's clock and
  // the loop's own speed drift by up to 2x within a run), and each row is compared with that
  // adjacent timing and, more strictly, with the fastest plain-loop timing of the whole run.
  const loopTimes: number[] = [];
  const timed: Array<{ name: string; sec: number; cellsPerCall: number; loopSec: number }> = [];
  const loop = () => plainLoop(w, dws.dense);
  const add = (name: string, fn: () => void, opts: { reps?: number; setup?: () => void; cellsPerCall?: number } = {}) => {
    const { sec, loopSec } = timeInterleaved(opts.reps ?? reps, loop, fn, opts.setup);
    loopTimes.push(loopSec);
    timed.push({ name, sec, cellsPerCall: opts.cellsPerCall ?? n, loopSec });
  };

  for (const kind of ['dense', 'sparse'] as const) {
    const dw = dws[kind];
    const base = createSynapseLayer(synapseSchema.parse({ scheme: 'baseline', mapping: 'reference' }), rows, cols, new Rng(1));
    add(`baseline hps-envm reference, update (${kind})`, () => base.update(dw, rng));
    const diff = createSynapseLayer(synapseSchema.parse({ scheme: 'baseline', mapping: 'differential' }), rows, cols, new Rng(1));
    add(`baseline hps-envm differential pair, update (${kind}; rate in devices, 2 per synapse)`, () => diff.update(dw, rng), { cellsPerCall: 2 * n });
    const hps = createSynapseLayer(synapseSchema.parse({ scheme: 'hps' }), rows, cols, new Rng(1));
    const neg = dw.map((v) => -v);
    let flip = false;
    add(`hps cap-3t1c LSB, update (${kind})`, () => {
      hps.update(flip ? neg : dw, rng);
      flip = !flip;
    });
  }
  const hpsNoNoise = createSynapseLayer(
    synapseSchema.parse({ scheme: 'hps', lsb: { preset: 'cap-3t1c', overrides: { sigmaC2c: 0 } } }),
    rows,
    cols,
    new Rng(1),
  );
  add('hps LSB update (dense, no c2c noise)', () => hpsNoNoise.update(dws.dense, rng));
  for (const programming of ['open-loop', 'curve-aware', 'write-verify'] as const) {
    const hps = createSynapseLayer(synapseSchema.parse({ scheme: 'hps', transfer: { programming } }), rows, cols, new Rng(1));
    const dw = dws.sparse;
    const neg = dw.map((v) => -v);
    let flip = false;
    const fill = () => {
      hps.update(flip ? neg : dw, rng);
      flip = !flip;
    };
    add(`hps transfer alone, ${programming}`, () => hps.transfer(rng), { setup: fill });
    add(`hps update (sparse) + transfer every update, ${programming} (per cell: both)`, () => {
      fill();
      hps.transfer(rng);
    });
  }
  // The training default: transfer every 8,000 images = 250 batches of 32, so 250 updates per transfer.
  {
    const hps = createSynapseLayer(synapseSchema.parse({ scheme: 'hps' }), rows, cols, new Rng(1));
    const dw = dws.sparse;
    const neg = dw.map((v) => -v);
    const perTransfer = 250;
    // One warm-up cycle, then three timed ones (median); the reference loop is timed between the updates.
    const cycleSec: number[] = [];
    const loopSec: number[] = [];
    for (let c = 0; c < 4; c++) {
      let sec = 0;
      for (let k = 0; k <= perTransfer; k++) {
        let t0 = performance.now();
        loop();
        if (c > 0) loopSec.push((performance.now() - t0) / 1000);
        t0 = performance.now();
        if (k < perTransfer) hps.update(k % 2 === 0 ? dw : neg, rng);
        else hps.transfer(rng);
        sec += (performance.now() - t0) / 1000;
      }
      if (c > 0) cycleSec.push(sec);
    }
    loopTimes.push(median(loopSec));
    timed.push({ name: `hps cycle: ${perTransfer} updates (sparse) + 1 open-loop transfer`, sec: median(cycleSec), cellsPerCall: perTransfer * n, loopSec: median(loopSec) });
  }

  const fastest = n / Math.min(...loopTimes);
  const rowsOut: Row[] = timed.map((t) => {
    const rate = t.cellsPerCall / t.sec;
    return { name: t.name, cellsPerSecond: rate, ratioToLoop: n / t.loopSec / rate, ratioToFastest: fastest / rate, loopRate: n / t.loopSec };
  });

  console.log(`cells: ${n} (${rows} x ${cols}), reps: ${reps} (median), node ${process.version}, device update kernel: ${updateKernelName()}`);
  console.log(`plain Float32Array loop (w = clip(w + dw)), timed interleaved with each row: ${(Math.min(...loopTimes.map((t) => n / t)) / 1e6).toFixed(0)}..${(fastest / 1e6).toFixed(0)} M cells/s`);
  console.log(`${'row'.padEnd(84)} ${'M cells/s'.padStart(9)}  ${'loop M/s'.padStart(8)}  loop/this  fastest loop/this`);
  for (const r of rowsOut)
    console.log(`${r.name.padEnd(84)} ${(r.cellsPerSecond / 1e6).toFixed(1).padStart(9)}  ${(r.loopRate / 1e6).toFixed(0).padStart(8)}  ${r.ratioToLoop.toFixed(2).padStart(8)}x  ${r.ratioToFastest.toFixed(2).padStart(8)}x`);
  return rowsOut;
}

const invoked = process.argv[1] ?? '';
if (import.meta.url === `file://${invoked}` || invoked.endsWith('devices.ts')) main(process.argv.slice(2));

/**
 * eNVM-only baseline (docs/synapses.md#baseline): every update goes through the nonlinear
 * NeuroSim model.
 *
 * Mappings (docs/devices.md#weight-mapping):
 *  - reference: one device per weight, w = 2 g - 1 (G = (w + 1)/2 (Gmax - Gmin) + Gmin, the
 *    negative part subtracted digitally against a reference column at mid-range). A change dw needs
 *    dg = dw / 2, so n = round(|dw| / (wmax - wmin) * Pmax) = round(|dw| / 2 * Pmax) pulses, LTP for
 *    dw > 0, LTD for dw < 0.
 *  - differential: w = g+ - g-, each device in [0, 1], both start at mid-range (0.5, w = 0) so that
 *    both directions have room. A change dw is split evenly: G+ moves by dw/2 and G- by -dw/2, so
 *    each device gets n = round(|dw| / 2 * Pmax_dir) pulses (LTP on one, LTD on the other).
 *    (Our choice; the potentiation-only alternative needs periodic refresh, which is HPS's job.)
 * Pulse counts are capped at the direction's Pmax (more cannot move the device further).
 */
import type { Rng } from '../rng';
import type { DevicePreset } from '../devices/types';
import { deviceModel, EnvmArray, roundPulses } from '../devices/envm';
import { FastStream } from '../devices/stream';
import { residentArrays, updatePair } from '../devices/update-kernel';
import type { SynapseLayer, SynapseSnapshot, SynapseStateStats } from './types';
import { addUpdateTotals, checkLength, checkSnapshot, updateDevices, clip1, copyInto, railCounts, SynapseBase, tabulatedPlan, type PulsePlan } from './common';

export interface BaselineOptions {
  readonly device: DevicePreset;
  readonly mapping: 'reference' | 'differential';
  readonly stochasticRounding: boolean;
}

export class BaselineSynapse extends SynapseBase implements SynapseLayer {
  readonly scheme = 'baseline' as const;
  readonly notes: readonly string[];
  readonly n: number;
  /** Devices: [0, n) the weight (reference) or G+ (differential); [n, 2n) G- (differential only). */
  readonly dev: EnvmArray;
  private readonly differential: boolean;
  /** Pulses per unit dw (half a full sweep: w = 2 g - 1), caps and rounding of every update. */
  private readonly plan: PulsePlan;
  /** Per-operation random stream, reseeded from the caller's Rng at every update / transfer. */
  private readonly stream = new FastStream();
  /** Signed pulse counts of the current update: the device (reference) or G+ (A), G- (B). */
  private readonly bufA: Int32Array;
  private readonly bufB: Int32Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    opts: BaselineOptions,
    rng: Rng,
  ) {
    super();
    this.n = rows * cols;
    this.differential = opts.mapping === 'differential';
    this.bufA = new Int32Array(this.n);
    this.bufB = new Int32Array(this.differential ? this.n : 0);
    const model = deviceModel(opts.device.params, opts.device.lut);
    const devices = this.differential ? 2 * this.n : this.n;
    // In the update kernel's memory when the kernel runs on it (no copies per update).
    const [g] = residentArrays([devices], [model], rows, cols) ?? [];
    this.dev = new EnvmArray(model, devices, rng.fork(), 0.5, g);
    this.plan = { up: model.maxUp / 2, down: model.maxDown / 2, maxUp: model.maxUp, maxDown: model.maxDown, stochastic: opts.stochasticRounding };
    this.notes = [
      `Baseline eNVM ${opts.device.id} (${opts.device.title}), ${opts.mapping} mapping, ${opts.stochasticRounding ? 'stochastic' : 'deterministic'} pulse rounding.`,
      this.differential
        ? 'Differential pair starts at mid-range (w = 0); each update moves G+ and G- by half of dw (LTP on one, LTD on the other).'
        : 'One device per weight, w = 2 g - 1, against a mid-range reference column.',
      ...opts.device.notes,
    ];
  }

  initialize(w: Float32Array, _rng: Rng): void {
    checkLength('initialize', w, this.n);
    const m = this.dev.model;
    const snap = (g: number) => m.at('ltp', Math.round(m.position('ltp', g)));
    const g = this.dev.g;
    for (let i = 0; i < this.n; i++) {
      const v = clip1(w[i]!);
      if (this.differential) {
        g[i] = snap(0.5 + v / 2);
        g[this.n + i] = snap(0.5 - v / 2);
      } else g[i] = snap((v + 1) / 2);
    }
  }

  read(out: Float32Array): void {
    checkLength('read', out, this.n);
    const d = this.dev;
    if (this.differential) {
      if (d.spread) for (let i = 0; i < this.n; i++) out[i] = d.value(i) - d.value(this.n + i);
      else for (let i = 0, n = this.n; i < n; i++) out[i] = d.g[i]! - d.g[n + i]!;
    } else if (d.spread) for (let i = 0; i < this.n; i++) out[i] = 2 * d.value(i) - 1;
    else for (let i = 0; i < this.n; i++) out[i] = 2 * d.g[i]! - 1;
  }

  readNonVolatile(out: Float32Array): void {
    this.read(out);
  }

  update(dw: Float32Array, rng: Rng): void {
    checkLength('update', dw, this.n);
    const noise = this.stream.reseed(rng);
    const { cols, plan, differential, dev } = this;
    const { up: kUp, down: kDown, maxUp, maxDown, stochastic } = plan;
    const c = this.c;
    if (!differential) {
      // One device plus a reference column: the device moves by the whole change.
      const p = updateDevices(dev, dw, this.bufA, this.rows, cols, plan, noise, c);
      c.envmPulsesUp += p.up;
      c.envmPulsesDown += p.down;
      return;
    }
    if (dev.simple) {
      this.updatePairTabulated(dw, noise);
      return;
    }
    const n = this.n;
    let cells = 0;
    let rowsW = 0;
    let pUp = 0;
    let pDown = 0;
    let requested = 0;
    const bufA = this.bufA;
    const bufB = this.bufB;
    for (let r = 0; r < this.rows; r++) {
      let rowUp = 0;
      let rowDown = 0;
      let rowAny = false;
      for (let i = r * cols, e = i + cols; i < e; i++) {
        const d = dw[i]!;
        bufA[i] = 0;
        bufB[i] = 0;
        if (d === 0 || d !== d) continue;
        requested++;
        const up = d > 0;
        const a = up ? d : -d;
        // Differential: the device that must rise gets LTP, the other LTD, each for half of dw.
        let nU = stochastic ? roundPulses(a * kUp, true, noise) : Math.floor(a * kUp + 0.5);
        let nD = stochastic ? roundPulses(a * kDown, true, noise) : Math.floor(a * kDown + 0.5);
        if (nU === 0 && nD === 0) continue;
        if (nU > maxUp) nU = maxUp;
        if (nD > maxDown) nD = maxDown;
        // bufA drives G+, bufB drives G-.
        if (up) {
          bufA[i] = nU;
          bufB[i] = -nD;
        } else {
          bufA[i] = -nD;
          bufB[i] = nU;
        }
        rowAny = true;
        if (nU > rowUp) rowUp = nU;
        if (nD > rowDown) rowDown = nD;
        pUp += nU;
        pDown += nD;
        cells++;
      }
      if (rowAny) {
        rowsW++;
        c.rowMaxPulsesUp += rowUp;
        c.rowMaxPulsesDown += rowDown;
      }
    }
    dev.applySigned(bufA, 0, noise);
    dev.applySigned(bufB, n, noise);
    c.updates++;
    c.cellsRequested += requested;
    c.cellsWritten += cells;
    c.rowsWritten += rowsW;
    c.envmPulsesUp += pUp;
    c.envmPulsesDown += pDown;
  }

  /**
   * Differential update of tabulated devices in one kernel pass: G+ by dw and G- by -dw (each device
   * rounds its own pulse count, as above); the kernel returns the counters per synapse.
   */
  private updatePairTabulated(dw: Float32Array, noise: FastStream): void {
    const c = this.c;
    const t = updatePair(dw, this.dev.g, tabulatedPlan(this.dev, this.rows, this.cols, this.plan), noise);
    addUpdateTotals(c, t);
    c.envmPulsesUp += t.up;
    c.envmPulsesDown += t.down;
  }

  stateStats(): SynapseStateStats {
    const r = railCounts(this.dev.g);
    return { devices: this.dev.size, railLow: r.low, railHigh: r.high, lsbCells: 0, lsbAtRail: 0 };
  }

  snapshot(): SynapseSnapshot {
    return { scheme: this.scheme, rows: this.rows, cols: this.cols, arrays: { g: this.dev.g.slice() }, scalars: {} };
  }
  restore(s: SynapseSnapshot): void {
    checkSnapshot(s, this.scheme, this.rows, this.cols);
    copyInto(this.dev.g, s.arrays.g, 'g');
  }
}

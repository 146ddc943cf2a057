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
 *
 * A digital word (an SRAM synapse, `digitalWordDevice`) is the reference mapping on a linear,
 * noiseless device with Pmax = 2^b - 1 steps: w = -1 + 2 k / (2^b - 1), k = 0 .. 2^b - 1 (2^b levels
 * over [-1, 1], both ends included, 0 not among them). A change dw moves k by round(dw / step) with
 * step = 2 / (2^b - 1) (the run's pulse rounding, deterministic or stochastic), clipped to the
 * ends; k is kept exactly (the conductance is k / Pmax, never accumulated sums). Counters: a word
 * whose k is asked to change is one write (one "pulse" in the counters, up or down), and a written
 * row counts once per direction, as the cost model prices an SRAM write (one flip of the word's
 * cells, no pulse trains).
 */
import type { Rng } from '../rng';
import type { DevicePreset } from '../devices/types';
import { deviceModel, EnvmArray, roundPulses } from '../devices/envm';
import { FastStream } from '../devices/stream';
import { residentArrays, updatePair } from '../devices/update-kernel';
import { ModelError } from '../errors';
import { emptyCounts, type SynapseLayer, type SynapseSnapshot, type SynapseStateStats } from './types';
import { addUpdateTotals, checkLength, checkSnapshot, updateDevices, clip1, copyInto, planPulses, railCounts, SynapseBase, tabulatedPlan, type PulsePlan } from './common';

export interface BaselineOptions {
  readonly device: DevicePreset;
  readonly mapping: 'reference' | 'differential';
  readonly stochasticRounding: boolean;
  /** A digital word of this many bits (header): `device` must be digitalWordDevice(..., bits) and the mapping reference. */
  readonly wordBits?: number;
}

/**
 * The device of a b-bit digital word (SRAM): normalised conductance k / (2^b - 1), linear, no
 * cycle-to-cycle or device-to-device noise, whatever the preset's own parameters say.
 */
export function digitalWordDevice(preset: DevicePreset, bits: number): DevicePreset {
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) throw new ModelError(`circuit.weightBits must be an integer 1..16 for a digital synapse, got ${bits}`);
  const steps = 2 ** bits - 1;
  return {
    ...preset,
    params: { ...preset.params, gMin: 0, gMax: 1, levelsLtp: steps, levelsLtd: steps, nlLtp: 0, nlLtd: 0, sigmaC2c: 0, sigmaD2d: 0, sigmaGRange: 0 },
    lut: undefined,
    notes: [
      `Digital ${bits}-bit weight: w = -1 + 2k / ${steps}, k = 0..${steps} (${steps + 1} levels over [-1, 1]); an update moves k by the requested change rounded to whole steps of 2 / ${steps}; no device noise or nonlinearity.`,
      ...preset.notes.filter((n) => !n.startsWith('Accuracy:')),
    ],
  };
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
  /** Digital words: the word's steps (2^b - 1), else 0. */
  private readonly wordSteps: number;

  constructor(
    readonly rows: number,
    readonly cols: number,
    opts: BaselineOptions,
    rng: Rng,
  ) {
    super();
    this.n = rows * cols;
    if (opts.wordBits !== undefined && opts.mapping !== 'reference') throw new ModelError('a digital word holds its sign: reference mapping only');
    this.wordSteps = opts.wordBits !== undefined ? 2 ** opts.wordBits - 1 : 0;
    this.differential = opts.mapping === 'differential';
    this.bufA = new Int32Array(this.n);
    this.bufB = new Int32Array(this.differential ? this.n : 0);
    const model = deviceModel(opts.device.params, opts.device.lut);
    const devices = this.differential ? 2 * this.n : this.n;
    // In the update kernel's memory when the kernel runs on it (no copies per update).
    const [g] = residentArrays([devices], [model], rows, cols) ?? [];
    this.dev = new EnvmArray(model, devices, rng.fork(), 0.5, g);
    this.plan = { up: model.maxUp / 2, down: model.maxDown / 2, maxUp: model.maxUp, maxDown: model.maxDown, stochastic: opts.stochasticRounding };
    this.notes = this.wordSteps
      ? [`${opts.device.title}: ${opts.stochasticRounding ? 'stochastic' : 'deterministic'} rounding of every change to the word's grid; one write per changed word.`, ...opts.device.notes]
      : [
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
    if (this.wordSteps) {
      this.updateWords(dw, noise);
      return;
    }
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

  /**
   * Digital words (header): steps planned as pulses are (same rounding and requested / written /
   * row counters), then k moves by them exactly and each changed word counts one write.
   */
  private updateWords(dw: Float32Array, noise: FastStream): void {
    const { rows, cols, bufA: steps, wordSteps: top, c } = this;
    const planned = emptyCounts();
    planPulses(dw, steps, rows, cols, this.plan, noise, planned);
    const g = this.dev.g;
    let up = 0;
    let down = 0;
    for (let r = 0; r < rows; r++) {
      let rowUp = 0;
      let rowDown = 0;
      for (let i = r * cols, e = i + cols; i < e; i++) {
        const n = steps[i]!;
        if (n === 0) continue;
        const k = Math.round(g[i]! * top) + n;
        g[i] = (k < 0 ? 0 : k > top ? top : k) / top;
        if (n > 0) rowUp = 1;
        else rowDown = 1;
        up += n > 0 ? 1 : 0;
        down += n < 0 ? 1 : 0;
      }
      c.rowMaxPulsesUp += rowUp;
      c.rowMaxPulsesDown += rowDown;
    }
    c.updates++;
    c.cellsRequested += planned.cellsRequested;
    c.cellsWritten += planned.cellsWritten;
    c.rowsWritten += planned.rowsWritten;
    c.envmPulsesUp += up;
    c.envmPulsesDown += down;
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

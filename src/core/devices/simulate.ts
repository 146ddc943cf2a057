/**
 * What the device view plots beyond the mean pulse response, computed with the same device model
 * the training uses (EnvmArray, c2c noise from a seeded FastStream):
 *
 * - the cycle-to-cycle band: many devices pulsed from Gmin up (LTP) or from Gmax down (LTD), one
 *   pulse at a time, with the mean and the mean +- one standard deviation at each pulse count (each
 *   pulse adds sigmaC2c * N(0, 1) of the range, so away from the ends the spread after k pulses is
 *   sigmaC2c * sqrt(k));
 * - step size against conductance, the plot device papers use: the change of one pulse, up and
 *   down, at each point of the mean curves;
 * - a pulse train: one device receiving a random sequence of potentiation and depression pulses.
 *
 * Pure and reproducible: every random number comes from the seed.
 */
import { Rng } from '../rng';
import { deviceModel, EnvmArray } from './envm';
import { FastStream } from './stream';
import type { DeviceParams, MeasuredLut } from './types';

/** Longest curve drawn pulse by pulse; longer devices (the ideal one) are stepped several pulses at a time. */
export const MAX_STEPS = 2000;

export interface Band {
  /** Pulse count of each sample. */
  readonly p: number[];
  /** Conductance (S): mean over the devices, and mean -+ one standard deviation. */
  readonly mean: number[];
  readonly lo: number[];
  readonly hi: number[];
}

export interface StepSizes {
  /** Conductance before the pulse (S) and the change one pulse makes there (S; negative for LTD). */
  readonly g: number[];
  readonly dg: number[];
}

export interface PulseTrain {
  /** Pulse index 0..pulses; g[k] is the conductance (S) after k pulses; up[k-1] the direction of pulse k. */
  readonly n: number[];
  readonly g: number[];
  readonly up: boolean[];
}

export interface BandOptions {
  readonly direction: 'ltp' | 'ltd';
  /** Simulated devices (default 200). */
  readonly trials?: number;
  readonly seed?: number;
}

const levelsOf = (params: DeviceParams, lut: MeasuredLut | undefined, dir: 'ltp' | 'ltd'): number =>
  lut ? (dir === 'ltp' ? lut.ltp.length : lut.ltd.length) - 1 : dir === 'ltp' ? params.levelsLtp : params.levelsLtd;

/** The c2c band: `trials` devices (no device-to-device variation) pulsed across the whole range. */
export function c2cBand(params: DeviceParams, lut: MeasuredLut | undefined, opts: BandOptions): Band {
  const trials = Math.max(2, Math.floor(opts.trials ?? 200));
  const up = opts.direction === 'ltp';
  const clean: DeviceParams = { ...params, sigmaD2d: 0, sigmaGRange: 0 };
  const arr = new EnvmArray(deviceModel(clean, lut), trials, null, up ? 0 : 1);
  const noise = new FastStream(new Rng(opts.seed ?? 1));
  const levels = levelsOf(params, lut, opts.direction);
  const per = Math.max(1, Math.ceil(levels / MAX_STEPS));
  const range = params.gMax - params.gMin;
  const out: Band = { p: [], mean: [], lo: [], hi: [] };
  const record = (k: number): void => {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < trials; i++) {
      const g = arr.g[i]!;
      s += g;
      ss += g * g;
    }
    const mean = s / trials;
    const sd = Math.sqrt(Math.max(0, (ss - trials * mean * mean) / (trials - 1)));
    out.p.push(k);
    out.mean.push(params.gMin + mean * range);
    out.lo.push(params.gMin + (mean - sd) * range);
    out.hi.push(params.gMin + (mean + sd) * range);
  };
  record(0);
  for (let k = per; k - per < levels; k += per) {
    const n = Math.min(per, levels - (k - per));
    for (let i = 0; i < trials; i++) arr.pulse(i, n, up, noise);
    record(Math.min(k, levels));
  }
  return out;
}

/** One pulse's change of conductance along the mean LTP curve (from Gmin) and LTD curve (from Gmax). */
export function stepSizes(params: DeviceParams, lut?: MeasuredLut): { ltp: StepSizes; ltd: StepSizes } {
  const model = deviceModel(params, lut);
  const range = params.gMax - params.gMin;
  const walk = (up: boolean): StepSizes => {
    const levels = levelsOf(params, lut, up ? 'ltp' : 'ltd');
    const per = Math.max(1, Math.ceil(levels / MAX_STEPS));
    const out: StepSizes = { g: [], dg: [] };
    let v = up ? 0 : 1;
    for (let k = 0; k < levels; k += per) {
      const next = up ? model.stepUp(v, 1) : model.stepDown(v, 1);
      out.g.push(params.gMin + v * range);
      out.dg.push((next - v) * range);
      v = up ? model.stepUp(v, per) : model.stepDown(v, per);
    }
    return out;
  };
  return { ltp: walk(true), ltd: walk(false) };
}

export interface TrainOptions {
  /** Pulses in the train (default 400). */
  readonly pulses?: number;
  readonly seed?: number;
  /** Probability that a pulse potentiates (default 0.5). */
  readonly pUp?: number;
  /** Starting conductance as a fraction of the range (default 0.5). */
  readonly start?: number;
}

/**
 * One device under a random pulse train: each pulse potentiates with probability pUp, else
 * depresses, moving along that direction's curve from wherever the device is, with c2c noise (and
 * the device's own device-to-device draw when sigmaD2d > 0).
 */
export function pulseTrain(params: DeviceParams, lut: MeasuredLut | undefined, opts: TrainOptions = {}): PulseTrain {
  const pulses = Math.max(1, Math.floor(opts.pulses ?? 400));
  const pUp = opts.pUp ?? 0.5;
  const rng = new Rng(opts.seed ?? 1);
  const arr = new EnvmArray(deviceModel(params, lut), 1, rng.fork(), opts.start ?? 0.5);
  const noise = new FastStream(rng.fork());
  const range = params.gMax - params.gMin;
  const out: PulseTrain = { n: [0], g: [arr.conductance(0)], up: [] };
  for (let k = 1; k <= pulses; k++) {
    const up = rng.uniform() < pUp;
    arr.pulse(0, 1, up, noise);
    out.n.push(k);
    out.g.push(params.gMin + arr.value(0) * range);
    out.up.push(up);
  }
  return out;
}

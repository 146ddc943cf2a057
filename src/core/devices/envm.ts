/**
 * The NeuroSim behavioural conductance-update model (docs/devices.md#conductance-model), vectorised.
 *
 * Conductance is kept normalised, g = (G - Gmin) / (Gmax - Gmin) in [0, 1]. Each direction d has
 * its own curve  g_d(P) = (1 - e^(-P/A_d)) / (1 - e^(-Pmax_d/A_d)),  A_d = sign(NL_d) A_norm Pmax_d
 * (NeuroSim C++ convention: signed A for both directions; potentiation moves P up the LTP curve,
 * depression moves P down the LTD curve). Writing x = 1/A and den = expm1(-Pmax x), moving by m
 * pulses (m > 0 up, m < 0 down) from any g is an affine map that needs no logarithm:
 *
 *   P0 = -ln(1 + g den) / x,   g(P0 + m) = expm1(-(P0 + m) x) / den
 *      = g (1 + e) + e / den,  with e = expm1(-m x)                       (computed by hand)
 *
 * and clipping P to [0, Pmax] is the same as clipping g to [0, 1] because every curve is monotone
 * increasing in P. For NL = 0 (x = 0) the map is g + m / Pmax. Without device-to-device variation
 * the (1 + e, e / den) pairs are tabulated for every integer m, so one update is a multiply-add.
 * Cycle-to-cycle noise: g += sigmaC2c * sqrt(n) * N(0, 1) after each update of n pulses, then clip.
 */
import type { Rng } from '../rng';
import type { DeviceParams, MeasuredLut } from './types';
import { nlToANorm, nlToANormFast } from './nl';
import { FastStream } from './stream';
import { inverseNormalCdf, NORMAL_QUANTILES, NORMAL_BINS_SHIFT } from './normal';

const QN: Float64Array = NORMAL_QUANTILES;
const QSHIFT: number = NORMAL_BINS_SHIFT;
const QLAST: number = QN.length - 2;
const QMASK: number = (1 << QSHIFT) - 1;
const QSCALE: number = 1 / (1 << QSHIFT);
const invCdf = inverseNormalCdf;

export type Direction = 'ltp' | 'ltd';

/** Constants of one direction's analytic curve. */
export interface CurveConst {
  readonly pMax: number;
  /** 1 / A (signed); 0 = linear. */
  readonly x: number;
  /** expm1(-pMax * x); unused when linear. */
  readonly den: number;
}

export function curveConst(nl: number, pMax: number): CurveConst {
  if (nl === 0) return { pMax, x: 0, den: 0 };
  const x = Math.sign(nl) / (nlToANorm(nl) * pMax);
  return { pMax, x, den: Math.expm1(-pMax * x) };
}

/** Normalised conductance at curve position P (not clipped). */
export function curveG(c: CurveConst, p: number): number {
  return c.x === 0 ? p / c.pMax : Math.expm1(-p * c.x) / c.den;
}

/** Curve position of normalised conductance g (inverse of curveG). */
export function curveP(c: CurveConst, g: number): number {
  if (c.x === 0) return g * c.pMax;
  return -Math.log1p(g * c.den) / c.x;
}

/** Move m pulses along a curve (m > 0 up, m < 0 down), clipped to [0, 1]. */
export function curveStep(c: CurveConst, g: number, m: number): number {
  let v: number;
  if (c.x === 0) v = g + m / c.pMax;
  else {
    const e = Math.expm1(-m * c.x);
    v = g * (1 + e) + e / c.den;
  }
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Linear interpolation of a non-decreasing table at fractional position p (clamped). */
function lutAt(t: Float64Array, p: number): number {
  const last = t.length - 1;
  if (p <= 0) return t[0]!;
  if (p >= last) return t[last]!;
  const i = Math.floor(p);
  const v0 = t[i]!;
  return v0 + (p - i) * (t[i + 1]! - v0);
}

/** Inverse of lutAt: smallest fractional position whose value is g (binary search). */
function lutPos(t: Float64Array, g: number): number {
  const last = t.length - 1;
  if (g <= t[0]!) return 0;
  if (g >= t[last]!) return last;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < g) lo = mid;
    else hi = mid;
  }
  const a = t[lo]!;
  const b = t[hi]!;
  return b > a ? lo + (g - a) / (b - a) : lo;
}

/**
 * One device kind with its per-direction constants and tables. Pure data after construction;
 * shared by every EnvmArray of that kind.
 */
export class DeviceModel {
  readonly params: DeviceParams;
  readonly ltp: CurveConst;
  readonly ltd: CurveConst;
  /** Measured look-up tables (normalised), when the device is a measured one. */
  readonly lut: { readonly ltp: Float64Array; readonly ltd: Float64Array } | null;
  /** Per integer n in 0..levels: g' = g * mul[n] + add[n] for n pulses up / down. */
  readonly mulUp: Float64Array;
  readonly addUp: Float64Array;
  readonly mulDown: Float64Array;
  readonly addDown: Float64Array;
  /** sqrt(n) for n in 0..max(levels). */
  readonly sqrtN: Float64Array;
  /**
   * The same affine maps in one table indexed by direction: j = n for n pulses up, j = tabOffsetDown + n
   * for n pulses down (so a hot loop selects a direction by an index, not a branch).
   */
  readonly mulT: Float64Array;
  readonly addT: Float64Array;
  readonly tabOffsetDown: number;
  readonly maxUp: number;
  readonly maxDown: number;
  /**
   * Devices of this kind take the tabulated affine update (the update kernel's case): no
   * device-to-device variation and no measured look-up table.
   */
  readonly tabulated: boolean;
  /** Affine maps (mul, add) of half a pulse: m = +0.5 on the LTP curve, m = -0.5 on the LTD curve. */
  private readonly halfUp: readonly [number, number];
  private readonly halfDown: readonly [number, number];

  constructor(params: DeviceParams, lut?: MeasuredLut) {
    this.params = params;
    this.ltp = curveConst(params.nlLtp, params.levelsLtp);
    this.ltd = curveConst(params.nlLtd, params.levelsLtd);
    this.lut = lut ? { ltp: Float64Array.from(lut.ltp), ltd: Float64Array.from(lut.ltd) } : null;
    this.maxUp = this.lut ? this.lut.ltp.length - 1 : params.levelsLtp;
    this.maxDown = this.lut ? this.lut.ltd.length - 1 : params.levelsLtd;
    const tabUp = Math.min(this.maxUp, 1 << 16);
    const tabDown = Math.min(this.maxDown, 1 << 16);
    this.mulUp = new Float64Array(tabUp + 1);
    this.addUp = new Float64Array(tabUp + 1);
    this.mulDown = new Float64Array(tabDown + 1);
    this.addDown = new Float64Array(tabDown + 1);
    fillAffine(this.ltp, 1, this.mulUp, this.addUp);
    fillAffine(this.ltd, -1, this.mulDown, this.addDown);
    const nMax = Math.max(tabUp, tabDown);
    this.sqrtN = new Float64Array(nMax + 1);
    for (let n = 0; n <= nMax; n++) this.sqrtN[n] = Math.sqrt(n);
    this.tabOffsetDown = tabUp + 1;
    const len = tabUp + tabDown + 2;
    this.mulT = new Float64Array(len);
    this.addT = new Float64Array(len);
    this.mulT.set(this.mulUp);
    this.mulT.set(this.mulDown, this.tabOffsetDown);
    this.addT.set(this.addUp);
    this.addT.set(this.addDown, this.tabOffsetDown);
    this.tabulated = !(params.sigmaD2d > 0) && this.lut === null;
    this.halfUp = affineOf(this.ltp, 0.5);
    this.halfDown = affineOf(this.ltd, -0.5);
  }

  /** Deterministic n-pulse potentiation from g (no noise), clipped. */
  stepUp(g: number, n: number): number {
    if (n <= 0) return g;
    if (this.lut) {
      const t = this.lut.ltp;
      return lutAt(t, lutPos(t, g) + n);
    }
    if (n < this.mulUp.length) {
      const v = g * this.mulUp[n]! + this.addUp[n]!;
      return v < 0 ? 0 : v > 1 ? 1 : v;
    }
    return curveStep(this.ltp, g, n);
  }

  /** Deterministic n-pulse depression from g (no noise), clipped. */
  stepDown(g: number, n: number): number {
    if (n <= 0) return g;
    if (this.lut) {
      const t = this.lut.ltd;
      return lutAt(t, lutPos(t, g) - n);
    }
    if (n < this.mulDown.length) {
      const v = g * this.mulDown[n]! + this.addDown[n]!;
      return v < 0 ? 0 : v > 1 ? 1 : v;
    }
    return curveStep(this.ltd, g, -n);
  }

  /** Curve position of g on a direction's curve (for curve-aware programming). */
  position(dir: Direction, g: number): number {
    if (this.lut) return lutPos(dir === 'ltp' ? this.lut.ltp : this.lut.ltd, g);
    return curveP(dir === 'ltp' ? this.ltp : this.ltd, g);
  }

  /**
   * Pulses between two conductances along a direction's curve, P(g1) - P(g0), with one logarithm:
   * -(ln(1 + g1 den) - ln(1 + g0 den)) / x = -ln((1 + g1 den) / (1 + g0 den)) / x.
   */
  distance(dir: Direction, g0: number, g1: number): number {
    if (this.lut) return this.position(dir, g1) - this.position(dir, g0);
    const c = dir === 'ltp' ? this.ltp : this.ltd;
    if (c.x === 0) return (g1 - g0) * c.pMax;
    return -Math.log((1 + g1 * c.den) / (1 + g0 * c.den)) / c.x;
  }

  /**
   * Math.round(|distance(dir, g0, g1)|) for a move along dir (g1 >= g0 for LTP, g1 <= g0 for LTD):
   * the whole number of pulses closest to the move. A move of less than half a pulse returns 0
   * after one multiply-add against the half-pulse map, without the logarithm: g1 < g(P(g0) + 1/2)
   * on the LTP curve, g1 > g(P(g0) - 1/2) on the LTD curve (the common case of transfers and
   * verify steps).
   */
  pulsesBetween(dir: Direction, g0: number, g1: number): number {
    if (!this.lut) {
      if (dir === 'ltp') {
        if (g1 >= g0 && g1 < g0 * this.halfUp[0] + this.halfUp[1]) return 0;
      } else if (g1 <= g0 && g1 > g0 * this.halfDown[0] + this.halfDown[1]) return 0;
    }
    return Math.round(Math.abs(this.distance(dir, g0, g1)));
  }

  /** Normalised conductance at a position of a direction's curve. */
  at(dir: Direction, p: number): number {
    if (this.lut) return lutAt(dir === 'ltp' ? this.lut.ltp : this.lut.ltd, p);
    const c = dir === 'ltp' ? this.ltp : this.ltd;
    return Math.min(1, Math.max(0, curveG(c, Math.min(c.pMax, Math.max(0, p)))));
  }
}

/** The affine map (mul, add) of a move by m pulses along a curve: g -> g mul + add (header). */
function affineOf(c: CurveConst, m: number): [number, number] {
  if (c.x === 0) return [1, m / c.pMax];
  const e = Math.expm1(-m * c.x);
  return [1 + e, e / c.den];
}

function fillAffine(c: CurveConst, sign: 1 | -1, mul: Float64Array, add: Float64Array): void {
  for (let n = 0; n < mul.length; n++) [mul[n], add[n]] = affineOf(c, sign * n);
}

const modelCache = new WeakMap<DeviceParams, DeviceModel>();

/** The (cached) model of a parameter set. */
export function deviceModel(params: DeviceParams, lut?: MeasuredLut): DeviceModel {
  if (lut) return new DeviceModel(params, lut);
  let m = modelCache.get(params);
  if (!m) {
    m = new DeviceModel(params);
    modelCache.set(params, m);
  }
  return m;
}

/**
 * `size` devices of one kind as typed arrays: normalised conductance plus optional per-device
 * constants (device-to-device NL variation) and Gmin/Gmax spread.
 */
export class EnvmArray {
  readonly model: DeviceModel;
  readonly size: number;
  /** Normalised conductance of each device in its own [Gmin_i, Gmax_i]. */
  readonly g: Float32Array;
  /** Per-device curve constants (x, den) by direction when sigmaD2d > 0, else null. */
  readonly d2d: { xUp: Float64Array; denUp: Float64Array; xDown: Float64Array; denDown: Float64Array } | null;
  /** Per-device read-out map to the nominal normalised scale: G_nom = off + scale * g, when spread > 0. */
  readonly spread: { off: Float32Array; scale: Float32Array } | null;
  /** Cycle-to-cycle noise sigma (normalised conductance per sqrt(pulse)). */
  readonly sigma: number;
  /** No device-to-device constants and no look-up table: the tabulated affine update applies. */
  readonly simple: boolean;
  private readonly tabUp: number;
  private readonly tabDown: number;
  private readonly sqrtLen: number;

  /**
   * `storage`, when given, holds the conductances (`size` values; e.g. arrays resident in the update
   * kernel's memory, update-kernel.ts `residentArrays`); otherwise a new array does.
   */
  constructor(model: DeviceModel, size: number, rng: Rng | null, initial = 0, storage?: Float32Array) {
    this.model = model;
    this.size = size;
    this.tabUp = model.mulUp.length;
    this.tabDown = model.mulDown.length;
    this.sqrtLen = model.sqrtN.length;
    if (storage && storage.length !== size) throw new Error(`EnvmArray: storage holds ${storage.length} values, not ${size}`);
    this.g = (storage ?? new Float32Array(size)).fill(initial);
    const p = model.params;
    this.sigma = p.sigmaC2c;
    if (p.sigmaD2d > 0 && !model.lut) {
      if (!rng) throw new Error('EnvmArray: device-to-device variation needs an rng');
      const xUp = new Float64Array(size);
      const denUp = new Float64Array(size);
      const xDown = new Float64Array(size);
      const denDown = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        const nlU = p.nlLtp + p.sigmaD2d * rng.normal();
        const nlD = p.nlLtd + p.sigmaD2d * rng.normal();
        const xu = nlU === 0 ? 0 : Math.sign(nlU) / (nlToANormFast(nlU) * p.levelsLtp);
        const xd = nlD === 0 ? 0 : Math.sign(nlD) / (nlToANormFast(nlD) * p.levelsLtd);
        xUp[i] = xu;
        denUp[i] = Math.expm1(-p.levelsLtp * xu);
        xDown[i] = xd;
        denDown[i] = Math.expm1(-p.levelsLtd * xd);
      }
      this.d2d = { xUp, denUp, xDown, denDown };
    } else this.d2d = null;
    const s = p.sigmaGRange ?? 0;
    if (s > 0) {
      if (!rng) throw new Error('EnvmArray: Gmin/Gmax spread needs an rng');
      const off = new Float32Array(size);
      const scale = new Float32Array(size);
      const range = p.gMax - p.gMin;
      for (let i = 0; i < size; i++) {
        const lo = p.gMin * (1 + s * rng.normal());
        let hi = p.gMax * (1 + s * rng.normal());
        if (hi <= lo) hi = lo + 1e-3 * range;
        off[i] = (lo - p.gMin) / range;
        scale[i] = (hi - lo) / range;
      }
      this.spread = { off, scale };
    } else this.spread = null;
    this.simple = model.tabulated;
  }

  /**
   * Apply n >= 0 pulses to device i (up = potentiation), with c2c noise drawn from `noise` when the
   * device has sigmaC2c > 0 and a stream is given. Returns the new normalised conductance.
   */
  pulse(i: number, n: number, up: boolean, noise: FastStream | null): number {
    if (n <= 0) return this.g[i]!;
    const m = this.model;
    const g0 = this.g[i]!;
    let v: number;
    if (this.simple) {
      if (up) {
        const nn = n < this.tabUp ? n : this.tabUp - 1;
        v = g0 * m.mulUp[nn]! + m.addUp[nn]!;
      } else {
        const nn = n < this.tabDown ? n : this.tabDown - 1;
        v = g0 * m.mulDown[nn]! + m.addDown[nn]!;
      }
    } else if (this.d2d) {
      const d = this.d2d;
      const x = up ? d.xUp[i]! : d.xDown[i]!;
      const mm = up ? n : -n;
      if (x === 0) v = g0 + mm / (up ? m.maxUp : m.maxDown);
      else {
        const e = Math.expm1(-mm * x);
        v = g0 * (1 + e) + e / (up ? d.denUp[i]! : d.denDown[i]!);
      }
    } else {
      v = up ? m.stepUp(g0, n) : m.stepDown(g0, n);
    }
    if (this.sigma > 0 && noise !== null) v += this.sigma * (n < this.sqrtLen ? m.sqrtN[n]! : Math.sqrt(n)) * noise.normal();
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    this.g[i] = v;
    return v;
  }

  /**
   * Bulk update: device (offset + i) gets pulses[i] pulses, potentiation if > 0, depression if < 0,
   * for every i with pulses[i] != 0 (counts are capped at the direction's table). c2c noise from
   * `noise` as in pulse(). The tabulated case runs inline (the hot loop of every scheme).
   */
  applySigned(pulses: Int32Array, offset: number, noise: FastStream | null): void {
    const len = pulses.length;
    if (!this.simple) {
      for (let i = 0; i < len; i++) {
        const k = pulses[i]!;
        if (k !== 0) this.pulse(offset + i, k > 0 ? k : -k, k > 0, noise);
      }
      return;
    }
    const g = this.g;
    const m = this.model;
    const mulUp = m.mulUp;
    const addUp = m.addUp;
    const mulDown = m.mulDown;
    const addDown = m.addDown;
    const sq = m.sqrtN;
    const capUp = this.tabUp - 1;
    const capDown = this.tabDown - 1;
    const sigma = noise === null ? 0 : this.sigma;
    // The noise stream's xoshiro128** state is kept in locals for the loop (same sequence as
    // FastStream.normal(), written back at the end).
    const st = noise === null ? null : noise.s;
    let s0 = st ? st[0]! : 0;
    let s1 = st ? st[1]! : 0;
    let s2 = st ? st[2]! : 0;
    let s3 = st ? st[3]! : 0;
    for (let i = 0; i < len; i++) {
      const k = pulses[i]!;
      if (k === 0) continue;
      const j = offset + i;
      let v: number;
      let a: number;
      if (k > 0) {
        a = k < capUp ? k : capUp;
        v = g[j]! * mulUp[a]! + addUp[a]!;
      } else {
        a = -k < capDown ? -k : capDown;
        v = g[j]! * mulDown[a]! + addDown[a]!;
      }
      if (sigma > 0) {
        const r = Math.imul(s1, 5);
        const u = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
        const t = s1 << 9;
        const n2 = s2 ^ s0;
        const n3 = s3 ^ s1;
        s1 = s1 ^ n2;
        s0 = s0 ^ n3;
        s2 = n2 ^ t;
        s3 = (n3 << 11) | (n3 >>> 21);
        const b = u >>> QSHIFT;
        let z: number;
        if (b === 0 || b === QLAST) z = invCdf((u + 0.5) * 2.3283064365386963e-10);
        else {
          const q0 = QN[b]!;
          z = q0 + (u & QMASK) * QSCALE * (QN[b + 1]! - q0);
        }
        v += sigma * sq[a]! * z;
      }
      g[j] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    if (st) {
      st[0] = s0;
      st[1] = s1;
      st[2] = s2;
      st[3] = s3;
    }
  }

  /** Normalised conductance of device i on the nominal [Gmin, Gmax] scale (includes spread). */
  value(i: number): number {
    const s = this.spread;
    const g = this.g[i]!;
    return s ? s.off[i]! + s.scale[i]! * g : g;
  }

  /** Conductance of device i in S. */
  conductance(i: number): number {
    const p = this.model.params;
    return p.gMin + this.value(i) * (p.gMax - p.gMin);
  }
}

/**
 * Pulse-number rounding, n = round(x) or stochastic floor(x + u) (docs/devices.md#pulse-count).
 * x = |dw| / (wmax - wmin) * Pmax, already scaled by the caller.
 */
export function roundPulses(x: number, stochastic: boolean, noise: FastStream): number {
  return stochastic ? Math.floor(x + noise.uniform()) : Math.floor(x + 0.5);
}

/**
 * Device view helper: the deterministic pulse response, LTP from Gmin or LTD from Gmax, for
 * `pulses` pulses. p[k] = k, g[k] = conductance in S after k pulses; gNorm is the same normalised.
 */
export function pulseResponse(
  params: DeviceParams,
  opts: { direction: Direction; pulses?: number },
  lut?: MeasuredLut,
): { p: number[]; g: number[]; gNorm: number[] } {
  const model = deviceModel(params, lut);
  const up = opts.direction === 'ltp';
  const pulses = Math.max(0, Math.floor(opts.pulses ?? (up ? model.maxUp : model.maxDown)));
  const p: number[] = [];
  const g: number[] = [];
  const gNorm: number[] = [];
  let v = up ? 0 : 1;
  const range = params.gMax - params.gMin;
  for (let k = 0; k <= pulses; k++) {
    if (k > 0) v = up ? model.stepUp(v, 1) : model.stepDown(v, 1);
    p.push(k);
    gNorm.push(v);
    g.push(params.gMin + v * range);
  }
  return { p, g, gNorm };
}

/**
 * Quantisers of the hardware-aware training path (DNN+NeuroSim V2 / WAGE conventions, simplified
 * and stated here so tests can check values by hand):
 *
 * - Activations (layer inputs, unsigned, range [0, R]): q(x) = R * round(clip(x, 0, R) / R * L) / L,
 *   L = 2^bits - 1. R = 1 for image pixels and sigmoid outputs (so 8-bit pixels k/255 pass exactly);
 *   R = max(x) over the batch tensor for ReLU outputs (dynamic range).
 * - Errors (dL/dz flowing into a layer) and the desired weight change (gradientBits): signed,
 *   power-of-two dynamic range as in WAGE (Wu et al., ICLR 2018, "Shift(max|e|)"):
 *   S = 2^ceil(log2(max|e|)), step D = S / 2^(bits-1), q(e) = D * clip(round(e / D), -(2^(bits-1)-1), 2^(bits-1)-1).
 * - ADC on partial sums (adcBits, one conversion range per sub-array of `subArrayRows` rows): linear
 *   between the minimum and maximum of that sub-array's partial sums in the batch, as DNN+NeuroSim's
 *   `LinearQuantizeOut` (which floors; we round to the nearest of 2^bits levels):
 *   D = (max - min) / (2^bits - 1), q(p) = min + D * round((p - min) / D).
 * Rounding is half-to-even everywhere (tf.round's rule; `roundHalfEven` in JS) so that tensor and
 * array quantisers agree.
 *
 * These are the array versions (no TensorFlow.js): the training fast path quantises in place with
 * them, and the tensor versions in quant.ts wrap the same loops, so both give the same values.
 */
import { roundToStepsSimd } from './kernels/array-ops';

/** Round half to even (banker's rounding), the rule tf.round uses. */
export function roundHalfEven(x: number): number {
  // Math.round rounds .5 toward +infinity; move odd results of exact ties down to the even neighbour.
  const r = Math.round(x);
  return r - x === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

/** Power-of-two range S = 2^ceil(log2(m)) of a positive maximum m (0 for m = 0). */
export function pow2Range(m: number): number {
  if (!(m > 0) || !Number.isFinite(m)) return 0;
  return 2 ** Math.ceil(Math.log2(m));
}

/** 1.5 * 2^52: for |x| < 2^51, (x + ROUND_MAGIC) - ROUND_MAGIC is x rounded half to even (IEEE 754 float64). */
const ROUND_MAGIC = 6755399441055744;

/** Largest |a[i]| (NaN entries ignored). */
export function maxAbs(a: Float32Array): number {
  let m = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v; // a branch, not a select: no dependency chain through m
  }
  return m;
}

/**
 * Signed power-of-two dynamic-range quantiser on an array, in place. Returns the step D (0 if all
 * zero). `max` is max|a| when the caller already knows it (the optimiser computes it while writing
 * the array), saving a pass.
 */
export function quantizeSignedInPlace(a: Float32Array, bits: number, max: number = maxAbs(a)): number {
  const s = pow2Range(max);
  if (s === 0) return 0;
  const half = 2 ** (bits - 1);
  const d = s / half;
  const lim = half - 1;
  if (lim === 0) {
    // 1 bit: sign only, magnitude S/2 (degenerate; kept defined).
    for (let i = 0; i < a.length; i++) a[i] = a[i]! === 0 ? 0 : Math.sign(a[i]!) * (s / 2);
    return s / 2;
  }
  if (!roundToStepsSimd(a, d, lim)) roundToSteps(a, d, lim);
  return d;
}

/**
 * a[i] = D * clip(round(a[i] / D), -lim, lim) in place, rounding half to even, for a power-of-two
 * step D: multiplying by 1/D is then exact (same result as dividing). Clipping to the integer limit
 * before rounding equals clipping after; the magic-number rounding is half-to-even (roundHalfEven's
 * rule) without a branch, and yields +0, never -0.
 */
export function roundToSteps(a: Float32Array, d: number, lim: number): void {
  const inv = 1 / d;
  for (let i = 0, n = a.length; i < n; i++) {
    // Math.min / Math.max, not branches: on noisy gradients the branches mispredict (2x slower).
    const x = Math.min(Math.max(a[i]! * inv, -lim), lim);
    a[i] = (x + ROUND_MAGIC - ROUND_MAGIC) * d;
  }
}

/**
 * Error quantiser in place (errors dL/dz entering a layer's backward): S = 2^ceil(log2(max|e|)),
 * D = S / 2^(bits-1), q = D * clip(round(e / D), -max(2^(bits-1) - 1, 1), +max(...)). `max` is
 * max|e| over the whole tensor (over every slice of a batch split across threads). Leaves `a`
 * unchanged when it is all zero.
 */
export function quantizeErrorInPlace(a: Float32Array, bits: number, max: number): void {
  const s = pow2Range(max);
  if (s === 0) return;
  const half = 2 ** (bits - 1);
  roundToSteps(a, s / half, Math.max(half - 1, 1));
}

/**
 * Unsigned activation quantiser on [0, range], in place: q = round(clip(x, 0, R) * (L / R)) * (R / L),
 * L = 2^bits - 1, in float32 as the tensor expression computes it (each product rounded to float32).
 * A range that is not positive gives zeros.
 */
export function quantizeUnsignedInPlace(a: Float32Array, bits: number, range: number): void {
  if (!(range > 0)) {
    a.fill(0);
    return;
  }
  const f = Math.fround;
  const l = 2 ** bits - 1;
  const up = f(l / range);
  const down = f(range / l);
  const r = f(range);
  for (let i = 0, n = a.length; i < n; i++) {
    const v = a[i]!;
    const c = v < 0 ? 0 : v > r ? r : v;
    a[i] = f((f(c * up) + ROUND_MAGIC - ROUND_MAGIC) * down);
  }
}

/**
 * ADC quantiser of one sub-array's partial sums in place, between the conversion range's `lo` and
 * `hi` (the minimum and maximum over the batch) with 2^bits levels, in float32 as adcQuantizeT:
 * D = (hi - lo) / (2^bits - 1) (1 when hi = lo), q = lo + D * round((p - lo) / D).
 */
export function adcQuantizeInPlace(a: Float32Array, bits: number, lo: number, hi: number): void {
  const f = Math.fround;
  const l = f(2 ** bits - 1);
  const lo32 = f(lo);
  const span = f(f(hi) - lo32);
  const step = span > 0 ? f(span / l) : 1;
  for (let i = 0, n = a.length; i < n; i++) {
    const t = f(f(a[i]! - lo32) / step);
    a[i] = f(lo32 + f((t + ROUND_MAGIC - ROUND_MAGIC) * step));
  }
}

/** Scalar reference implementations (for documentation and tests). */
export function quantizeUnsignedScalar(x: number, bits: number, range: number): number {
  const l = 2 ** bits - 1;
  const c = Math.min(Math.max(x, 0), range);
  return (roundHalfEven((c / range) * l) * range) / l;
}

/**
 * Fast standard-normal deviates from the seeded Rng, for per-pulse cycle-to-cycle noise in hot loops.
 *
 * Inverse-CDF sampling with one uint32 per deviate: the top 12 bits pick one of 4096 equal-probability
 * bins, the low 20 bits interpolate linearly between tabulated quantiles. The two outermost bins
 * (probability 1/2048) use the exact inverse CDF (Acklam's rational approximation, relative error
 * < 1.2e-9), so the tails are not truncated. Rng.normal() (Box-Muller) stays the exact reference;
 * this sampler trades a tiny interpolation error (max |dz| about 2e-5 inside the central bins) for
 * about a 4x speed-up and a fixed stream length of one word per deviate.
 */
import type { Rng } from '../rng';

const BITS = 12;
const BINS = 1 << BITS;
const SHIFT = 32 - BITS;
const FRAC = 1 / (1 << SHIFT);

/** Inverse standard-normal CDF, Acklam's algorithm. p in (0, 1). */
export function inverseNormalCdf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a1 = -3.969683028665376e1, a2 = 2.209460984245205e2, a3 = -2.759285104469687e2;
  const a4 = 1.38357751867269e2, a5 = -3.066479806614716e1, a6 = 2.506628277459239;
  const b1 = -5.447609879822406e1, b2 = 1.615858368580409e2, b3 = -1.556989798598866e2;
  const b4 = 6.680131188771972e1, b5 = -1.328068155288572e1;
  const c1 = -7.784894002430293e-3, c2 = -3.223964580411365e-1, c3 = -2.400758277161838;
  const c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 7.784695709041462e-3, d2 = 3.224671290700398e-1, d3 = 2.445134137142996, d4 = 3.754408661907416;
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
}

const Q = new Float64Array(BINS + 1);
for (let k = 1; k < BINS; k++) Q[k] = inverseNormalCdf(k / BINS);

/** Quantiles Phi^-1(k / 4096), k = 0..4096 (ends unused), and the shift giving the bin of a uint32. */
export const NORMAL_QUANTILES: Float64Array = Q;
export const NORMAL_BINS_SHIFT = SHIFT;

/** One N(0, 1) deviate from one uint32 of `rng`. */
export function fastNormal(rng: Rng): number {
  const u = rng.nextU32();
  const k = u >>> SHIFT;
  if (k === 0 || k === BINS - 1) return inverseNormalCdf((u + 0.5) / 4294967296);
  const f = (u & ((1 << SHIFT) - 1)) * FRAC;
  const q0 = Q[k]!;
  return q0 + f * (Q[k + 1]! - q0);
}

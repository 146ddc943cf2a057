/**
 * Nonlinearity label NL -> curve constant A (docs/devices.md#nl-to-a).
 *
 * The normalised curve g(x) = (1 - e^(-x/a)) / (1 - e^(-1/a)), x in [0, 1], bends above the straight
 * line; its largest deviation max_x [g(x) - x] is set to 0.099 * |NL|. For a > 0 the deviation is
 * attained where g'(x) = 1, i.e. x* = -a ln(a (1 - e^(-1/a))), and it decreases monotonically from 1
 * (a -> 0) to 0 (a -> infinity), so a is found by bisection on ln a.
 * A = sign(NL) * a * Pmax. NL = 0 means linear (a = infinity).
 */

/** Deviation factor per unit NL (docs/devices.md#nl-to-a). */
export const NL_DEVIATION_PER_UNIT = 0.099;
/** Largest |NL| that has a solution: the deviation can not reach 1 (= 0.099 * 10.101). */
export const NL_MAX = 1 / NL_DEVIATION_PER_UNIT - 1e-6;

/** max_x [g(x) - x] for the normalised curve with constant a > 0. */
export function maxDeviation(a: number): number {
  // e1 = 1 - e^(-1/a), computed without cancellation for large a.
  const e1 = -Math.expm1(-1 / a);
  const xStar = -a * Math.log(a * e1);
  const x = Math.min(1, Math.max(0, xStar));
  return -Math.expm1(-x / a) / e1 - x;
}

/** Exact solve (bisection to machine precision) of A_norm(|NL|). Returns Infinity for NL = 0. */
export function solveANorm(nl: number): number {
  const target = NL_DEVIATION_PER_UNIT * Math.min(Math.abs(nl), NL_MAX);
  if (target === 0) return Infinity;
  // maxDeviation(a) ~ 1/(8a) for large a, ~ 1 + a ln a for small a.
  let lo = Math.log(1e-9);
  let hi = Math.log(Math.max(10, 1 / target));
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = 0.5 * (lo + hi);
    if (maxDeviation(Math.exp(mid)) > target) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}

const cache = new Map<number, number>();

/** A_norm(|NL|) (positive; Infinity for NL = 0), memoised exact solve. */
export function nlToANorm(nl: number): number {
  const key = Math.abs(nl);
  let a = cache.get(key);
  if (a === undefined) {
    a = solveANorm(key);
    if (cache.size > 4096) cache.clear();
    cache.set(key, a);
  }
  return a;
}

/** Signed curve constant A = sign(NL) * A_norm(|NL|) * Pmax (Infinity-signed for NL = 0: linear). */
export function nlToA(nl: number, pMax: number): number {
  if (nl === 0) return Infinity;
  return Math.sign(nl) * nlToANorm(nl) * pMax;
}

/*
 * Tabulated A_norm for bulk use (device-to-device variation draws one NL per device).
 * h(NL) = NL * A_norm(NL) is smooth and tends to a finite constant as NL -> 0 (deviation ~ 1/(8a)),
 * so it is tabulated on a uniform NL grid and interpolated linearly; A_norm = h / NL.
 */
const TABLE_STEP = 1 / 512;
let hTable: Float64Array | null = null;

function table(): Float64Array {
  if (hTable) return hTable;
  const n = Math.ceil(NL_MAX / TABLE_STEP) + 2;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nl = Math.min(i * TABLE_STEP, NL_MAX);
    t[i] = nl === 0 ? limitH() : nl * solveANorm(nl);
  }
  hTable = t;
  return t;
}

/** lim_{NL->0} NL * A_norm(NL), from the small-deviation expansion (solved numerically at a tiny NL). */
function limitH(): number {
  const nl = 1e-6;
  return nl * solveANorm(nl);
}

/** Fast A_norm(|NL|) from the table (relative error below 1e-4 except very near NL_MAX). */
export function nlToANormFast(nl: number): number {
  const x = Math.min(Math.abs(nl), NL_MAX);
  if (x === 0) return Infinity;
  const t = table();
  const f = x / TABLE_STEP;
  const i = Math.floor(f);
  const w = f - i;
  const h0 = t[i]!;
  const h1 = t[Math.min(i + 1, t.length - 1)]!;
  return (h0 + w * (h1 - h0)) / x;
}

/**
 * A fast per-call random stream for hot loops, derived from the caller's seeded Rng.
 *
 * Each vectorised operation (one layer update, one transfer) seeds a local xoshiro128** generator
 * from four words of the caller's Rng and draws its per-cell uniforms / normals from it. Results
 * are therefore a deterministic function of the caller's Rng state, exactly as if the Rng were used
 * directly, but the generator state lives in a Uint32Array: V8 keeps typed-array words unboxed,
 * whereas uint32 values in object fields above 2^30 are boxed as heap numbers on every store,
 * which costs 30-100 ns a draw in a tight loop.
 *
 * Normals: inverse-CDF with one word per deviate (see normal.ts for the table and accuracy).
 */
import type { Rng } from '../rng';
import { inverseNormalCdf, NORMAL_QUANTILES, NORMAL_BINS_SHIFT } from './normal';

// Local constants: module bindings may be compiled to getters by loaders; read them once.
const Q: Float64Array = NORMAL_QUANTILES;
export { Q as STREAM_QUANTILES };
const SHIFT: number = NORMAL_BINS_SHIFT;
const LAST_BIN: number = Q.length - 2;
const FRAC_MASK: number = (1 << SHIFT) - 1;
const FRAC_SCALE: number = 1 / (1 << SHIFT);
const invCdf = inverseNormalCdf;

/**
 * One xoshiro128** step (Blackman & Vigna 2018) of the state s[i], s[i + stride], s[i + 2 stride],
 * s[i + 3 stride], in place; returns the output word (uint32). FastStream keeps one state
 * (stride 1); the device update kernel's JavaScript twin keeps four lanes interleaved (stride 4).
 */
export function xoshiro128ss(s: Uint32Array, i: number, stride: number): number {
  const i1 = i + stride;
  const i2 = i1 + stride;
  const i3 = i2 + stride;
  const s0 = s[i]!;
  const s1 = s[i1]!;
  const s2 = s[i2]!;
  const s3 = s[i3]!;
  const r = Math.imul(s1, 5);
  const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  s[i1] = s1 ^ n2;
  s[i] = s0 ^ n3;
  s[i2] = n2 ^ t;
  s[i3] = (n3 << 11) | (n3 >>> 21);
  return result;
}

export class FastStream {
  /** Generator state (four words); hot loops may load it into locals and store it back. */
  readonly s = new Uint32Array(4);

  constructor(rng?: Rng) {
    if (rng) this.reseed(rng);
    else this.s[0] = 1;
  }

  /** Take four words from `rng` as the new state (never all zero). */
  reseed(rng: Rng): this {
    const s = this.s;
    s[0] = rng.nextU32();
    s[1] = rng.nextU32();
    s[2] = rng.nextU32();
    s[3] = rng.nextU32();
    if ((s[0] | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
    return this;
  }

  /** Uniform uint32 (xoshiro128**). */
  u32(): number {
    return xoshiro128ss(this.s, 0, 1);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.u32() * 2.3283064365386963e-10;
  }

  /** Standard normal deviate. */
  normal(): number {
    const u = this.u32();
    const k = u >>> SHIFT;
    if (k === 0 || k === LAST_BIN) return invCdf((u + 0.5) * 2.3283064365386963e-10);
    const f = (u & FRAC_MASK) * FRAC_SCALE;
    const q0 = Q[k]!;
    return q0 + f * (Q[k + 1]! - q0);
  }
}

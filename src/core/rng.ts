/**
 * Seeded pseudo-random numbers for everything stochastic in the core.
 *
 * xoshiro128** (Blackman & Vigna, 2018) on 32-bit state words, seeded through splitmix32 so that
 * nearby integer seeds give unrelated streams. The whole state is four uint32 words, so it can be
 * saved in a checkpoint and restored exactly (`state()` / `Rng.fromState`).
 * Core code never calls Math.random: every stochastic function takes an Rng.
 */
export type RngState = readonly [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  /** xoshiro state words a, b, c, d in a typed array: writes stay unboxed (plain uint32 fields were re-boxed on every write). */
  private readonly s = new Uint32Array(4);
  /** Second normal deviate kept from the last Box-Muller pair (NaN when empty). */
  private spare = Number.NaN;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed: expected a finite number, got ${seed}`);
    const sm = splitmix32(Math.floor(seed) ^ Math.floor(seed / 0x100000000));
    const s = this.s;
    s[0] = sm();
    s[1] = sm();
    s[2] = sm();
    s[3] = sm();
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  }

  static fromState(state: RngState, spare = Number.NaN): Rng {
    const r = new Rng(0);
    r.s.set(state.map((x) => x >>> 0));
    r.spare = spare;
    return r;
  }

  state(): { words: [number, number, number, number]; spare: number } {
    const s = this.s;
    return { words: [s[0]!, s[1]!, s[2]!, s[3]!], spare: this.spare };
  }

  /** Uniform uint32. */
  nextU32(): number {
    const s = this.s;
    const b = s[1]!;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= b;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal deviate (Box-Muller, polar form avoided so the stream length is fixed: 2 uniforms per pair). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u1 = this.uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u2;
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }

  /** A child generator with its own stream, derived deterministically from this one. */
  fork(): Rng {
    return new Rng(this.nextU32() * 0x100000000 + this.nextU32());
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(arr: T[] | Int32Array | Uint32Array): void {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i]!;
      arr[i] = arr[j]!;
      arr[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

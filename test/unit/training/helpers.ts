import { syntheticSplit } from '../../../src/core/training/synthetic';
/**
 * Test-only helpers: a tiny ideal synapse (w += dw, clipped to [-1, 1]) written against the
 * SynapseLayer contract, a noisy variant that consumes the rng (to exercise RNG checkpointing), and
 * tiny synthetic data sets.
 */
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../../../src/core/config/schema';
import { Rng } from '../../../src/core/rng';
import { emptyCounts, type SynapseCounts, type SynapseLayer, type SynapseSnapshot, type SynapseStateStats } from '../../../src/core/synapse/types';

export class TestSynapse implements SynapseLayer {
  readonly scheme = 'ideal' as const;
  readonly notes: readonly string[] = ['test-only ideal synapse'];
  w: Float32Array;
  private c: SynapseCounts = emptyCounts();
  constructor(
    readonly rows: number,
    readonly cols: number,
    _rng: Rng,
    private readonly noise = 0,
  ) {
    this.w = new Float32Array(rows * cols);
  }
  initialize(w: Float32Array): void {
    for (let i = 0; i < w.length; i++) this.w[i] = Math.min(1, Math.max(-1, w[i]!));
  }
  read(out: Float32Array): void {
    out.set(this.w);
  }
  readNonVolatile(out: Float32Array): void {
    out.set(this.w);
  }
  update(dw: Float32Array, rng: Rng): void {
    this.c.updates++;
    for (let i = 0; i < dw.length; i++) {
      if (dw[i] === 0) continue;
      const n = this.noise > 0 ? this.noise * rng.normal() : 0;
      this.w[i] = Math.min(1, Math.max(-1, this.w[i]! + dw[i]! + n));
      this.c.cellsWritten++;
      if (dw[i]! > 0) this.c.lsbPulsesUp++;
      else this.c.lsbPulsesDown++;
    }
  }
  elapse(): void {}
  advance(): number {
    return 0;
  }
  transfer(): void {}
  counts(): SynapseCounts {
    return { ...this.c };
  }
  stateStats(): SynapseStateStats {
    return { devices: 0, railLow: 0, railHigh: 0, lsbCells: 0, lsbAtRail: 0 };
  }
  resetCounts(): void {
    this.c = emptyCounts();
  }
  snapshot(): SynapseSnapshot {
    return { scheme: 'ideal', rows: this.rows, cols: this.cols, arrays: { w: this.w.slice() }, scalars: { ...this.c } };
  }
  restore(s: SynapseSnapshot): void {
    this.w = (s.arrays.w as Float32Array).slice();
    this.c = { ...emptyCounts(), ...(s.scalars as Partial<SynapseCounts>) };
  }
}

export const idealFactory = (_cfg: unknown, rows: number, cols: number, rng: Rng): SynapseLayer => new TestSynapse(rows, cols, rng);
export const noisyFactory = (_cfg: unknown, rows: number, cols: number, rng: Rng): SynapseLayer => new TestSynapse(rows, cols, rng, 0.001);

export function config(over: RunConfigInput): RunConfig {
  return runConfigSchema.parse(over);
}

/** A separable toy set at the network's input shape (class k lights a distinct block of pixels). */
export const toySplit = syntheticSplit;

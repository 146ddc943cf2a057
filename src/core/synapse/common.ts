/** Shared pieces of the synapse schemes: config resolution, counters, row statistics. */
import type { SynapseCounts, SynapseSnapshot, SchemeId } from './types';
import { ModelError } from '../errors';

/** Accumulates the per-row maxima the cost model prices as row-by-row programming time. */
export class RowMax {
  up = 0;
  down = 0;
  any = false;
  reset(): void {
    this.up = 0;
    this.down = 0;
    this.any = false;
  }
  note(n: number, up: boolean): void {
    this.any = true;
    if (up) {
      if (n > this.up) this.up = n;
    } else if (n > this.down) this.down = n;
  }
}

export function clip1(v: number): number {
  return v < -1 ? -1 : v > 1 ? 1 : v;
}

export function checkLength(what: string, a: { length: number }, n: number): void {
  if (a.length !== n) throw new ModelError(`${what}: expected length ${n} (rows x cols), got ${a.length}`);
}

export function checkSnapshot(s: SynapseSnapshot, scheme: SchemeId, rows: number, cols: number): void {
  if (s.scheme !== scheme || s.rows !== rows || s.cols !== cols)
    throw new ModelError(
      `snapshot is for ${s.scheme} ${s.rows}x${s.cols}, this layer is ${scheme} ${rows}x${cols}`,
    );
}

export function copyInto<T extends Float32Array | Int32Array | Uint8Array | Int8Array>(dst: T, src: unknown, name: string): void {
  if (!src || (src as { length?: number }).length !== dst.length)
    throw new ModelError(`snapshot array "${name}" missing or of the wrong length`);
  dst.set(src as ArrayLike<number>);
}

export function copyCounts(c: SynapseCounts): SynapseCounts {
  return { ...c };
}

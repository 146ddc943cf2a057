/** The ideal (software) synapse: float weights, w += dw clipped to [-1, 1]. */
import type { Rng } from '../rng';
import type { SynapseLayer, SynapseSnapshot, SynapseStateStats } from './types';
import { checkLength, checkSnapshot, clip1, copyInto, SynapseBase } from './common';
import { idealUpdate } from '../training/kernels/array-ops';

export class IdealSynapse extends SynapseBase implements SynapseLayer {
  readonly scheme = 'ideal' as const;
  readonly notes: readonly string[] = ['Ideal software synapse: floating-point weights, no device model (reference).'];
  readonly w: Float32Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    super();
    this.w = new Float32Array(rows * cols);
  }

  initialize(w: Float32Array, _rng: Rng): void {
    checkLength('initialize', w, this.w.length);
    for (let i = 0; i < w.length; i++) this.w[i] = clip1(w[i]!);
  }
  read(out: Float32Array): void {
    checkLength('read', out, this.w.length);
    out.set(this.w);
  }
  readNonVolatile(out: Float32Array): void {
    this.read(out);
  }
  update(dw: Float32Array, _rng: Rng): void {
    checkLength('update', dw, this.w.length);
    const t = idealUpdate(this.w, dw, this.rows, this.cols) ?? this.updateLoop(dw);
    this.c.updates++;
    this.c.cellsRequested += t.cells;
    this.c.cellsWritten += t.cells;
    this.c.rowsWritten += t.rows;
  }

  /** The update where WebAssembly SIMD is missing: w = clip(w + dw); cells with dw != 0 and rows holding one. */
  private updateLoop(dw: Float32Array): { cells: number; rows: number } {
    const { w, cols } = this;
    const bits = new Uint32Array(dw.buffer, dw.byteOffset, dw.length);
    let cells = 0;
    let rows = 0;
    for (let r = 0; r < this.rows; r++) {
      let rowCells = 0;
      for (let i = r * cols, e = i + cols; i < e; i++) {
        const v = w[i]! + dw[i]!;
        w[i] = v < -1 ? -1 : v > 1 ? 1 : v;
        // 1 when dw[i] is not +-0, without a branch (quantised updates are zero about half the time:
        // a branch there mispredicts and triples the loop's time): the bits bar the sign, and u | -u
        // has its top bit set exactly when u is not 0.
        const u = bits[i]! << 1;
        rowCells += (u | -u) >>> 31;
      }
      cells += rowCells;
      rows += rowCells > 0 ? 1 : 0;
    }
    return { cells, rows };
  }
  stateStats(): SynapseStateStats {
    return { devices: 0, railLow: 0, railHigh: 0, lsbCells: 0, lsbAtRail: 0 };
  }
  snapshot(): SynapseSnapshot {
    return { scheme: this.scheme, rows: this.rows, cols: this.cols, arrays: { w: this.w.slice() }, scalars: {} };
  }
  restore(s: SynapseSnapshot): void {
    checkSnapshot(s, this.scheme, this.rows, this.cols);
    copyInto(this.w, s.arrays.w, 'w');
  }
}

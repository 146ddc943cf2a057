/** Shared pieces of the synapse schemes: config resolution, counters, row statistics. */
import { emptyCounts, type SynapseCounts, type SynapseSnapshot, type SchemeId } from './types';
import type { Rng } from '../rng';
import { ModelError } from '../errors';
import { roundPulses, type EnvmArray } from '../devices/envm';
import type { FastStream } from '../devices/stream';
import { updateTabulated, type TabulatedUpdate, type UpdateTotals } from '../devices/update-kernel';

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

/** Scale and caps that turn a desired change into pulse counts (see planPulses). */
export interface PulsePlan {
  readonly up: number;
  readonly down: number;
  readonly maxUp: number;
  readonly maxDown: number;
  readonly stochastic: boolean;
}

/**
 * One device per synapse, one update, planned and applied: what planPulses followed by
 * dev.applySigned does, with the pulse counts rounded and the steps applied in one pass. Tabulated
 * devices go through the device update kernel (devices/update-kernel.ts: WebAssembly SIMD or its
 * bit-identical JavaScript twin; float32 arithmetic, four random lanes); devices with
 * device-to-device variation or a measured look-up table take the two-step path through `buf`.
 */
export function updateDevices(
  dev: EnvmArray,
  dw: Float32Array,
  buf: Int32Array,
  rows: number,
  cols: number,
  k: PulsePlan,
  noise: FastStream,
  c: SynapseCounts,
): { up: number; down: number } {
  if (!dev.simple) {
    const p = planPulses(dw, buf, rows, cols, k, noise, c);
    dev.applySigned(buf, 0, noise);
    return p;
  }
  const t = updateTabulated(dw, dev.g, tabulatedPlan(dev, rows, cols, k), noise);
  addUpdateTotals(c, t);
  return { up: t.up, down: t.down };
}

/** The kernel's description of an update of tabulated device array `dev` planned by `k`. */
export function tabulatedPlan(dev: EnvmArray, rows: number, cols: number, k: PulsePlan): TabulatedUpdate {
  const m = dev.model;
  return {
    rows,
    cols,
    model: m,
    kUp: k.up,
    kDown: k.down,
    // Pulse caps: a full sweep of the device, and the step table (same bound as applySigned).
    capUp: Math.min(k.maxUp, m.mulUp.length - 1),
    capDown: Math.min(k.maxDown, m.mulDown.length - 1),
    stochastic: k.stochastic,
    noisy: dev.sigma > 0,
  };
}

/** Adds one kernel update's row-by-row programming counters to `c` (pulse totals are the caller's). */
export function addUpdateTotals(c: SynapseCounts, t: UpdateTotals): void {
  c.updates++;
  c.cellsRequested += t.requested;
  c.cellsWritten += t.cells;
  c.rowsWritten += t.rows;
  c.rowMaxPulsesUp += t.rowMaxUp;
  c.rowMaxPulsesDown += t.rowMaxDown;
}

/**
 * One device per synapse, one update: desired changes `dw` (already scaled so that x = |dw| k is
 * the pulse count before rounding) become signed pulse counts in `buf` (+ LTP, - LTD), clipped to
 * a full sweep of the device, with the row-by-row programming accounting (cells and rows written,
 * each row's largest LTP and LTD count) added to `c`. Returns the pulses by direction.
 */
export function planPulses(
  dw: Float32Array,
  buf: Int32Array,
  rows: number,
  cols: number,
  k: PulsePlan,
  noise: FastStream,
  c: SynapseCounts,
): { up: number; down: number } {
  const { up: kUp, down: kDown, maxUp, maxDown, stochastic } = k;
  let cells = 0;
  let rowsW = 0;
  let pUp = 0;
  let pDown = 0;
  let requested = 0;
  for (let r = 0; r < rows; r++) {
    let rowUp = 0;
    let rowDown = 0;
    let rowAny = false;
    for (let i = r * cols, e = i + cols; i < e; i++) {
      const d = dw[i]!;
      if (d === 0 || d !== d) {
        buf[i] = 0;
        continue;
      }
      requested++;
      const up = d > 0;
      const x = up ? d * kUp : -d * kDown;
      let n = stochastic ? roundPulses(x, true, noise) : Math.floor(x + 0.5);
      if (n === 0) {
        buf[i] = 0;
        continue;
      }
      if (up) {
        if (n > maxUp) n = maxUp;
        pUp += n;
        buf[i] = n;
        if (n > rowUp) rowUp = n;
      } else {
        if (n > maxDown) n = maxDown;
        pDown += n;
        buf[i] = -n;
        if (n > rowDown) rowDown = n;
      }
      rowAny = true;
      cells++;
    }
    if (rowAny) {
      rowsW++;
      c.rowMaxPulsesUp += rowUp;
      c.rowMaxPulsesDown += rowDown;
    }
  }
  c.updates++;
  c.cellsRequested += requested;
  c.cellsWritten += cells;
  c.rowsWritten += rowsW;
  return { up: pUp, down: pDown };
}

/** Devices of `g` (normalised conductances) at the low rail (<= 0) and the high rail (>= 1). */
export function railCounts(g: Float32Array): { low: number; high: number } {
  let low = 0;
  let high = 0;
  for (let i = 0, n = g.length; i < n; i++) {
    const v = g[i]!;
    if (v <= 0) low++;
    else if (v >= 1) high++;
  }
  return { low, high };
}

/**
 * What every scheme shares: its action counters, and the non-volatile behaviour (no leakage, no
 * transfers) that hybrid schemes override.
 */
export abstract class SynapseBase {
  protected c: SynapseCounts = emptyCounts();
  counts(): SynapseCounts {
    return { ...this.c };
  }
  resetCounts(): void {
    this.c = emptyCounts();
  }
  elapse(_seconds: number): void {}
  advance(_images: number, _seconds: number, _rng: Rng): number {
    return 0;
  }
  transfer(_rng: Rng): void {}
}

/** Shared pieces of the synapse schemes: config resolution, counters, row statistics. */
import { emptyCounts, type SynapseCounts, type SynapseSnapshot, type SchemeId } from './types';
import type { Rng } from '../rng';
import { ModelError } from '../errors';
import { roundPulses, type EnvmArray } from '../devices/envm';
import type { FastStream } from '../devices/stream';
import { inverseNormalCdf, NORMAL_BINS_SHIFT, NORMAL_QUANTILES } from '../devices/normal';

// Local copies of module constants for the hot loop (see stream.ts).
const QN: Float64Array = NORMAL_QUANTILES;
const QSHIFT: number = NORMAL_BINS_SHIFT;
const QLAST: number = QN.length - 2;
const QMASK: number = (1 << QSHIFT) - 1;
const QSCALE: number = 1 / (1 << QSHIFT);
const U32_SCALE = 2.3283064365386963e-10; // 2^-32

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
 * One device per synapse, one update, planned and applied: the result (conductances, counters,
 * pulses by direction) is that of planPulses followed by dev.applySigned, with the random draws
 * taken per cell in order (its rounding uniform, then its noise normal) instead of all rounding
 * uniforms first. Tabulated devices run one fused pass: no pulse buffer, direction chosen by a table
 * index, the noise stream's xoshiro128** state in locals. Other devices (device-to-device
 * variation, measured look-up tables) take the two-step path through `buf`.
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
  const m = dev.model;
  const g = dev.g;
  const mulT = m.mulT;
  const addT = m.addT;
  const ampT = m.ampT;
  const off = m.tabOffsetDown;
  // Pulse caps: a full sweep of the device, and the table (same bound as applySigned).
  const capUp = Math.min(k.maxUp, m.mulUp.length - 1);
  const capDown = Math.min(k.maxDown, m.mulDown.length - 1);
  // Rounding input is capped before the integer conversion so huge changes cannot overflow int32.
  const xCapUp = capUp + 1;
  const xCapDown = capDown + 1;
  const kUp = k.up;
  const kDown = k.down;
  const stochastic = k.stochastic;
  const noisy = dev.sigma > 0;
  const st = noise.s;
  let s0 = st[0]! | 0;
  let s1 = st[1]! | 0;
  let s2 = st[2]! | 0;
  let s3 = st[3]! | 0;
  let cells = 0;
  let rowsW = 0;
  let pUp = 0;
  let pDown = 0;
  let sumRowUp = 0;
  let sumRowDown = 0;
  for (let r = 0; r < rows; r++) {
    let rowUp = 0;
    let rowDown = 0;
    let rowCells = 0;
    for (let i = r * cols, e = i + cols; i < e; i++) {
      const d = dw[i]!;
      if (d === 0) continue;
      const neg = d < 0;
      let x = neg ? -d * kDown : d * kUp;
      const xc = neg ? xCapDown : xCapUp;
      x = x >= xc ? xc : x; // (a NaN stays NaN and rounds to 0 pulses below)
      let u = 0.5;
      if (stochastic) {
        // xoshiro128** step (Blackman & Vigna 2018), as FastStream.u32().
        const rr = Math.imul(s1, 5);
        u = (Math.imul((rr << 7) | (rr >>> 25), 9) >>> 0) * U32_SCALE;
        const t = s1 << 9;
        const n2 = s2 ^ s0;
        const n3 = s3 ^ s1;
        s1 ^= n2;
        s0 ^= n3;
        s2 = n2 ^ t;
        s3 = (n3 << 11) | (n3 >>> 21);
      }
      let a = (x + u) | 0; // floor: x + u >= 0
      if (a === 0) continue;
      const cap = neg ? capDown : capUp;
      a = a < cap ? a : cap;
      const j = neg ? off + a : a;
      let v = g[i]! * mulT[j]! + addT[j]!;
      if (noisy) {
        const rr = Math.imul(s1, 5);
        const w = Math.imul((rr << 7) | (rr >>> 25), 9) >>> 0;
        const t = s1 << 9;
        const n2 = s2 ^ s0;
        const n3 = s3 ^ s1;
        s1 ^= n2;
        s0 ^= n3;
        s2 = n2 ^ t;
        s3 = (n3 << 11) | (n3 >>> 21);
        // Inverse-CDF normal from one word (normal.ts): table bins, exact tails.
        const b = w >>> QSHIFT;
        let z: number;
        if (b === 0 || b === QLAST) z = inverseNormalCdf((w + 0.5) * U32_SCALE);
        else {
          const q0 = QN[b]!;
          z = q0 + (w & QMASK) * QSCALE * (QN[b + 1]! - q0);
        }
        v += ampT[j]! * z;
      }
      g[i] = v < 0 ? 0 : v > 1 ? 1 : v;
      rowCells++;
      const aUp = neg ? 0 : a;
      const aDown = neg ? a : 0;
      pUp += aUp;
      pDown += aDown;
      rowUp = aUp > rowUp ? aUp : rowUp;
      rowDown = aDown > rowDown ? aDown : rowDown;
    }
    cells += rowCells;
    if (rowCells > 0) {
      rowsW++;
      sumRowUp += rowUp;
      sumRowDown += rowDown;
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  c.updates++;
  c.cellsWritten += cells;
  c.rowsWritten += rowsW;
  c.rowMaxPulsesUp += sumRowUp;
  c.rowMaxPulsesDown += sumRowDown;
  return { up: pUp, down: pDown };
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
  for (let r = 0; r < rows; r++) {
    let rowUp = 0;
    let rowDown = 0;
    let rowAny = false;
    for (let i = r * cols, e = i + cols; i < e; i++) {
      const d = dw[i]!;
      if (d === 0) {
        buf[i] = 0;
        continue;
      }
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
  c.cellsWritten += cells;
  c.rowsWritten += rowsW;
  return { up: pUp, down: pDown };
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

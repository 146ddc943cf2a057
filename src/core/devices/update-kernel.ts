/**
 * The hot path of every device update: one layer of tabulated devices (DeviceModel affine steps, no
 * device-to-device constants, no measured table), planned and applied in one pass.
 *
 * Two implementations with bit-identical results (same float32 operations in the same order, same
 * random streams): a WebAssembly SIMD kernel (update-kernel.wat, four cells per instruction) used
 * whenever the engine accepts it, and its JavaScript twin `updateTabulatedJs`, used where WebAssembly
 * SIMD is missing and in the tests that hold the two together. `updateKernelName()` says which runs.
 *
 * Arithmetic is float32 throughout (conductances are stored as float32): the step tables, the
 * rounding input, the noise amplitude sigma sqrt(n) and the normal deviates are float32, as in the
 * .wat header.
 *
 * Random draws: four xoshiro128** lanes seeded from 16 words of the caller's stream; cell (r, c) of
 * the layer uses lane c mod 4 and always takes two words (rounding uniform, then noise normal).
 */
import type { DeviceModel } from './envm';
import { inverseNormalCdf, NORMAL_BINS_SHIFT, NORMAL_QUANTILES } from './normal';
import { xoshiro128ss, type FastStream } from './stream';
import { UPDATE_KERNEL_WASM_BASE64 } from './update-kernel.wasm';
import { compileSimdModule, decodeBase64, wasmApi, WASM_PAGE as PAGE, type WasmApi, type WasmMemory } from '../wasm';

export { decodeBase64 };

const BINS = 1 << (32 - NORMAL_BINS_SHIFT);
const FRAC_BITS = NORMAL_BINS_SHIFT;

/** Inverse-CDF pairs (Q[b], Q[b+1] - Q[b]) in float32, b = 0..BINS-1 (the end bins use the exact tail). */
const QPAIRS: Float32Array = (() => {
  const q = NORMAL_QUANTILES;
  const t = new Float32Array(2 * BINS);
  for (let b = 0; b < BINS; b++) {
    t[2 * b] = q[b]!;
    t[2 * b + 1] = q[b + 1]! - q[b]!;
  }
  return t;
})();

/** Exact tail deviate of a word in the outermost bins, as float32. */
function tailNormal(w: number): number {
  return Math.fround(inverseNormalCdf(((w >>> 0) + 0.5) * 2.3283064365386963e-10));
}

/** Standard normal deviate of one word, float32, exactly as the kernel computes it. */
function normalOfWord(w: number): number {
  const f = Math.fround;
  const b = w >>> FRAC_BITS;
  if (b === 0 || b === BINS - 1) return tailNormal(w);
  return f(QPAIRS[2 * b]! + f(f((w & ((1 << FRAC_BITS) - 1)) * 9.5367431640625e-7) * QPAIRS[2 * b + 1]!));
}

/** Per model: entries (mul, add, 0, 0) in float32, indexed j = n (LTP) or tabOffsetDown + n (LTD). */
const packed = new WeakMap<DeviceModel, Float32Array>();
export function packedTable(m: DeviceModel): Float32Array {
  let t = packed.get(m);
  if (!t) {
    const len = m.mulT.length;
    t = new Float32Array(4 * len);
    for (let j = 0; j < len; j++) {
      t[4 * j] = m.mulT[j]!;
      t[4 * j + 1] = m.addT[j]!;
    }
    packed.set(m, t);
  }
  return t;
}

/** What one layer update needs besides the arrays. */
export interface TabulatedUpdate {
  readonly rows: number;
  readonly cols: number;
  readonly model: DeviceModel;
  /** Pulses per unit |dw| by direction, and the pulse caps (<= the model's table). */
  readonly kUp: number;
  readonly kDown: number;
  readonly capUp: number;
  readonly capDown: number;
  readonly stochastic: boolean;
  readonly noisy: boolean;
}

/** Counters of one update (cells = devices, or synapses of a pair, that received pulses). */
export interface UpdateTotals {
  /** Cells (synapses of a pair) asked to change: dw non-zero and not NaN. */
  requested: number;
  cells: number;
  rows: number;
  up: number;
  down: number;
  rowMaxUp: number;
  rowMaxDown: number;
}

/** Four xoshiro128** lanes (struct of arrays: s0 of lanes 0-3, s1, s2, s3) from 16 words of `noise`. */
export function laneStates(noise: FastStream): Uint32Array {
  const st = new Uint32Array(16);
  for (let l = 0; l < 4; l++) {
    for (let w = 0; w < 4; w++) st[4 * w + l] = noise.u32();
    if ((st[l]! | st[4 + l]! | st[8 + l]! | st[12 + l]!) === 0) st[l] = 1;
  }
  return st;
}

/** Float32 constants of one update, shared by the JavaScript twins. */
class StepConsts {
  readonly tab: Float32Array;
  readonly off: number;
  readonly sigma: number;
  readonly noisy: boolean;
  readonly kUp: number;
  readonly kDown: number;
  readonly xcUp: number;
  readonly xcDown: number;
  readonly capUp: number;
  readonly capDown: number;
  readonly stochastic: boolean;
  constructor(model: DeviceModel, noisy: boolean, p?: TabulatedUpdate) {
    const f = Math.fround;
    this.tab = packedTable(model);
    this.off = model.tabOffsetDown;
    this.sigma = f(model.params.sigmaC2c);
    this.noisy = noisy;
    this.kUp = f(p?.kUp ?? 0);
    this.kDown = f(p?.kDown ?? 0);
    this.capUp = p?.capUp ?? 0;
    this.capDown = p?.capDown ?? 0;
    this.xcUp = f(this.capUp + 1);
    this.xcDown = f(this.capDown + 1);
    this.stochastic = p?.stochastic ?? false;
  }
}

/** a > 0 pulses (LTD when `down`) on device i with noise word w, as the kernel applies them. */
function applySteps(g: Float32Array, i: number, a: number, down: boolean, w: number, k: StepConsts): void {
  const f = Math.fround;
  const j = 4 * (down ? k.off + a : a);
  let v = f(f(g[i]! * k.tab[j]!) + k.tab[j + 1]!);
  if (k.noisy) v = f(v + f(f(k.sigma * f(Math.sqrt(a))) * normalOfWord(w)));
  g[i] = v > 1 ? 1 : v < 0 ? 0 : v;
}

/**
 * One device of the twin: change d (LTD when negative) with rounding word w1 and noise word w2,
 * as update-kernel.wat computes it. Updates g[i]; returns the pulse count (0 = untouched).
 */
function stepDevice(g: Float32Array, i: number, d: number, w1: number, w2: number, k: StepConsts): number {
  const f = Math.fround;
  const neg = d < 0;
  let x = f((neg ? -d : d) * (neg ? k.kDown : k.kUp));
  const xc = neg ? k.xcDown : k.xcUp;
  x = x >= xc ? xc : x; // a NaN stays NaN and gives 0 pulses
  const u = k.stochastic ? (w1 >>> 8) * 5.960464477539063e-8 : 0.5;
  let a = f(x + u) | 0;
  const cap = neg ? k.capDown : k.capUp;
  a = a < cap ? a : cap;
  if (a > 0) applySteps(g, i, a, neg, w2, k);
  return a;
}

/**
 * The kernel's walk over a layer: rows in order, each in groups of four cells from the row's start;
 * every lane of every group draws `words` words (also past the row's end), and `cell(i, w)` runs for
 * the cells inside the row with their words; `endRow(r)` after each row.
 */
function walkLanes(rows: number, cols: number, st: Uint32Array, words: number, cell: (i: number, w: Uint32Array) => void, endRow: (r: number) => void): void {
  const w = new Uint32Array(words);
  for (let r = 0; r < rows; r++) {
    for (let c0 = 0; c0 < cols; c0 += 4) {
      for (let l = 0; l < 4; l++) {
        for (let k = 0; k < words; k++) w[k] = xoshiro128ss(st, l, 4);
        if (c0 + l < cols) cell(r * cols + c0 + l, w);
      }
    }
    endRow(r);
  }
}

/** Per-row accumulation of the counters (kernel `out`). */
class RowTotals {
  readonly tot: UpdateTotals = { requested: 0, cells: 0, rows: 0, up: 0, down: 0, rowMaxUp: 0, rowMaxDown: 0 };
  private cells = 0;
  private up = 0;
  private down = 0;
  private maxUp = 0;
  private maxDown = 0;
  /** A written cell (or synapse) with its LTP and LTD pulse counts. */
  add(up: number, down: number): void {
    this.cells++;
    this.up += up;
    this.down += down;
    if (up > this.maxUp) this.maxUp = up;
    if (down > this.maxDown) this.maxDown = down;
  }
  endRow(): void {
    const t = this.tot;
    if (this.cells > 0) {
      t.cells += this.cells;
      t.rows++;
      t.up += this.up;
      t.down += this.down;
      t.rowMaxUp += this.maxUp;
      t.rowMaxDown += this.maxDown;
    }
    this.cells = this.up = this.down = this.maxUp = this.maxDown = 0;
  }
}

/**
 * JavaScript twin of the kernel's `update`: updates `g` in place from `dw` and advances the lane
 * states `st` exactly as update-kernel.wat does.
 */
export function updateTabulatedJs(dw: Float32Array, g: Float32Array, p: TabulatedUpdate, st: Uint32Array): UpdateTotals {
  const k = new StepConsts(p.model, p.noisy, p);
  const t = new RowTotals();
  const cell = (i: number, w: Uint32Array): void => {
    const d = dw[i]!;
    if (d !== 0 && d === d) t.tot.requested++;
    const a = stepDevice(g, i, d, w[0]!, w[1]!, k);
    if (a > 0) t.add(d < 0 ? 0 : a, d < 0 ? a : 0);
  };
  walkLanes(p.rows, p.cols, st, 2, cell, () => t.endRow());
  return t.tot;
}

/**
 * JavaScript twin of the kernel's `updatePair`: G+ = g[0, n) moves by dw, G- = g[n, 2n) by -dw;
 * counters per synapse (written when either device is; LTP count = the rising device's).
 */
export function updatePairJs(dw: Float32Array, g: Float32Array, p: TabulatedUpdate, st: Uint32Array): UpdateTotals {
  const k = new StepConsts(p.model, p.noisy, p);
  const n = p.rows * p.cols;
  const t = new RowTotals();
  const cell = (i: number, w: Uint32Array): void => {
    const d = dw[i]!;
    if (d !== 0 && d === d) t.tot.requested++;
    const aP = stepDevice(g, i, d, w[0]!, w[1]!, k);
    const aM = stepDevice(g, n + i, -d, w[2]!, w[3]!, k);
    if ((aP | aM) !== 0) t.add(d < 0 ? aM : aP, d < 0 ? aP : aM);
  };
  walkLanes(p.rows, p.cols, st, 4, cell, () => t.endRow());
  return t.tot;
}

/** What an open-loop HPS transfer needs besides the arrays (hps.ts; update-kernel.wat `transfer`). */
export interface OpenLoopTransfer {
  readonly rows: number;
  readonly cols: number;
  /** The eNVM model (LTP steps are used). */
  readonly model: DeviceModel;
  readonly significance: number;
  readonly residualCharge: number;
  readonly noisy: boolean;
}

/** Result of an open-loop transfer pass. */
export interface TransferTotals {
  /** LTP pulses applied. */
  pulses: number;
  /** Per row, the largest pulse count in the row (0 when none). */
  rowMax: Int32Array;
  /** Cells whose target device would pass Gmax, left untouched for the caller (ascending). */
  overflow: Int32Array;
  /** LSB cells at a rail (<= 0 or >= 1) when the transfer read them. */
  lsbAtRail: number;
}

/**
 * JavaScript twin of the kernel's `transfer`: moves W_LSB / F of every cell into its eNVM pair
 * (g: G+ in [0, n), G- in [n, 2n)) with open-loop LTP pulses and resets the LSB, in place.
 */
export function transferOpenLoopJs(lsb: Float32Array, g: Float32Array, p: OpenLoopTransfer, st: Uint32Array): TransferTotals {
  const f = Math.fround;
  const k = new StepConsts(p.model, p.noisy);
  const n = p.rows * p.cols;
  const F = f(p.significance);
  const resid = f(p.residualCharge);
  const pMax = Math.min(p.model.maxUp, p.model.mulUp.length - 1);
  const rowMax = new Int32Array(p.rows);
  const overflow: number[] = [];
  let pulses = 0;
  let rm = 0;
  let rail = 0;
  const cell = (i: number, w: Uint32Array): void => {
    const lv = lsb[i]!;
    if (lv <= 0 || lv >= 1) rail++;
    const wl = f(f(lv + lv) - 1);
    if (wl === 0) return;
    const delta = f(wl / F);
    const jT = delta > 0 ? i : n + i;
    const a = delta > 0 ? delta : -delta;
    if (f(g[jT]! + a) > 1) {
      overflow.push(i);
      return;
    }
    let m = Math.floor(f(f(a * pMax) + 0.5));
    m = m < pMax ? m : pMax;
    if (m > 0) {
      applySteps(g, jT, m, false, w[0]!, k);
      pulses += m;
      if (m > rm) rm = m;
    }
    lsb[i] = f(0.5 + f(resid * f(lv - 0.5)));
  };
  const endRow = (r: number): void => {
    rowMax[r] = rm;
    rm = 0;
  };
  walkLanes(p.rows, p.cols, st, 1, cell, endRow);
  return { pulses, rowMax, overflow: Int32Array.from(overflow), lsbAtRail: rail };
}

interface KernelExports {
  memory: WasmMemory;
  update: (...args: number[]) => void;
  updatePair: (...args: number[]) => void;
  transfer: (...args: number[]) => void;
  readHps: (gp: number, gm: number, l: number, out: number, n: number, F: number, s: number) => void;
}

// Memory of a kernel instance (bytes): lane states, totals, the normal table, then the device
// tables, a scratch area for arrays copied in for one call, and (arenas) the resident arrays.
const STATE_AT = 0;
const OUT_AT = 64;
const Q_AT = 128;
const TAB_AT = Q_AT + QPAIRS.byteLength;

/** Bytes of `count` float32 or int32 values, rounded up to 16, plus 16 for the kernel's last group. */
const slot = (count: number): number => 4 * Math.ceil(count / 4) * 4 + 16;

/**
 * One instance of the kernel and its memory. The shared instance serves arrays that live in
 * ordinary JavaScript memory: it copies them in and out around every call and grows as needed.
 * An arena instance (`residentArrays`) is sized once for the arrays of one synapse layer, which
 * live in its memory, and runs on them in place; its memory never grows, so their views stay valid.
 */
class SimdKernel {
  private readonly ex: KernelExports;
  private f32: Float32Array;
  /** Device tables in memory by model (the shared instance keeps the last one used). */
  private readonly tables = new Map<DeviceModel, number>();
  /** Start of the scratch area. */
  private scratch: number;
  private readonly fixed: boolean;

  constructor(api: WasmApi, mod: object, arena?: { models: readonly DeviceModel[]; bytes: number }) {
    const inst = new api.Instance(mod, { env: { tail: tailNormal } });
    this.ex = inst.exports as unknown as KernelExports;
    this.fixed = arena !== undefined;
    let at = TAB_AT;
    const tabs = (arena?.models ?? []).map((m) => packedTable(m));
    for (const t of tabs) at += t.byteLength;
    this.scratch = at;
    this.f32 = new Float32Array(this.ex.memory.buffer);
    if (arena) {
      this.ex.memory.grow(Math.ceil((at + arena.bytes) / PAGE));
      this.f32 = new Float32Array(this.ex.memory.buffer);
      at = TAB_AT;
      arena.models.forEach((m, k) => {
        this.f32.set(tabs[k]!, at / 4);
        this.tables.set(m, at);
        at += tabs[k]!.byteLength;
      });
    }
    this.f32.set(QPAIRS, Q_AT / 4);
  }

  get buffer(): ArrayBuffer {
    return this.ex.memory.buffer;
  }

  /** Whether this instance can run on arrays of model `m` in place. */
  serves(m: DeviceModel): boolean {
    return this.tables.has(m);
  }

  /** `count` float32 values of the arena after the scratch area (`scratchBytes` long), at `offset` bytes into it. */
  view(scratchBytes: number, offset: number, count: number): Float32Array {
    return new Float32Array(this.ex.memory.buffer, this.scratch + scratchBytes + offset, count);
  }

  private ensure(bytes: number): void {
    const mem = this.ex.memory;
    if (mem.buffer.byteLength < bytes) {
      if (this.fixed) throw new Error(`update kernel: arena of ${mem.buffer.byteLength} bytes cannot hold ${bytes}`);
      mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / PAGE));
    }
    if (this.f32.buffer !== mem.buffer) this.f32 = new Float32Array(mem.buffer);
  }

  /** Address of the table of `m`; the shared instance copies it in when it changes. */
  private table(m: DeviceModel): number {
    const at = this.tables.get(m);
    if (at !== undefined) return at;
    const t = packedTable(m);
    this.ensure(TAB_AT + t.byteLength);
    this.f32.set(t, TAB_AT / 4);
    this.tables.clear();
    this.tables.set(m, TAB_AT);
    this.scratch = TAB_AT + t.byteLength;
    return TAB_AT;
  }

  /** Address of the first `count` values of `a`: in place when it lives here, else copied to `at`. */
  private place(a: Float32Array, count: number, at: number): number {
    if (a.buffer === this.f32.buffer) return a.byteOffset;
    this.f32.set(a.subarray(0, count), at / 4);
    return at;
  }

  /** Copy `count` values back from `at` into `a` unless `a` lives here. */
  private unplace(a: Float32Array, count: number, at: number): void {
    if (a.buffer !== this.f32.buffer) a.set(this.f32.subarray(at / 4, at / 4 + count));
  }

  private takeState(st: Uint32Array): void {
    new Uint32Array(this.f32.buffer, STATE_AT, 16).set(st);
  }

  private giveState(st: Uint32Array): void {
    st.set(new Uint32Array(this.f32.buffer, STATE_AT, 16));
  }

  run(dw: Float32Array, g: Float32Array, p: TabulatedUpdate, st: Uint32Array, pair: boolean): UpdateTotals {
    const n = p.rows * p.cols;
    const devices = pair ? 2 * n : n;
    const tabAt = this.table(p.model);
    const dwSlot = this.scratch;
    const gSlot = dwSlot + slot(n);
    this.ensure(gSlot + (g.buffer === this.f32.buffer ? 0 : slot(devices)));
    const dwAt = this.place(dw, n, dwSlot);
    const gAt = this.place(g, devices, gSlot);
    this.takeState(st);
    const common = [p.model.tabOffsetDown, p.kUp, p.kDown, p.capUp, p.capDown, p.stochastic ? 1 : 0, p.noisy ? 1 : 0, STATE_AT, OUT_AT, Q_AT, p.model.params.sigmaC2c];
    if (pair) this.ex.updatePair(dwAt, gAt, gAt + 4 * n, p.rows, p.cols, tabAt, ...common);
    else this.ex.update(dwAt, gAt, p.rows, p.cols, tabAt, ...common);
    this.unplace(g, devices, gAt);
    this.giveState(st);
    const o = new Float64Array(this.f32.buffer, OUT_AT, 7);
    return { requested: o[6]!, cells: o[0]!, rows: o[1]!, up: o[2]!, down: o[3]!, rowMaxUp: o[4]!, rowMaxDown: o[5]! };
  }

  /** HPS read-out of n synapses whose eNVM pair g (2n) and LSB lsb (n) live here, into out. */
  readHps(g: Float32Array, lsb: Float32Array, out: Float32Array, significance: number): void {
    const n = lsb.length;
    this.ex.readHps(g.byteOffset, g.byteOffset + 4 * n, lsb.byteOffset, this.scratch, n, significance, 1 / (significance + 1));
    out.set(this.f32.subarray(this.scratch / 4, this.scratch / 4 + n));
  }

  transfer(lsb: Float32Array, g: Float32Array, p: OpenLoopTransfer, st: Uint32Array): TransferTotals {
    const n = p.rows * p.cols;
    const tabAt = this.table(p.model);
    const rowAt = this.scratch;
    const ovfAt = rowAt + slot(p.rows);
    const lsbSlot = ovfAt + slot(n);
    const gSlot = lsbSlot + (lsb.buffer === this.f32.buffer ? 0 : slot(n));
    this.ensure(gSlot + (g.buffer === this.f32.buffer ? 0 : slot(2 * n)));
    const lsbAt = this.place(lsb, n, lsbSlot);
    const gAt = this.place(g, 2 * n, gSlot);
    this.takeState(st);
    const pMax = Math.min(p.model.maxUp, p.model.mulUp.length - 1);
    this.ex.transfer(lsbAt, gAt, gAt + 4 * n, p.rows, p.cols, tabAt, p.significance, pMax, p.residualCharge, p.noisy ? 1 : 0, STATE_AT, OUT_AT, Q_AT, rowAt, ovfAt, p.model.params.sigmaC2c);
    this.unplace(lsb, n, lsbAt);
    this.unplace(g, 2 * n, gAt);
    this.giveState(st);
    const o = new Float64Array(this.f32.buffer, OUT_AT, 3);
    return {
      lsbAtRail: o[2]!,
      pulses: o[0]!,
      rowMax: new Int32Array(this.f32.buffer, rowAt, p.rows).slice(),
      overflow: new Int32Array(this.f32.buffer, ovfAt, o[1]!).slice(),
    };
  }
}

/** Scratch bytes an arena needs for a layer of `cells` cells in `rows` rows (see run / transfer). */
const arenaScratch = (cells: number, rows: number): number => Math.max(slot(cells), slot(rows) + slot(cells) + slot(cells));

/** Arena instances by the memory their resident arrays live in. */
const arenas = new WeakMap<ArrayBuffer, SimdKernel>();

/**
 * Conductance arrays (`sizes` float32 values each) that live in the memory of their own kernel
 * instance, for one synapse layer of `rows` x `cols` cells whose devices follow `models`: updates
 * and transfers of these arrays run in place, without copying them in and out of the kernel. Null
 * when the kernel would not run on them (a model that is not tabulated), the SIMD kernel is not in
 * use, or the memory cannot be had: the caller then uses ordinary arrays (same results either way).
 */
export function residentArrays(sizes: readonly number[], models: readonly DeviceModel[], rows: number, cols: number): Float32Array[] | null {
  if (!models.every((m) => m.tabulated)) return null;
  const shared = forced === 'js' ? null : simdKernel();
  if (!shared || !wasmApi || !kernelModule) return null;
  const scratchBytes = arenaScratch(rows * cols, rows);
  const offsets: number[] = [];
  let bytes = scratchBytes;
  for (const s of sizes) {
    offsets.push(bytes - scratchBytes);
    bytes += slot(s);
  }
  let k: SimdKernel;
  try {
    k = new SimdKernel(wasmApi, kernelModule, { models: [...new Set(models)], bytes });
  } catch {
    return null; // more than the engine gives one WebAssembly memory
  }
  arenas.set(k.buffer, k);
  return sizes.map((s, i) => k.view(scratchBytes, offsets[i]!, s));
}

/** The instance to run on `g` (devices of model `m`): its arena when `g` is resident, else the shared one. */
function kernelFor(g: Float32Array, m: DeviceModel): SimdKernel | null {
  if (forced === 'js') return null;
  const a = arenas.get(g.buffer as ArrayBuffer);
  return a && a.serves(m) ? a : simdKernel();
}

let simd: SimdKernel | null | undefined;
let kernelModule: object | null = null;
let forced: 'auto' | 'js' = 'auto';
let reason = '';

function simdKernel(): SimdKernel | null {
  if (simd !== undefined) return simd;
  const c = compileSimdModule(UPDATE_KERNEL_WASM_BASE64, 'WebAssembly kernel');
  kernelModule = c.module;
  reason = c.reason;
  try {
    simd = kernelModule && wasmApi ? new SimdKernel(wasmApi, kernelModule) : null;
  } catch (e) {
    reason = `WebAssembly kernel failed to load: ${e instanceof Error ? e.message : String(e)}`;
    simd = null;
  }
  return simd;
}

/** Choose the implementation: 'auto' (SIMD when available) or 'js' (tests and benchmarks). */
export function setUpdateKernel(which: 'auto' | 'js'): void {
  forced = which;
}

/** Which implementation runs, and why the SIMD one does not when it does not. */
export function updateKernelName(): string {
  if (forced === 'js') return 'javascript (forced)';
  return simdKernel() ? 'wasm-simd' : `javascript (${reason})`;
}

/**
 * The HPS read-out W = (F (g+ - g-) + 2 l - 1) / (F + 1) into `out`, in the kernel when the eNVM
 * pair `g` (G+ then G-) and the LSB `lsb` live in the memory of one arena (residentArrays), with the
 * bits of HpsSynapse.read's loop (float64 arithmetic in the same order, tested); false otherwise
 * (the caller runs its loop).
 */
export function readHpsResident(g: Float32Array, lsb: Float32Array, out: Float32Array, significance: number): boolean {
  if (forced === 'js') return false;
  const a = arenas.get(g.buffer as ArrayBuffer);
  if (!a || lsb.buffer !== g.buffer) return false;
  a.readHps(g, lsb, out, significance);
  return true;
}

/**
 * Open-loop HPS transfer of one layer of tabulated devices, in place (LSB `lsb`, eNVM pair `g`);
 * advances `noise` by 16 words. Overflowing cells are returned for the caller to erase and program.
 */
export function transferOpenLoop(lsb: Float32Array, g: Float32Array, p: OpenLoopTransfer, noise: FastStream): TransferTotals {
  const st = laneStates(noise);
  const k = kernelFor(g, p.model);
  return k ? k.transfer(lsb, g, p, st) : transferOpenLoopJs(lsb, g, p, st);
}

/** Update one layer of tabulated devices in place (g from dw); advances `noise` by 16 words. */
export function updateTabulated(dw: Float32Array, g: Float32Array, p: TabulatedUpdate, noise: FastStream): UpdateTotals {
  const st = laneStates(noise);
  const k = kernelFor(g, p.model);
  return k ? k.run(dw, g, p, st, false) : updateTabulatedJs(dw, g, p, st);
}

/**
 * Update a layer of differential pairs in place: G+ = g[0, n) by dw, G- = g[n, 2n) by -dw, each
 * device rounding its own count; counters per synapse. Advances `noise` by 16 words.
 */
export function updatePair(dw: Float32Array, g: Float32Array, p: TabulatedUpdate, noise: FastStream): UpdateTotals {
  const st = laneStates(noise);
  const k = kernelFor(g, p.model);
  return k ? k.run(dw, g, p, st, true) : updatePairJs(dw, g, p, st);
}

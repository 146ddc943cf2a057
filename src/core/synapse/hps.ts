/**
 * Hybrid precision synapse (docs/synapses.md#hps; MLP+NeuroSim V3.0; Ambrogio et al. 2018).
 *
 * Composition: W = (F W_MSB + W_LSB) / (F + 1), W_MSB = g+ - g- (each eNVM normalised to [0, 1]),
 * W_LSB = 2 l - 1 (capacitor read against the mid-range reference, l normalised to [0, 1]).
 *
 * Update (LSB only). The training engine asks for a change dW of the effective weight W. Holding
 * the MSB fixed, dW = dW_LSB / (F + 1), so the LSB must move by dW_LSB = (F + 1) dW, i.e.
 * dl = (F + 1) dW / 2, which on an LSB with Nlsb levels is n = round((F + 1) |dW| / 2 * Nlsb)
 * pulses (MLP+NeuroSim's n = round(dW / 2 * Nlsb) written for the LSB's own weight; the (F + 1)
 * makes one learning rate mean the same weight change in every scheme). Computed by hand.
 *
 * Transfer (every `everyImages` images, or `everySeconds` of hardware time, through advance()):
 *  1. read every LSB (transferReads);
 *  2. program W_LSB / F into G+ (W_LSB > 0) or G- (W_LSB < 0) with potentiation pulses through the
 *     eNVM model and its c2c noise: W_MSB' = W_MSB + W_LSB / F keeps W unchanged when the LSB is
 *     then reset (computed by hand: F (W_MSB + W_LSB/F) + 0 = F W_MSB + W_LSB);
 *  3. reset the LSB to the reference, keeping `residualCharge` of its deviation;
 *  4. overflow: if the target device would pass Gmax, erase both (to Gmin) and program the net MSB
 *     weight onto one of them (overflows, erases += 2).
 * Programming modes: open-loop (n = round(|W_LSB / F| Pmax), MLP+NeuroSim), curve-aware
 * (n = round(P(g + dg) - P(g)) on the LTP curve), write-verify (curve-aware first shot, then read
 * and correct with LTP or LTD pulses until within verifyTolerance eNVM steps (1 step = 1/Pmax), or
 * verifyMaxPulses are spent, or the next correction could not reduce the error; every read is a verify read), keep-residual (open-loop, then one read;
 * what the eNVM did not take stays in the LSB: W_LSB' = W_LSB - F (W_MSB' - W_MSB)).
 */
import type { Rng } from '../rng';
import type { DevicePreset } from '../devices/types';
import { deviceModel, EnvmArray } from '../devices/envm';
import { FastStream } from '../devices/stream';
import { readHpsResident, residentArrays, transferOpenLoop } from '../devices/update-kernel';
import { applyLeak, leakTargetLevel, type LeakTarget } from '../devices/capacitor';
import type { SynapseLayer, SynapseSnapshot, SynapseStateStats } from './types';
import { checkLength, checkSnapshot, clip1, copyInto, railCounts, updateDevices, RowMax, SynapseBase } from './common';

export type ProgrammingMode = 'open-loop' | 'curve-aware' | 'write-verify' | 'keep-residual';

/** LTP and LTD pulses and verify reads of one programming action (or a running total). */
interface PulseTally {
  up: number;
  down: number;
  reads: number;
}

export interface HpsOptions {
  readonly msb: DevicePreset;
  readonly lsb: DevicePreset;
  readonly significance: number;
  readonly everyImages: number;
  readonly everySeconds?: number;
  readonly programming: ProgrammingMode;
  readonly verifyTolerance: number;
  readonly verifyMaxPulses: number;
  readonly residualCharge: number;
  readonly tau: number | null;
  readonly leakTarget: LeakTarget;
  /** Within a batch: the LSB leaks and then a due transfer reads it (default), or the transfer first. */
  readonly order?: 'leak-then-transfer' | 'transfer-then-leak';
  readonly stochasticRounding: boolean;
}

export class HpsSynapse extends SynapseBase implements SynapseLayer {
  /**
   * False: every transfer cell goes through transferCell, the reference that the written-out
   * passes (the open-loop kernel, transferClosedLoop) are tested against. True in normal use.
   */
  static fastTransfers = true;
  readonly scheme = 'hps' as const;
  readonly notes: readonly string[];
  readonly n: number;
  /** eNVM pair: [0, n) G+, [n, 2n) G-. */
  readonly msb: EnvmArray;
  /** Capacitor LSB, normalised stored value (reference = 0.5). */
  readonly lsb: EnvmArray;
  readonly opts: HpsOptions;
  private readonly F: number;
  /** Write-verify programming, and its pulse budget per cell (Infinity otherwise). */
  private readonly verifies: boolean;
  private readonly budget: number;
  private readonly kUp: number;
  private readonly kDown: number;
  private readonly leakLevel: number;
  private imagesSince = 0;
  private secondsSince = 0;
  private readonly row = new RowMax();
  /** Per-operation random stream, reseeded from the caller's Rng at every update / transfer. */
  private readonly stream = new FastStream();
  /** Signed pulse counts of the current update (scratch). */
  private readonly buf: Int32Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    opts: HpsOptions,
    rng: Rng,
  ) {
    super();
    this.n = rows * cols;
    this.buf = new Int32Array(this.n);
    this.opts = opts;
    this.F = opts.significance;
    this.verifies = opts.programming === 'write-verify';
    this.budget = this.verifies ? opts.verifyMaxPulses : Infinity;
    const mm = deviceModel(opts.msb.params, opts.msb.lut);
    const lm = deviceModel(opts.lsb.params, opts.lsb.lut);
    // Both arrays in the update kernel's memory when the kernel runs on them (no copies per call).
    const [msbG, lsbG] = residentArrays([2 * this.n, this.n], [mm, lm], rows, cols) ?? [];
    this.msb = new EnvmArray(mm, 2 * this.n, rng.fork(), 0, msbG);
    this.lsb = new EnvmArray(lm, this.n, rng.fork(), 0.5, lsbG);
    this.kUp = ((this.F + 1) / 2) * lm.maxUp;
    this.kDown = ((this.F + 1) / 2) * lm.maxDown;
    this.leakLevel = leakTargetLevel(opts.leakTarget);
    this.notes = [
      `HPS: MSB pair ${opts.msb.id}, LSB ${opts.lsb.id}, F = ${this.F}, transfer every ${opts.everySeconds !== undefined ? `${opts.everySeconds} s` : `${opts.everyImages} images`}, ${opts.programming} programming.`,
      'LSB update n = round((F + 1) |dW| / 2 * Nlsb): dW is the change of the effective weight W = (F W_MSB + W_LSB) / (F + 1).',
      'Non-volatile read-out: the LSB at its reference (W_LSB = 0), i.e. F W_MSB / (F + 1).',
      opts.tau === null
        ? 'No LSB leakage (retention tau not set).'
        : `LSB leakage: tau = ${opts.tau} s toward ${typeof opts.leakTarget === 'number' ? `value ${opts.leakTarget}` : opts.leakTarget}.`,
      ...opts.msb.notes.map((s) => `MSB: ${s}`),
      ...opts.lsb.notes.map((s) => `LSB: ${s}`),
    ];
  }

  initialize(w: Float32Array, _rng: Rng): void {
    checkLength('initialize', w, this.n);
    const m = this.msb.model;
    const g = this.msb.g;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      // W = F W_MSB / (F + 1) with the LSB at reference: W_MSB = (F + 1) W / F, clipped.
      const wm = clip1(((this.F + 1) / this.F) * clip1(w[i]!));
      const t = m.at('ltp', Math.round(m.position('ltp', Math.abs(wm))));
      g[i] = wm > 0 ? t : 0;
      g[n + i] = wm < 0 ? t : 0;
    }
    this.lsb.g.fill(0.5);
  }

  read(out: Float32Array): void {
    checkLength('read', out, this.n);
    const n = this.n;
    const F = this.F;
    const s = 1 / (F + 1);
    const m = this.msb;
    const l = this.lsb;
    if (m.spread || l.spread) {
      for (let i = 0; i < n; i++) out[i] = (F * (m.value(i) - m.value(n + i)) + 2 * l.value(i) - 1) * s;
      return;
    }
    const g = m.g;
    const lg = l.g;
    if (readHpsResident(g, lg, out, F)) return;
    for (let i = 0; i < n; i++) out[i] = (F * (g[i]! - g[n + i]!) + 2 * lg[i]! - 1) * s;
  }

  readNonVolatile(out: Float32Array): void {
    checkLength('readNonVolatile', out, this.n);
    const n = this.n;
    const k = this.F / (this.F + 1);
    const m = this.msb;
    for (let i = 0; i < n; i++) out[i] = k * (m.value(i) - m.value(n + i));
  }

  update(dw: Float32Array, rng: Rng): void {
    checkLength('update', dw, this.n);
    const noise = this.stream.reseed(rng);
    const { lsb, c } = this;
    const k = { up: this.kUp, down: this.kDown, maxUp: lsb.model.maxUp, maxDown: lsb.model.maxDown, stochastic: this.opts.stochasticRounding };
    const p = updateDevices(lsb, dw, this.buf, this.rows, this.cols, k, noise, c);
    c.lsbPulsesUp += p.up;
    c.lsbPulsesDown += p.down;
  }

  override elapse(seconds: number): void {
    const tau = this.opts.tau;
    if (tau === null || !(seconds > 0)) return;
    applyLeak(this.lsb.g, seconds, tau, this.leakLevel);
  }

  override advance(images: number, seconds: number, rng: Rng): number {
    // leak-then-transfer: the batch's hardware time passes first (the LSB leaks), then a due transfer
    // reads what is left. transfer-then-leak: a due transfer reads the LSB as the update left it, then
    // the time passes (the freshly reset LSB leaks, toward the target, from the reference).
    const leakFirst = this.opts.order !== 'transfer-then-leak';
    if (leakFirst) this.elapse(seconds);
    const done = this.transfersDue(images, seconds, rng);
    if (!leakFirst) this.elapse(seconds);
    return done;
  }

  /** Count the batch's images and seconds against the interval and transfer as often as it is due. */
  private transfersDue(images: number, seconds: number, rng: Rng): number {
    this.imagesSince += images;
    this.secondsSince += seconds;
    let done = 0;
    const es = this.opts.everySeconds;
    if (es !== undefined) {
      while (this.secondsSince >= es) {
        this.secondsSince -= es;
        this.transfer(rng);
        done++;
      }
      this.imagesSince = 0;
    } else {
      const ei = this.opts.everyImages;
      while (this.imagesSince >= ei) {
        this.imagesSince -= ei;
        this.transfer(rng);
        done++;
      }
      this.secondsSince = 0;
    }
    return done;
  }

  /** Program `amount` (>= 0, normalised) more conductance into device j by the chosen mode; returns LTP / LTD pulses used. */
  private program(j: number, amount: number, noise: FastStream, out: PulseTally): void {
    const dev = this.msb;
    const model = dev.model;
    const pMax = model.maxUp;
    const mode = this.opts.programming;
    const g0 = dev.g[j]!;
    out.up = 0;
    out.down = 0;
    out.reads = 0;
    if (mode === 'open-loop' || mode === 'keep-residual') {
      let k = Math.floor(amount * pMax + 0.5);
      if (k > pMax) k = pMax;
      if (k > 0) dev.pulse(j, k, true, noise);
      out.up = k;
      if (mode === 'keep-residual') out.reads = 1;
      return;
    }
    this.programTo(j, Math.min(1, g0 + amount), noise, out);
  }

  /**
   * Curve-aware and write-verify programming of device j up to `target` (>= its conductance): the
   * pulses the curve gives (write-verify: within its budget), then for write-verify the verify
   * loop. Sets `out`.
   */
  private programTo(j: number, target: number, noise: FastStream, out: PulseTally): void {
    const dev = this.msb;
    let k = dev.model.pulsesBetween('ltp', dev.g[j]!, target);
    if (k > this.budget) k = this.budget;
    if (k > 0) dev.pulse(j, k, true, noise);
    out.up = k;
    out.down = 0;
    out.reads = 0;
    if (this.verifies) this.verify(j, target, noise, out);
  }

  /**
   * The verify loop of write-verify programming: device j has had out.up pulses toward `target`;
   * read, and correct (LTP or LTD) until within the tolerance, out of budget, or a correction would
   * not improve on the present error (steps coarser than the tolerance). Counts into `out`.
   */
  private verify(j: number, target: number, noise: FastStream, out: PulseTally): void {
    const dev = this.msb;
    const model = dev.model;
    const budget = this.budget;
    const tol = this.opts.verifyTolerance / model.maxUp;
    let used = out.up;
    for (;;) {
      out.reads++;
      const g = dev.g[j]!;
      const err = target - g;
      if (Math.abs(err) <= tol || used >= budget) break;
      const dir = err > 0 ? 'ltp' : 'ltd';
      let s = model.pulsesBetween(dir, g, target);
      if (s < 1) s = 1;
      if (s > budget - used) s = budget - used;
      const pred = err > 0 ? model.stepUp(g, s) : model.stepDown(g, s);
      if (Math.abs(target - pred) >= Math.abs(err)) break;
      dev.pulse(j, s, err > 0, noise);
      if (err > 0) out.up += s;
      else out.down += s;
      used += s;
    }
  }

  /**
   * Transfer of one cell (steps 1-4 of the header) by the scalar path: adds its pulses and verify
   * reads to `acc` and leaves this cell's own LTP / LTD pulses in `res` (for the row's programming time).
   */
  private transferCell(i: number, noise: FastStream, acc: PulseTally, res: PulseTally): void {
    const { n, F, msb, lsb, c } = this;
    const g = msb.g;
    res.up = 0;
    res.down = 0;
    res.reads = 0;
    const wl = 2 * lsb.value(i) - 1;
    if (wl === 0) return;
    const delta = wl / F;
    const keep = this.opts.programming === 'keep-residual';
    const jT = delta > 0 ? i : n + i;
    const a = delta > 0 ? delta : -delta;
    const overflow = g[jT]! + a > 1;
    // The MSB weight before the transfer is needed only on overflow and to keep the residual.
    const before = overflow || keep ? msb.value(i) - msb.value(n + i) : 0;
    if (overflow) {
      // Overflow: erase both, program the net MSB weight onto one device.
      c.overflows++;
      c.erases += 2;
      const net = clip1(before + delta);
      g[i] = 0;
      g[n + i] = 0;
      if (net !== 0) this.program(net > 0 ? i : n + i, Math.abs(net), noise, res);
    } else this.program(jT, a, noise, res);
    acc.up += res.up;
    acc.down += res.down;
    acc.reads += res.reads;
    const lg = lsb.g;
    if (keep) {
      const after = msb.value(i) - msb.value(n + i);
      lg[i] = (clip1(wl - F * (after - before)) + 1) / 2;
    } else lg[i] = 0.5 + this.opts.residualCharge * (lg[i]! - 0.5);
  }

  /**
   * Curve-aware and write-verify transfers of tabulated devices without spread: transferCell
   * written out for these modes (no spread read-out, no keep-residual bookkeeping), programming
   * through the same programTo(); overflowing cells go through transferCell. Same arithmetic,
   * random draws and counts, in the same order (tested). Measured on a 1M-cell layer: about 1.5x
   * the speed of calling transferCell per cell.
   */
  private transferClosedLoop(noise: FastStream, acc: PulseTally, res: PulseTally): void {
    const { n, rows, cols, F, msb, c, row } = this;
    const g = msb.g;
    const lg = this.lsb.g;
    const resid = this.opts.residualCharge;
    for (let r = 0; r < rows; r++) {
      row.reset();
      for (let i = r * cols, e = i + cols; i < e; i++) {
        const wl = 2 * lg[i]! - 1;
        if (wl === 0) continue;
        const delta = wl / F;
        const jT = delta > 0 ? i : n + i;
        const a = delta > 0 ? delta : -delta;
        const g0 = g[jT]!;
        if (g0 + a > 1) this.transferCell(i, noise, acc, res); // overflow: erase and re-program
        else {
          this.programTo(jT, g0 + a, noise, res);
          acc.up += res.up;
          acc.down += res.down;
          acc.reads += res.reads;
          lg[i] = 0.5 + resid * (lg[i]! - 0.5);
        }
        if (res.up > 0) row.note(res.up, true);
        if (res.down > 0) row.note(res.down, false);
      }
      if (row.any) c.transferRowMaxPulses += row.up + row.down;
    }
  }

  override transfer(rng: Rng): void {
    const { n, cols, F, msb, lsb, row } = this;
    const noise = this.stream.reseed(rng);
    const c = this.c;
    const acc = { up: 0, down: 0, reads: 0 };
    const res = { up: 0, down: 0, reads: 0 };
    const fast = HpsSynapse.fastTransfers && msb.simple && !msb.spread && !lsb.spread;
    if (fast && this.opts.programming === 'open-loop') {
      // Vectorised open-loop pass (devices/update-kernel.ts); cells that would overflow their
      // device come back to the scalar path, in index order.
      const t = transferOpenLoop(lsb.g, msb.g, {
        rows: this.rows,
        cols,
        model: msb.model,
        significance: F,
        residualCharge: this.opts.residualCharge,
        noisy: msb.sigma > 0,
      }, noise);
      acc.up += t.pulses;
      c.transferLsbAtRail += t.lsbAtRail;
      for (const i of t.overflow) {
        this.transferCell(i, noise, acc, res);
        const r = Math.floor(i / cols);
        if (res.up + res.down > t.rowMax[r]!) t.rowMax[r] = res.up + res.down;
      }
      for (let r = 0; r < this.rows; r++) c.transferRowMaxPulses += t.rowMax[r]!;
    } else if (fast && (this.opts.programming === 'curve-aware' || this.opts.programming === 'write-verify')) {
      this.countLsbAtRail();
      this.transferClosedLoop(noise, acc, res);
    } else {
      this.countLsbAtRail();
      for (let r = 0; r < this.rows; r++) {
        row.reset();
        for (let i = r * cols, e = i + cols; i < e; i++) {
          if (lsb.value(i) === 0.5) continue; // W_LSB = 0: nothing to move (transferCell's first test)
          this.transferCell(i, noise, acc, res);
          if (res.up > 0) row.note(res.up, true);
          if (res.down > 0) row.note(res.down, false);
        }
        if (row.any) c.transferRowMaxPulses += row.up + row.down;
      }
    }
    c.transfers++;
    c.transferReads += n;
    c.transferPulses += acc.up + acc.down;
    c.envmPulsesUp += acc.up;
    c.envmPulsesDown += acc.down;
    c.verifyReads += acc.reads;
  }

  /** LSB cells at a rail as a transfer reads them (the open-loop kernel counts these in its own pass). */
  private countLsbAtRail(): void {
    const l = railCounts(this.lsb.g);
    this.c.transferLsbAtRail += l.low + l.high;
  }

  stateStats(): SynapseStateStats {
    const m = railCounts(this.msb.g);
    const l = railCounts(this.lsb.g);
    return { devices: this.msb.size, railLow: m.low, railHigh: m.high, lsbCells: this.n, lsbAtRail: l.low + l.high };
  }

  snapshot(): SynapseSnapshot {
    return {
      scheme: this.scheme,
      rows: this.rows,
      cols: this.cols,
      arrays: { msb: this.msb.g.slice(), lsb: this.lsb.g.slice() },
      scalars: { imagesSince: this.imagesSince, secondsSince: this.secondsSince },
    };
  }
  restore(s: SynapseSnapshot): void {
    checkSnapshot(s, this.scheme, this.rows, this.cols);
    copyInto(this.msb.g, s.arrays.msb, 'msb');
    copyInto(this.lsb.g, s.arrays.lsb, 'lsb');
    this.imagesSince = s.scalars.imagesSince ?? 0;
    this.secondsSince = s.scalars.secondsSince ?? 0;
  }
}

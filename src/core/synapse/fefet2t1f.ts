/**
 * 2T-1FeFET hybrid synapse (docs/synapses.md#fefet-2t1f; Sun et al., IEDM 2018; MLP+NeuroSim V3.0 `_2T1F`).
 *
 * State per synapse: MSB polarisation level m in 0..M-1 (M = 4) with its programming error e, and
 * the LSB gate charge l in [0, 1] (64 levels, reference 0.5). The LSB spans +-1 MSB step around the
 * MSB level: with offset o = 2 (l - 0.5) in MSB steps,
 *     u = (m + o) / (M - 1) + e,   W = clip(2 u - 1, -1, 1).
 * Update (LSB only): dW needs du = dW / 2, i.e. dl = du (M - 1) / 2 = dW (M - 1) / 4, so
 * n = round(|dW| (M - 1) / 4 * Nlsb) pulses through the LSB's NL 0.5 / 0.5 curves (computed by hand).
 * Transfer, per cell, right after the update that makes the LSB cross an MSB level boundary
 * (|o| > 1/2: the nearest MSB level changed) and while a neighbouring level exists: erase (-4 V)
 * and re-program the FeFET to m +- 1 (one 3 us pulse; new programming error e ~ N(0, sigmaC2c)),
 * then move the LSB back by one MSB step (o -+ 1, l -+ 1/2), so W is kept up to the programming error.
 * Counts: each such cell is one erase plus one MSB program pulse (envmPulsesUp, transferPulses);
 * a row with any transfer costs 2 pulse slots (erase + program) in transferRowMaxPulses; `transfers`
 * counts update calls that triggered at least one cell transfer.
 */
import type { Rng } from '../rng';
import type { DevicePreset } from '../devices/types';
import { deviceModel, EnvmArray } from '../devices/envm';
import { FastStream } from '../devices/stream';
import { applyLeak, leakTargetLevel, type LeakTarget } from '../devices/capacitor';
import type { SynapseLayer, SynapseSnapshot, SynapseStateStats } from './types';
import { checkLength, checkSnapshot, clip1, copyInto, railCounts, updateDevices, SynapseBase } from './common';

export interface Fefet2t1fOptions {
  readonly device: DevicePreset;
  readonly tau: number | null;
  readonly leakTarget: LeakTarget;
  readonly stochasticRounding: boolean;
}

export class Fefet2t1fSynapse extends SynapseBase implements SynapseLayer {
  readonly scheme = 'fefet-2t1f' as const;
  readonly notes: readonly string[];
  readonly n: number;
  readonly msbLevels: number;
  /** MSB polarisation level per synapse. */
  readonly m: Uint8Array;
  /** MSB programming error per synapse, normalised conductance. */
  readonly e: Float32Array;
  /** LSB gate charge, normalised (reference 0.5). */
  readonly lsb: EnvmArray;
  private readonly sigma: number;
  private readonly kUp: number;
  private readonly kDown: number;
  private readonly tau: number | null;
  private readonly leakLevel: number;
  private readonly stochastic: boolean;
  /** Per-operation random stream, reseeded from the caller's Rng at every update / transfer. */
  private readonly stream = new FastStream();
  /** Signed pulse counts of the current update (scratch). */
  private readonly buf: Int32Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    opts: Fefet2t1fOptions,
    rng: Rng,
  ) {
    super();
    this.n = rows * cols;
    this.buf = new Int32Array(this.n);
    const h = opts.device.hybrid;
    this.msbLevels = h?.msbLevels ?? 4;
    if (this.msbLevels < 2 || this.msbLevels > 255) throw new RangeError(`msbLevels must be in 2..255 (got ${this.msbLevels})`);
    // Start at W = 0: u = 1/2, the MSB level just below and the LSB offset making up the rest.
    const m0 = Math.floor((this.msbLevels - 1) / 2);
    this.m = new Uint8Array(this.n).fill(m0);
    this.e = new Float32Array(this.n);
    const lm = deviceModel(opts.device.params, opts.device.lut);
    this.lsb = new EnvmArray(lm, this.n, rng.fork(), 0.5 + (0.5 * (this.msbLevels - 1) - m0) / 2);
    this.sigma = opts.device.params.sigmaC2c;
    this.kUp = ((this.msbLevels - 1) / 4) * lm.maxUp;
    this.kDown = ((this.msbLevels - 1) / 4) * lm.maxDown;
    this.tau = opts.tau;
    this.leakLevel = leakTargetLevel(opts.leakTarget);
    this.stochastic = opts.stochasticRounding;
    this.notes = [
      `2T-1FeFET hybrid (${opts.device.id}): MSB ${this.msbLevels} polarisation levels, LSB ${lm.maxUp} gate-charge levels spanning +-1 MSB step.`,
      'Transfer per cell when the LSB crosses half an MSB step: erase + re-program the FeFET to the next level, re-centre the LSB.',
      ...(h ? [] : ['No hybrid facts on this device: 4 MSB levels assumed.']),
      ...opts.device.notes,
    ];
  }

  initialize(w: Float32Array, _rng: Rng): void {
    checkLength('initialize', w, this.n);
    const M1 = this.msbLevels - 1;
    const lm = this.lsb.model;
    for (let i = 0; i < this.n; i++) {
      const u = (clip1(w[i]!) + 1) / 2;
      const m = Math.round(u * M1);
      this.m[i] = m;
      this.e[i] = 0;
      const l = 0.5 + (u * M1 - m) / 2;
      this.lsb.g[i] = lm.at('ltp', Math.round(lm.position('ltp', l)));
    }
  }

  private weight(i: number): number {
    const M1 = this.msbLevels - 1;
    const o = 2 * (this.lsb.value(i) - 0.5);
    return clip1(2 * ((this.m[i]! + o) / M1 + this.e[i]!) - 1);
  }

  read(out: Float32Array): void {
    checkLength('read', out, this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.weight(i);
  }

  readNonVolatile(out: Float32Array): void {
    checkLength('readNonVolatile', out, this.n);
    const M1 = this.msbLevels - 1;
    for (let i = 0; i < this.n; i++) out[i] = clip1(2 * (this.m[i]! / M1 + this.e[i]!) - 1);
  }

  update(dw: Float32Array, rng: Rng): void {
    checkLength('update', dw, this.n);
    const noise = this.stream.reseed(rng);
    const { lsb, c } = this;
    const k = { up: this.kUp, down: this.kDown, maxUp: lsb.model.maxUp, maxDown: lsb.model.maxDown, stochastic: this.stochastic };
    const p = updateDevices(lsb, dw, this.buf, this.rows, this.cols, k, noise, c);
    c.lsbPulsesUp += p.up;
    c.lsbPulsesDown += p.down;
    this.carry(noise);
  }

  /** Per-cell MSB transfers for every LSB past half an MSB step; returns cells transferred. */
  private carry(noise: FastStream): number {
    const { cols, lsb, m, e } = this;
    const top = this.msbLevels - 1;
    const lg = lsb.g;
    const c = this.c;
    let moved = 0;
    for (let r = 0; r < this.rows; r++) {
      let any = false;
      for (let i = r * cols, end = i + cols; i < end; i++) {
        const l = lg[i]!;
        if (l > 0.75 && m[i]! < top) {
          m[i] = m[i]! + 1;
          lg[i] = l - 0.5;
        } else if (l < 0.25 && m[i]! > 0) {
          m[i] = m[i]! - 1;
          lg[i] = l + 0.5;
        } else continue;
        e[i] = this.sigma > 0 ? this.sigma * noise.normal() : 0;
        moved++;
        any = true;
      }
      if (any) c.transferRowMaxPulses += 2;
    }
    if (moved > 0) {
      c.transfers++;
      c.transferReads += moved;
      c.transferPulses += moved;
      c.envmPulsesUp += moved;
      c.erases += moved;
    }
    return moved;
  }

  override elapse(seconds: number): void {
    if (this.tau === null || !(seconds > 0)) return;
    applyLeak(this.lsb.g, seconds, this.tau, this.leakLevel);
  }

  override advance(_images: number, seconds: number, rng: Rng): number {
    this.elapse(seconds);
    return this.carry(this.stream.reseed(rng)) > 0 ? 1 : 0;
  }

  override transfer(rng: Rng): void {
    this.carry(this.stream.reseed(rng));
  }

  stateStats(): SynapseStateStats {
    const top = this.msbLevels - 1;
    let low = 0;
    let high = 0;
    for (let i = 0; i < this.n; i++) {
      const v = this.m[i]!;
      if (v === 0) low++;
      else if (v === top) high++;
    }
    const l = railCounts(this.lsb.g);
    return { devices: this.n, railLow: low, railHigh: high, lsbCells: this.n, lsbAtRail: l.low + l.high };
  }

  snapshot(): SynapseSnapshot {
    return {
      scheme: this.scheme,
      rows: this.rows,
      cols: this.cols,
      arrays: { m: this.m.slice(), e: this.e.slice(), lsb: this.lsb.g.slice() },
      scalars: {},
    };
  }
  restore(s: SynapseSnapshot): void {
    checkSnapshot(s, this.scheme, this.rows, this.cols);
    copyInto(this.m, s.arrays.m, 'm');
    copyInto(this.e, s.arrays.e, 'e');
    copyInto(this.lsb.g, s.arrays.lsb, 'lsb');
  }
}

import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { synapseSchema } from '../../../src/core/config/schema';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import { HpsSynapse } from '../../../src/core/synapse/hps';
import { BaselineSynapse } from '../../../src/core/synapse/baseline';
import { Fefet2t1fSynapse } from '../../../src/core/synapse/fefet2t1f';
import { deviceModel } from '../../../src/core/devices/envm';
import { DEVICE_PRESETS } from '../../../src/core/devices/presets';
import type { SynapseLayer } from '../../../src/core/synapse/types';

const cfg = (o: object) => synapseSchema.parse(o);
const R = 8;
const C = 16;
const N = R * C;
const read = (l: SynapseLayer) => {
  const o = new Float32Array(l.rows * l.cols);
  l.read(o);
  return o;
};
const readNv = (l: SynapseLayer) => {
  const o = new Float32Array(l.rows * l.cols);
  l.readNonVolatile(o);
  return o;
};
function randomW(seed: number, n: number, scale = 0.8): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => scale * (2 * r.uniform() - 1));
}
const hpsMsb = DEVICE_PRESETS['hps-envm']!.params;
const capLsb = DEVICE_PRESETS['cap-3t1c']!.params;

describe('builder', () => {
  it.each(['ideal', 'baseline', 'hps', 'fefet-2t1f'] as const)('builds %s with zero initial weights', (scheme) => {
    const l = createSynapseLayer(cfg({ scheme }), R, C, new Rng(1));
    expect(l.scheme).toBe(scheme);
    expect([l.rows, l.cols]).toEqual([R, C]);
    expect(Math.max(...read(l).map(Math.abs))).toBeLessThan(1e-6);
    expect(l.notes.length).toBeGreaterThan(0);
  });
  it('names an unknown device preset', () => {
    expect(() => createSynapseLayer(cfg({ scheme: 'baseline', device: { preset: 'nope' } }), R, C, new Rng(1))).toThrow(/unknown device preset "nope"/);
  });
});

describe('ideal synapse', () => {
  it('adds dw exactly and clips to [-1, 1]', () => {
    const l = createSynapseLayer(cfg({ scheme: 'ideal' }), 1, 3, new Rng(1));
    l.update(Float32Array.from([0.25, -0.5, 2]), new Rng(1));
    expect(Array.from(read(l))).toEqual([0.25, -0.5, 1]);
    expect(l.counts().cellsWritten).toBe(3);
  });
});

describe('baseline eNVM (docs/synapses.md#baseline)', () => {
  it('reference mapping: n = round(|dw| / 2 * Pmax) pulses through the nonlinear model, with counts', () => {
    const l = createSynapseLayer(cfg({ scheme: 'baseline', mapping: 'reference', device: { preset: 'hps-envm', overrides: { sigmaC2c: 0 } } }), 2, 2, new Rng(1)) as BaselineSynapse;
    // dw = 0.2 -> n = round(0.1 * 31) = 3 LTP; dw = -0.5 -> n = round(0.25 * 31) = 8 LTD; by hand.
    l.update(Float32Array.from([0.2, 0, -0.5, 0.01]), new Rng(2));
    const m = deviceModel(hpsMsb);
    const w = read(l);
    expect(w[0]).toBeCloseTo(2 * m.stepUp(0.5, 3) - 1, 6);
    expect(w[1]).toBeCloseTo(0, 6);
    expect(w[2]).toBeCloseTo(2 * m.stepDown(0.5, 8) - 1, 6);
    expect(w[3]).toBeCloseTo(0, 6); // 0.01 / 2 * 31 = 0.155 rounds to 0 pulses
    const c = l.counts();
    expect(c).toMatchObject({ updates: 1, cellsWritten: 2, rowsWritten: 2, envmPulsesUp: 3, envmPulsesDown: 8, rowMaxPulsesUp: 3, rowMaxPulsesDown: 8 });
  });
  it('differential mapping: G+ up and G- down by half of dw each', () => {
    const l = createSynapseLayer(cfg({ scheme: 'baseline', mapping: 'differential', device: { preset: 'hps-envm', overrides: { sigmaC2c: 0 } } }), 1, 2, new Rng(1)) as BaselineSynapse;
    l.update(Float32Array.from([0.2, -0.2]), new Rng(2));
    const m = deviceModel(hpsMsb);
    // n = round(0.1 * 31) = 3 per device; w = g+ - g-.
    const want = m.stepUp(0.5, 3) - m.stepDown(0.5, 3);
    const w = read(l);
    expect(w[0]).toBeCloseTo(want, 6);
    expect(w[1]).toBeCloseTo(-want, 6);
    expect(l.counts()).toMatchObject({ cellsWritten: 2, rowsWritten: 1, envmPulsesUp: 6, envmPulsesDown: 6, rowMaxPulsesUp: 3, rowMaxPulsesDown: 3 });
  });
  it('differential mapping with unequal LTP / LTD levels: each device rounds its own count; counters per synapse (reference computed cell by cell)', () => {
    // 20 LTP and 40 LTD levels: kUp = 10, kDown = 20 pulses per unit |dw|. No noise.
    const dev = { preset: 'hps-envm', overrides: { sigmaC2c: 0, levelsLtp: 20, levelsLtd: 40 } };
    const rows = 3;
    const cols = 5;
    const l = createSynapseLayer(cfg({ scheme: 'baseline', mapping: 'differential', device: dev }), rows, cols, new Rng(1)) as BaselineSynapse;
    const m = l.dev.model;
    const dw = Float32Array.from([0.04, -0.04, 0, 0.3, -0.02, 0, 0, 0, 0, 0, 5, -0.11, 0.01, 0.06, -0.5]);
    const g0 = l.dev.g.slice();
    l.update(dw, new Rng(2));
    const n = rows * cols;
    let cells = 0;
    let up = 0;
    let down = 0;
    let rowUpSum = 0;
    let rowDownSum = 0;
    let rowsW = 0;
    for (let r = 0; r < rows; r++) {
      let ru = 0;
      let rd = 0;
      let any = false;
      for (let i = r * cols; i < (r + 1) * cols; i++) {
        const a = Math.abs(dw[i]!);
        const nU = Math.min(20, Math.floor(Math.fround(a * 10) + 0.5));
        const nD = Math.min(40, Math.floor(Math.fround(a * 20) + 0.5));
        const gp = dw[i]! > 0 ? m.stepUp(g0[i]!, nU) : m.stepDown(g0[i]!, nD);
        const gm = dw[i]! > 0 ? m.stepDown(g0[n + i]!, nD) : m.stepUp(g0[n + i]!, nU);
        expect(l.dev.g[i]).toBeCloseTo(gp, 6);
        expect(l.dev.g[n + i]).toBeCloseTo(gm, 6);
        if (nU + nD === 0 || dw[i] === 0) continue;
        any = true;
        cells++;
        up += nU;
        down += nD;
        ru = Math.max(ru, nU);
        rd = Math.max(rd, nD);
      }
      if (any) {
        rowsW++;
        rowUpSum += ru;
        rowDownSum += rd;
      }
    }
    // By hand: 0.04 -> 0.4 + 0.5 -> 0 LTP but 0.8 + 0.5 -> 1 LTD, so written (one device only);
    // 0.01 and -0.02 round to 0 on both devices, so 7 of the 9 non-zero changes write.
    expect(cells).toBe(7);
    expect(l.counts()).toMatchObject({ cellsWritten: cells, rowsWritten: rowsW, envmPulsesUp: up, envmPulsesDown: down, rowMaxPulsesUp: rowUpSum, rowMaxPulsesDown: rowDownSum });
  });
  it('stochastic rounding gives the requested pulses on average', () => {
    const l = createSynapseLayer(cfg({ scheme: 'baseline', mapping: 'reference', pulseRounding: 'stochastic' }), 100, 100, new Rng(1));
    const dw = new Float32Array(10000).fill(0.03); // 0.03 / 2 * 31 = 0.465 pulses each
    l.update(dw, new Rng(4));
    expect(l.counts().envmPulsesUp / 10000).toBeCloseTo(0.465, 1);
  });
  it('initialize snaps to device states within one step', () => {
    const l = createSynapseLayer(cfg({ scheme: 'baseline' }), R, C, new Rng(1));
    const w = randomW(3, N);
    l.initialize(w, new Rng(1));
    const got = read(l);
    for (let i = 0; i < N; i++) expect(Math.abs(got[i]! - w[i]!)).toBeLessThan(2 * 0.1234);
    expect(l.counts().envmPulsesUp).toBe(0);
  });
});

describe('hybrid precision synapse (docs/synapses.md#hps)', () => {
  const noNoise = { device: { preset: 'hps-envm', overrides: { sigmaC2c: 0 } }, lsb: { preset: 'cap-3t1c', overrides: { sigmaC2c: 0 } } };

  it('composition W = (F W_MSB + W_LSB) / (F + 1) and LSB-only updates with n = round((F + 1) |dW| / 2 * Nlsb)', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps', significance: 4, ...noNoise }), 1, 2, new Rng(1)) as HpsSynapse;
    l.msb.g.set([0.6, 0.2, 0.1, 0.3]); // G+ of cells 0, 1 then G- of cells 0, 1
    const before = read(l);
    expect(before[0]).toBeCloseTo((4 * 0.5) / 5, 6);
    expect(before[1]).toBeCloseTo((4 * -0.1) / 5, 6);
    // dW = 0.05: n = round(5 * 0.05 / 2 * 32) = round(4) = 4 LSB LTP pulses; by hand.
    l.update(Float32Array.from([0.05, 0]), new Rng(2));
    const lm = deviceModel(capLsb);
    const wl = 2 * lm.stepUp(0.5, 4) - 1;
    expect(read(l)[0]).toBeCloseTo((4 * 0.5 + wl) / 5, 6);
    expect(Array.from(l.msb.g)).toEqual(Array.from(Float32Array.from([0.6, 0.2, 0.1, 0.3])));
    expect(l.counts()).toMatchObject({ lsbPulsesUp: 4, envmPulsesUp: 0, cellsWritten: 1 });
    expect(readNv(l)[0]).toBeCloseTo((4 * 0.5) / 5, 6);
  });

  for (const programming of ['curve-aware', 'write-verify'] as const) {
    it(`a ${programming} transfer keeps W within one eNVM step (no noise) and resets the LSB`, () => {
      const l = createSynapseLayer(cfg({ scheme: 'hps', ...noNoise, transfer: { programming } }), R, C, new Rng(1)) as HpsSynapse;
      l.initialize(randomW(5, N, 0.5), new Rng(1));
      const r = new Rng(8);
      for (let k = 0; k < 5; k++) l.update(Float32Array.from({ length: N }, () => 0.04 * (2 * r.uniform() - 1)), r);
      const before = read(l);
      l.transfer(new Rng(9));
      const after = read(l);
      // Largest single step of hps-envm is the first pulse from Gmin: 0.1234 (docs/devices.md#worked-values);
      // the MSB error is at most one step, i.e. F / (F + 1) of it in W units.
      const bound = (4 / 5) * 0.1234 + 1e-6;
      for (let i = 0; i < N; i++) expect(Math.abs(after[i]! - before[i]!)).toBeLessThanOrEqual(bound);
      for (let i = 0; i < N; i++) expect(l.lsb.g[i]).toBe(0.5);
      const c = l.counts();
      expect(c.transfers).toBe(1);
      expect(c.transferReads).toBe(N);
      expect(c.transferPulses).toBe(c.envmPulsesUp + c.envmPulsesDown);
      if (programming === 'write-verify') expect(c.verifyReads).toBeGreaterThanOrEqual(1);
    });
  }

  // (The open-loop pass runs in the SIMD kernel with its own random lanes and float32 arithmetic;
  // it is held to its JavaScript twin in update-kernel.test.ts.)
  it.each(['curve-aware', 'write-verify'] as const)('the written-out %s transfer equals the per-cell reference path (noise, overflow, counters)', (programming) => {
    const run = (fast: boolean) => {
      HpsSynapse.fastTransfers = fast;
      try {
        const l = createSynapseLayer(cfg({ scheme: 'hps', transfer: { programming, residualCharge: 0.1 } }), 9, 14, new Rng(1)) as HpsSynapse;
        const r = new Rng(21);
        // Some MSB devices near Gmax, so that a few transfers overflow (erase and re-program).
        for (let i = 0; i < l.msb.g.length; i++) l.msb.g[i] = i % 13 === 0 ? 0.97 : 0.7 * r.uniform();
        for (let k = 0; k < 3; k++) {
          l.update(Float32Array.from({ length: l.n }, () => 0.06 * (2 * r.uniform() - 1)), r);
          l.transfer(new Rng(30 + k));
        }
        return { msb: Array.from(l.msb.g), lsb: Array.from(l.lsb.g), counts: l.counts() };
      } finally {
        HpsSynapse.fastTransfers = true;
      }
    };
    const fast = run(true);
    const ref = run(false);
    expect(fast.counts.overflows).toBeGreaterThan(0);
    expect(fast.counts.transferPulses).toBeGreaterThan(0);
    if (programming === 'write-verify') expect(fast.counts.verifyReads).toBeGreaterThan(fast.counts.transferReads / 4);
    expect(fast).toEqual(ref);
  });

  it('with noise, the transfer error stays within one step plus a few sigma', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps', transfer: { programming: 'curve-aware' } }), R, C, new Rng(1)) as HpsSynapse;
    const r = new Rng(3);
    for (let k = 0; k < 4; k++) l.update(Float32Array.from({ length: N }, () => 0.04 * (2 * r.uniform() - 1)), r);
    const before = read(l);
    l.transfer(new Rng(4));
    const after = read(l);
    // sigma 0.5 % per sqrt(pulse), at most 31 pulses: 5 sigma sqrt(31) = 0.139; plus one step.
    const bound = (4 / 5) * (0.1234 + 5 * 0.005 * Math.sqrt(31));
    for (let i = 0; i < N; i++) expect(Math.abs(after[i]! - before[i]!)).toBeLessThan(bound);
  });

  it('open-loop programming is blind to the curve: it overshoots at low G where curve-aware does not', () => {
    const mk = (programming: 'open-loop' | 'curve-aware') => {
      const l = createSynapseLayer(cfg({ scheme: 'hps', ...noNoise, transfer: { programming } }), 1, 1, new Rng(1)) as HpsSynapse;
      l.lsb.g[0] = 0.5 + 0.5 * 0.5; // W_LSB = 0.5, W_LSB / F = 0.125 to program into G+ at Gmin
      const before = read(l)[0]!;
      l.transfer(new Rng(2));
      return read(l)[0]! - before;
    };
    // Open-loop: n = round(0.125 * 31) = 4 pulses from Gmin -> 0.4110 (docs/synapses.md#programming-modes), not 0.125.
    expect(mk('open-loop')).toBeCloseTo((4 * 0.411 - 0.5) / 5, 3);
    expect(Math.abs(mk('curve-aware'))).toBeLessThan(Math.abs(mk('open-loop')));
  });

  it('overflow: erase both devices and re-program the net weight onto one of them', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps', ...noNoise, transfer: { programming: 'curve-aware' } }), 1, 1, new Rng(1)) as HpsSynapse;
    l.msb.g[0] = 0.95; // G+
    l.msb.g[1] = 0.4; // G-
    l.lsb.g[0] = 1; // W_LSB = 1 -> +0.25 would pass Gmax
    const before = read(l)[0]!;
    l.transfer(new Rng(2));
    const c = l.counts();
    expect(c.overflows).toBe(1);
    expect(c.erases).toBe(2);
    expect(l.msb.g[1]).toBe(0);
    // net = 0.95 - 0.4 + 0.25 = 0.8 onto G+, within one step of the curve.
    expect(Math.abs(read(l)[0]! - before)).toBeLessThan((4 / 5) * 0.1234);
  });

  it('overflow in the open-loop (vectorised) transfer: the cell goes back to the scalar erase-and-program path', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps', ...noNoise }), 2, 3, new Rng(1)) as HpsSynapse;
    l.msb.g.fill(0.3);
    l.lsb.g.fill(0.5);
    l.msb.g[4] = 0.95; // G+ of cell 4
    l.msb.g[6 + 4] = 0.4; // G- of cell 4
    l.lsb.g[4] = 1; // W_LSB = 1 -> +0.25 would pass Gmax
    l.lsb.g[1] = 0.75; // ordinary cell: W_LSB / F = 0.125 -> round(0.125 * 31) = 4 LTP on G+
    l.transfer(new Rng(2));
    const m = deviceModel(hpsMsb);
    const c = l.counts();
    expect([c.overflows, c.erases, c.transfers]).toEqual([1, 2, 1]);
    // Overflow: net = 0.95 - 0.4 + 0.25 = 0.8 -> open loop round(0.8 * 31) = 25 LTP from Gmin on G+.
    expect(l.msb.g[10]).toBe(0);
    expect(l.msb.g[4]).toBeCloseTo(m.stepUp(0, 25), 6);
    expect(l.msb.g[1]).toBeCloseTo(m.stepUp(0.3, 4), 6);
    expect(c.envmPulsesUp).toBe(29);
    // Rows are programmed one after the other: row 0 needs 4 pulses, row 1 needs 25.
    expect(c.transferRowMaxPulses).toBe(29);
    expect(Array.from(l.lsb.g)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('keep-residual leaves in the LSB what the eNVM did not take, so W is kept exactly', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps', ...noNoise, transfer: { programming: 'keep-residual' } }), R, C, new Rng(1)) as HpsSynapse;
    const r = new Rng(12);
    for (let k = 0; k < 3; k++) l.update(Float32Array.from({ length: N }, () => 0.03 * (2 * r.uniform() - 1)), r);
    const before = read(l);
    l.transfer(new Rng(2));
    const after = read(l);
    for (let i = 0; i < N; i++) expect(after[i]).toBeCloseTo(before[i]!, 5);
    expect(l.counts().verifyReads).toBeGreaterThan(0);
  });

  it('write-verify respects the pulse budget', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps', transfer: { programming: 'write-verify', verifyMaxPulses: 2, verifyTolerance: 0.01 } }), 1, 4, new Rng(1)) as HpsSynapse;
    l.lsb.g.set([1, 1, 0, 0.9]);
    l.transfer(new Rng(3));
    const c = l.counts();
    expect(c.transferPulses).toBeLessThanOrEqual(4 * 2);
    expect(c.verifyReads).toBeGreaterThanOrEqual(4);
  });

  it('residual charge keeps a fraction of the LSB after reset', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps', transfer: { residualCharge: 0.25 } }), 1, 1, new Rng(1)) as HpsSynapse;
    l.lsb.g[0] = 0.9;
    l.transfer(new Rng(3));
    expect(l.lsb.g[0]).toBeCloseTo(0.5 + 0.25 * 0.4, 6);
  });

  it('advance() transfers every T images (and every t seconds when given)', () => {
    const a = createSynapseLayer(cfg({ scheme: 'hps', transfer: { everyImages: 100 } }), 2, 2, new Rng(1));
    const rng = new Rng(2);
    expect(a.advance(60, 0, rng)).toBe(0);
    expect(a.advance(60, 0, rng)).toBe(1);
    expect(a.advance(250, 0, rng)).toBe(2);
    expect(a.counts().transfers).toBe(3);
    const b = createSynapseLayer(cfg({ scheme: 'hps', transfer: { everyImages: 100, everySeconds: 1e-3 } }), 2, 2, new Rng(1));
    expect(b.advance(1000, 0.5e-3, rng)).toBe(0);
    expect(b.advance(1000, 0.6e-3, rng)).toBe(1);
  });

  it('leakage halves the stored LSB value (relative to the target) after tau ln 2', () => {
    for (const target of ['reference', 'ground', -0.5] as const) {
      const tau = 1e-3;
      const l = createSynapseLayer(cfg({ scheme: 'hps', retention: { tau, target } }), 1, 3, new Rng(1)) as HpsSynapse;
      l.lsb.g.set([0.9, 0.2, 0.6]);
      const t = target === 'reference' ? 0.5 : target === 'ground' ? 0 : 0.25;
      const before = Array.from(l.lsb.g);
      l.elapse(tau * Math.LN2);
      l.lsb.g.forEach((v, i) => expect(v - t).toBeCloseTo((before[i]! - t) / 2, 6));
    }
  });

  it('advance() lets the batch time pass before a due transfer: the LSB leaks, then what is left moves to the MSB', () => {
    // tau ln 2 of hardware time halves the LSB deviation from the reference (docs/synapses.md#retention).
    const tau = 1e-3;
    const leaky = createSynapseLayer(cfg({ scheme: 'hps', retention: { tau, target: 'reference' }, transfer: { everyImages: 1000 } }), 1, 1, new Rng(1)) as HpsSynapse;
    leaky.lsb.g[0] = 0.9;
    expect(leaky.advance(10, tau * Math.LN2, new Rng(2))).toBe(0);
    expect(leaky.lsb.g[0]! - 0.5).toBeCloseTo(0.2, 6);
    // Same state, no leakage: the LSB keeps its value until the transfer.
    const tight = createSynapseLayer(cfg({ scheme: 'hps', transfer: { everyImages: 1000 } }), 1, 1, new Rng(1)) as HpsSynapse;
    tight.lsb.g[0] = 0.9;
    tight.advance(10, tau * Math.LN2, new Rng(2));
    expect(tight.lsb.g[0]).toBeCloseTo(0.9, 6);
  });

  it('transfer row time sums each row\'s own maximum pulse count (rows are programmed one after another)', () => {
    // docs/cost.md#transfer: transfer programming time = sum over rows of (max LTP + max LTD pulses).
    const lsbValues = [1.0, 0.6];
    const noNoise = { preset: 'hps-envm', overrides: { sigmaC2c: 0 } };
    const single = lsbValues.map((v) => {
      const l = createSynapseLayer(cfg({ scheme: 'hps', device: noNoise }), 1, 1, new Rng(1)) as HpsSynapse;
      l.lsb.g[0] = v;
      l.transfer(new Rng(2));
      return l.counts().transferRowMaxPulses;
    });
    expect(single[0]).toBeGreaterThan(single[1]!);
    expect(single[1]).toBeGreaterThan(0);
    const both = createSynapseLayer(cfg({ scheme: 'hps', device: noNoise }), 2, 1, new Rng(1)) as HpsSynapse;
    both.lsb.g.set(lsbValues);
    both.transfer(new Rng(2));
    expect(both.counts().transferRowMaxPulses).toBe(single[0]! + single[1]!);
  });

  it('no leakage when tau is null, and non-volatile read-out ignores the LSB', () => {
    const l = createSynapseLayer(cfg({ scheme: 'hps' }), 1, 1, new Rng(1)) as HpsSynapse;
    l.lsb.g[0] = 0.9;
    l.elapse(1e6);
    expect(l.lsb.g[0]).toBeCloseTo(0.9, 6);
    expect(readNv(l)[0]).toBe(0);
  });
});

describe('2T-1FeFET hybrid (docs/synapses.md#fefet-2t1f)', () => {
  it('carries into the MSB when the LSB crosses a level boundary and keeps W', () => {
    const l = createSynapseLayer(cfg({ scheme: 'fefet-2t1f', device: { preset: 'fefet-2t1f', overrides: { sigmaC2c: 0 } } }), 1, 1, new Rng(1)) as Fefet2t1fSynapse;
    const m0 = l.m[0]!;
    const r = new Rng(2);
    let prev = read(l)[0]!;
    let carried = false;
    for (let k = 0; k < 40; k++) {
      l.update(Float32Array.from([0.02]), r);
      const w = read(l)[0]!;
      expect(w).toBeGreaterThanOrEqual(prev - 1e-6); // monotone: carries do not lose weight
      prev = w;
      if (l.m[0] !== m0) carried = true;
    }
    expect(carried).toBe(true);
    const c = l.counts();
    expect(c.erases).toBeGreaterThan(0);
    expect(c.erases).toBe(c.transferPulses);
    expect(l.lsb.g[0]).toBeGreaterThan(0.2);
    expect(l.lsb.g[0]).toBeLessThan(0.8);
  });
  it('uses the fefet-2t1f cell when the configured device is not a hybrid one', () => {
    const l = createSynapseLayer(cfg({ scheme: 'fefet-2t1f' }), 1, 1, new Rng(1)) as Fefet2t1fSynapse;
    expect(l.msbLevels).toBe(4);
    expect(l.lsb.model.maxUp).toBe(64);
  });
});

describe('determinism and checkpoints', () => {
  const run = (seed: number, scheme: 'baseline' | 'hps' | 'fefet-2t1f') => {
    const l = createSynapseLayer(cfg({ scheme, pulseRounding: 'stochastic', device: scheme === 'fefet-2t1f' ? { preset: 'fefet-2t1f' } : { preset: 'ag-a-si', overrides: { sigmaD2d: 0.3 } } }), R, C, new Rng(seed));
    const r = new Rng(seed + 100);
    for (let k = 0; k < 6; k++) {
      l.update(Float32Array.from({ length: N }, () => 0.1 * (2 * r.uniform() - 1)), r);
      l.advance(4000, 1e-3, r);
    }
    return { w: Array.from(read(l)), c: l.counts(), l };
  };
  it.each(['baseline', 'hps', 'fefet-2t1f'] as const)('%s: same seed -> identical weights and counts; another seed differs', (scheme) => {
    const a = run(7, scheme);
    const b = run(7, scheme);
    expect(a.w).toEqual(b.w);
    expect(a.c).toEqual(b.c);
    expect(run(8, scheme).w).not.toEqual(a.w);
  });
  it.each(['baseline', 'hps', 'fefet-2t1f'] as const)('%s: snapshot / restore round trip', (scheme) => {
    const a = run(7, scheme);
    const snap = a.l.snapshot();
    const fresh = createSynapseLayer(cfg({ scheme, pulseRounding: 'stochastic', device: scheme === 'fefet-2t1f' ? { preset: 'fefet-2t1f' } : { preset: 'ag-a-si', overrides: { sigmaD2d: 0.3 } } }), R, C, new Rng(7));
    fresh.restore(snap);
    expect(Array.from(read(fresh))).toEqual(a.w);
    expect(() => createSynapseLayer(cfg({ scheme: 'ideal' }), R, C, new Rng(1)).restore(snap)).toThrow(/snapshot is for/);
  });
  it('resetCounts() zeroes every counter', () => {
    const a = run(7, 'hps');
    a.l.resetCounts();
    expect(Object.values(a.l.counts()).every((v) => v === 0)).toBe(true);
  });
});

describe('programming modes compared', () => {
  it('write-verify and curve-aware both beat open-loop on mean transfer error for a nonlinear eNVM', () => {
    const err = (programming: 'open-loop' | 'curve-aware' | 'write-verify') => {
      const l = createSynapseLayer(cfg({ scheme: 'hps', device: { preset: 'hps-envm', overrides: { sigmaC2c: 0 } }, lsb: { preset: 'cap-3t1c', overrides: { sigmaC2c: 0 } }, transfer: { programming } }), R, C, new Rng(1)) as HpsSynapse;
      l.initialize(randomW(21, N, 0.6), new Rng(1));
      const r = new Rng(22);
      for (let k = 0; k < 5; k++) l.update(Float32Array.from({ length: N }, () => 0.04 * (2 * r.uniform() - 1)), r);
      const before = read(l);
      l.transfer(new Rng(3));
      const after = read(l);
      let s = 0;
      for (let i = 0; i < N; i++) s += Math.abs(after[i]! - before[i]!);
      return { e: s / N, c: l.counts() };
    };
    const open = err('open-loop');
    const curve = err('curve-aware');
    const verify = err('write-verify');
    expect(curve.e).toBeLessThan(open.e);
    expect(verify.e).toBeLessThanOrEqual(curve.e + 1e-6);
    expect(verify.c.verifyReads).toBeGreaterThan(0);
    expect(open.c.verifyReads).toBe(0);
  });
});

// The fused update kernel (src/core/synapse/common.ts updateDevices) against the two-step reference
// planPulses + EnvmArray.applySigned, and the statistics of its random draws (docs/devices.md#c2c:
// n = round(|dw| / (wmax - wmin) * Pmax) or stochastic floor(x + u); G += N(0, sigma) sqrt(n)).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { deviceModel, EnvmArray } from '../../../src/core/devices/envm';
import { FastStream } from '../../../src/core/devices/stream';
import { DEVICE_PRESETS } from '../../../src/core/devices/presets';
import type { DeviceParams } from '../../../src/core/devices/types';
import { planPulses, updateDevices, type PulsePlan } from '../../../src/core/synapse/common';
import { emptyCounts } from '../../../src/core/synapse/types';
import { synapseSchema } from '../../../src/core/config/schema';
import { readHpsResident } from '../../../src/core/devices/update-kernel';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import type { HpsSynapse } from '../../../src/core/synapse/hps';

const hps = DEVICE_PRESETS['hps-envm']!.params;

function randomDw(seed: number, n: number, zeroEvery = 5): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, (_, i) => (i % zeroEvery === 0 ? 0 : 0.3 * r.normal()));
}

describe('fused device update', () => {
  it('matches planPulses + applySigned without noise: same pulses and counters, conductances to float32 precision', () => {
    const p: DeviceParams = { ...hps, sigmaC2c: 0 };
    const rows = 13;
    const cols = 17;
    const n = rows * cols;
    // Include changes far beyond a full sweep (capped at Pmax) and a row of zeros (not written).
    const dw = randomDw(3, n);
    dw[5] = 40;
    dw[6] = -1e9;
    dw.fill(0, 2 * cols, 3 * cols);
    const k: PulsePlan = { up: 15.5, down: 15.5, maxUp: 31, maxDown: 31, stochastic: false };
    const a = new EnvmArray(deviceModel(p), n, null, 0.5);
    const b = new EnvmArray(deviceModel(p), n, null, 0.5);
    const ca = emptyCounts();
    const cb = emptyCounts();
    const buf = new Int32Array(n);
    for (let rep = 0; rep < 3; rep++) {
      const pa = updateDevices(a, dw, buf, rows, cols, k, new FastStream(new Rng(rep)), ca);
      const pb = planPulses(dw, buf, rows, cols, k, new FastStream(new Rng(rep)), cb);
      b.applySigned(buf, 0, null);
      expect(pa).toEqual(pb);
    }
    // The kernel computes in float32 (update-kernel.ts), the reference in float64 then stores float32.
    for (let i = 0; i < n; i++) expect(Math.abs(a.g[i]! - b.g[i]!)).toBeLessThan(2e-7);
    expect(ca).toEqual(cb);
    expect(cb.rowsWritten).toBe(3 * (rows - 1));
    expect(cb.cellsWritten).toBeGreaterThan(0);
  });

  it('takes the two-step path for devices with device-to-device variation (same result as the reference)', () => {
    const p: DeviceParams = { ...hps, sigmaC2c: 0, sigmaD2d: 0.5 };
    const n = 64;
    const dw = randomDw(4, n);
    const k: PulsePlan = { up: 15.5, down: 15.5, maxUp: 31, maxDown: 31, stochastic: false };
    const a = new EnvmArray(deviceModel(p), n, new Rng(9), 0.5);
    const b = new EnvmArray(deviceModel(p), n, new Rng(9), 0.5);
    expect(a.simple).toBe(false);
    const buf = new Int32Array(n);
    updateDevices(a, dw, buf, 8, 8, k, new FastStream(new Rng(1)), emptyCounts());
    planPulses(dw, buf, 8, 8, k, new FastStream(new Rng(1)), emptyCounts());
    b.applySigned(buf, 0, null);
    expect(Array.from(a.g)).toEqual(Array.from(b.g));
  });

  it('stochastic rounding: E[n] = x (x = 2.3 pulses -> 30 % threes, 70 % twos)', () => {
    const p: DeviceParams = { ...hps, nlLtp: 0, nlLtd: 0, levelsLtp: 100, levelsLtd: 100, sigmaC2c: 0 };
    const n = 40000;
    const dw = new Float32Array(n).fill(0.046); // x = 0.046 * 50 = 2.3 pulses
    const arr = new EnvmArray(deviceModel(p), n, null, 0.5);
    const c = emptyCounts();
    const r = updateDevices(arr, dw, new Int32Array(n), 200, 200, { up: 50, down: 50, maxUp: 100, maxDown: 100, stochastic: true }, new FastStream(new Rng(7)), c);
    // Linear device, 100 levels: each pulse adds 0.01, so g - 0.5 = n / 100 exactly per cell.
    let threes = 0;
    for (let i = 0; i < n; i++) {
      const m = Math.round((arr.g[i]! - 0.5) * 100);
      expect(m === 2 || m === 3).toBe(true);
      if (m === 3) threes++;
    }
    expect(r.up / n).toBeCloseTo(2.3, 1);
    expect(Math.abs(threes / n - 0.3)).toBeLessThan(0.01); // binomial sd = 0.0023
    expect(r.down).toBe(0);
    expect(c.rowMaxPulsesUp).toBe(200 * 3);
  });

  it('c2c noise: G moves by n / levels + N(0, sigma sqrt(n)) in both directions (40,000 cells)', () => {
    const p: DeviceParams = { ...hps, nlLtp: 0, nlLtd: 0, levelsLtp: 100, levelsLtd: 100, sigmaC2c: 0.02 };
    const n = 40000;
    const dw = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.08 : -0.08)); // 4 pulses up / down
    const arr = new EnvmArray(deviceModel(p), n, null, 0.5);
    updateDevices(arr, dw, new Int32Array(n), 200, 200, { up: 50, down: 50, maxUp: 100, maxDown: 100, stochastic: false }, new FastStream(new Rng(8)), emptyCounts());
    for (const sign of [1, -1]) {
      let s1 = 0;
      let s2 = 0;
      let m = 0;
      for (let i = sign > 0 ? 0 : 1; i < n; i += 2) {
        const d = arr.g[i]! - 0.5;
        s1 += d;
        s2 += d * d;
        m++;
      }
      const mean = s1 / m;
      const std = Math.sqrt(s2 / m - mean * mean);
      // By hand: mean = +-4/100 = +-0.04, std = 0.02 * sqrt(4) = 0.04; the mean of m = 20,000 cells
      // has a standard error of 0.04 / sqrt(m) = 2.8e-4, so allow 4 of them.
      expect(Math.abs(mean - sign * 0.04)).toBeLessThan((4 * 0.04) / Math.sqrt(m));
      expect(Math.abs(std / 0.04 - 1)).toBeLessThan(0.03);
    }
  });

  it('same seed gives the same conductances; another seed does not', () => {
    const run = (seed: number) => {
      const arr = new EnvmArray(deviceModel(hps), 500, null, 0.5);
      updateDevices(arr, randomDw(1, 500), new Int32Array(500), 20, 25, { up: 15.5, down: 15.5, maxUp: 31, maxDown: 31, stochastic: true }, new FastStream(new Rng(seed)), emptyCounts());
      return Array.from(arr.g);
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});

describe('HPS read-out in the update kernel', () => {
  it('gives the bits of the read-out loop, W = (F (g+ - g-) + 2 l - 1) / (F + 1) in float64', () => {
    const rows = 7;
    const cols = 23; // n = 161: not a multiple of 4, so the one-at-a-time tail runs too
    const syn = createSynapseLayer(synapseSchema.parse({ scheme: 'hps', significance: 3.7 }), rows, cols, new Rng(4)) as HpsSynapse;
    const r = new Rng(5);
    syn.initialize(Float32Array.from({ length: rows * cols }, () => 2 * r.uniform() - 1), r);
    syn.update(randomDw(6, rows * cols), r);
    const g = syn.msb.g;
    const l = syn.lsb.g;
    const n = rows * cols;
    expect(readHpsResident(g, l, new Float32Array(n), 3.7)).toBe(true); // the arrays are resident: the kernel runs
    const got = new Float32Array(n);
    syn.read(got);
    const s = 1 / (3.7 + 1);
    const ref = Float32Array.from({ length: n }, (_, i) => (3.7 * (g[i]! - g[n + i]!) + 2 * l[i]! - 1) * s);
    expect(Array.from(new Uint32Array(got.buffer))).toEqual(Array.from(new Uint32Array(ref.buffer)));
  });
});

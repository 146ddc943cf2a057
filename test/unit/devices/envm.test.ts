import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { DEVICE_PRESETS, DEVICE_PRESET_IDS } from '../../../src/core/devices/presets';
import { deviceModel, EnvmArray, pulseResponse, curveConst, curveP, curveG } from '../../../src/core/devices/envm';
import { nlToANorm } from '../../../src/core/devices/nl';
import { FastStream } from '../../../src/core/devices/stream';
import type { DeviceParams } from '../../../src/core/devices/types';

const P = (id: string): DeviceParams => DEVICE_PRESETS[id]!.params;

describe('worked values (docs/devices.md#worked-values)', () => {
  it('hps-envm from G = 0: 1, 2, 4, 8, 16 LTP pulses -> 0.1234, 0.2319, 0.4110, 0.6562, 0.8896', () => {
    const m = deviceModel(P('hps-envm'));
    const want = [0.1234, 0.2319, 0.411, 0.6562, 0.8896];
    [1, 2, 4, 8, 16].forEach((n, k) => expect(m.stepUp(0, n)).toBeCloseTo(want[k]!, 4));
  });
  it('hps-envm at G = 0.5: +1 / -1 pulse moves G by +0.0628 / -0.0628', () => {
    const m = deviceModel(P('hps-envm'));
    expect(m.stepUp(0.5, 1) - 0.5).toBeCloseTo(0.0628, 4);
    expect(m.stepDown(0.5, 1) - 0.5).toBeCloseTo(-0.0628, 4);
  });
  it('cap-3t1c from 0: 1 pulse -> 0.0337, 16 pulses -> 0.5198', () => {
    const m = deviceModel(P('cap-3t1c'));
    expect(m.stepUp(0, 1)).toBeCloseTo(0.0337, 4);
    expect(m.stepUp(0, 16)).toBeCloseTo(0.5198, 4);
  });
  it('the affine shortcut equals the position form G(P0 + n) of docs/devices.md#update-rule', () => {
    // Position form written out independently: A = sign(NL) A_norm Pmax, B = 1 / (1 - exp(-Pmax / A)),
    // P0 = -A ln(1 - g / B), g' = B (1 - exp(-(P0 +- n) / A)), P clipped to [0, Pmax].
    for (const id of ['ag-a-si', 'pcmo', 'gst-pcm', 'hzo-fefet', 'alox-hfo2']) {
      const p = P(id);
      const m = deviceModel(p);
      for (const [dir, nl, pMax] of [
        ['up', p.nlLtp, p.levelsLtp],
        ['down', p.nlLtd, p.levelsLtd],
      ] as const) {
        const A = Math.sign(nl) * nlToANorm(nl) * pMax;
        const B = 1 / (1 - Math.exp(-pMax / A));
        for (const g of [0.1, 0.4, 0.8])
          for (const n of [1, 3, 7]) {
            const p0 = -A * Math.log(1 - g / B);
            const p1 = Math.min(pMax, Math.max(0, dir === 'up' ? p0 + n : p0 - n));
            const want = Math.min(1, Math.max(0, B * (1 - Math.exp(-p1 / A))));
            const got = dir === 'up' ? m.stepUp(g, n) : m.stepDown(g, n);
            expect(got).toBeCloseTo(want, 10);
          }
      }
    }
  });
  it('opposite-sign labels: big LTP / small LTD steps at low G, the reverse at high G (docs/devices.md#update-rule)', () => {
    const m = deviceModel(P('hps-envm'));
    const upLow = m.stepUp(0.1, 1) - 0.1;
    const downLow = 0.1 - m.stepDown(0.1, 1);
    const upHigh = m.stepUp(0.9, 1) - 0.9;
    const downHigh = 0.9 - m.stepDown(0.9, 1);
    expect(upLow).toBeGreaterThan(downLow);
    expect(downHigh).toBeGreaterThan(upHigh);
  });
  it('same-sign labels (FeFET +1.75 / +1.46): depression starts slow at Gmax and speeds up', () => {
    const m = deviceModel(P('hzo-fefet'));
    const first = 1 - m.stepDown(1, 1);
    const late = m.stepDown(0.2, 0) - m.stepDown(0.2, 1);
    expect(late).toBeGreaterThan(first);
  });
  it('distance(g0, g1) equals the difference of curve positions (one logarithm instead of two)', () => {
    const r = new Rng(4);
    for (const id of ['hps-envm', 'ag-a-si', 'hzo-fefet', 'cap-3t1c'] as const) {
      const m = deviceModel(P(id));
      for (let k = 0; k < 200; k++) {
        const a = r.uniform();
        const b = r.uniform();
        for (const dir of ['ltp', 'ltd'] as const) {
          const want = m.position(dir, b) - m.position(dir, a);
          expect(Math.abs(m.distance(dir, a, b) - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
        }
      }
    }
  });

  it('pulsesBetween = round(|distance|), also right at the half-pulse boundary, for every kind of curve', () => {
    // The shortcut answers 0 for moves below half a pulse from one multiply-add; it must agree with
    // the logarithm everywhere: random moves, moves placed just inside and just outside the
    // boundary g(P0 +/- 1/2), a linear device (NL = 0) and a measured (look-up table) device.
    const r = new Rng(11);
    const linear = deviceModel({ ...P('hps-envm'), nlLtp: 0, nlLtd: 0 });
    const lut = deviceModel(P('hps-envm'), { ltp: [0, 0.3, 0.55, 0.75, 0.9, 1], ltd: [0, 0.1, 0.25, 0.45, 0.7, 1] });
    const models = [...(['hps-envm', 'ag-a-si', 'hzo-fefet', 'cap-3t1c'] as const).map((id) => deviceModel(P(id))), linear, lut];
    let zeros = 0;
    for (const m of models) {
      for (let k = 0; k < 400; k++) {
        const g0 = r.uniform();
        for (const dir of ['ltp', 'ltd'] as const) {
          const up = dir === 'ltp';
          const far = up ? g0 + (1 - g0) * r.uniform() : g0 * r.uniform();
          const p0 = m.position(dir, g0);
          const edge = m.at(dir, p0 + (up ? 0.5 : -0.5));
          // Exactly on the boundary (|distance| = 1/2 to within rounding) 0 and 1 are both right.
          expect([0, 1]).toContain(m.pulsesBetween(dir, g0, edge));
          for (const g1 of [far, g0, edge * (1 - 1e-9), edge * (1 + 1e-9), g0 + (edge - g0) * r.uniform()]) {
            if (g1 < 0 || g1 > 1 || (up ? g1 < g0 : g1 > g0)) continue;
            const want = Math.round(Math.abs(m.distance(dir, g0, g1)));
            expect(m.pulsesBetween(dir, g0, g1)).toBe(want);
            if (want === 0) zeros++;
          }
        }
      }
    }
    expect(zeros).toBeGreaterThan(1000);
  });

  it('curve position and conductance are inverse functions', () => {
    const c = curveConst(-4.88, 100);
    for (const g of [0, 0.2, 0.5, 0.99]) expect(curveG(c, curveP(c, g))).toBeCloseTo(g, 10);
  });
});

describe('pulse response of every preset (end points and monotonicity)', () => {
  it.each(DEVICE_PRESET_IDS.map((id) => [id]))('%s', (id) => {
    const p = P(id);
    const range = p.gMax - p.gMin;
    const pulsesUp = Math.min(p.levelsLtp, 4096);
    const pulsesDown = Math.min(p.levelsLtd, 4096);
    const up = pulseResponse(p, { direction: 'ltp', pulses: pulsesUp });
    const down = pulseResponse(p, { direction: 'ltd', pulses: pulsesDown });
    expect(up.g[0]).toBeCloseTo(p.gMin, 15);
    expect(down.g[0]).toBeCloseTo(p.gMax, 15);
    for (let k = 1; k < up.g.length; k++) expect(up.g[k]!).toBeGreaterThan(up.g[k - 1]!);
    for (let k = 1; k < down.g.length; k++) expect(down.g[k]!).toBeLessThan(down.g[k - 1]!);
    if (pulsesUp === p.levelsLtp) {
      expect(Math.abs(up.g[up.g.length - 1]! - p.gMax) / range).toBeLessThan(1e-9);
      expect(Math.abs(down.g[down.g.length - 1]! - p.gMin) / range).toBeLessThan(1e-9);
      // Past the end the device saturates.
      const m = deviceModel(p);
      expect(m.stepUp(1, 5)).toBe(1);
      expect(m.stepDown(0, 5)).toBe(0);
    } else {
      // ideal: linear, step = 1 / levels.
      expect(up.gNorm[1]! - up.gNorm[0]!).toBeCloseTo(1 / p.levelsLtp, 12);
    }
    expect(up.p).toEqual(Array.from({ length: pulsesUp + 1 }, (_, k) => k));
  });
});

describe('cycle-to-cycle noise (docs/devices.md#c2c)', () => {
  const linear: DeviceParams = { ...P('epiram'), nlLtp: 0, nlLtd: 0, levelsLtp: 100, levelsLtd: 100, sigmaC2c: 0.02 };

  it('G += N(0, sigma) sqrt(n): mean and std over 40,000 seeded devices', () => {
    const N = 40000;
    const arr = new EnvmArray(deviceModel(linear), N, null, 0.5);
    const s = new FastStream(new Rng(5));
    for (let i = 0; i < N; i++) arr.pulse(i, 4, true, s);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < N; i++) {
      const d = arr.g[i]! - 0.5;
      sum += d;
      sq += d * d;
    }
    const mean = sum / N;
    const std = Math.sqrt(sq / N - mean * mean);
    // Expected (by hand): mean = 4 / 100 = 0.04; std = 0.02 * sqrt(4) = 0.04.
    expect(mean).toBeCloseTo(0.04, 3);
    expect(Math.abs(std / 0.04 - 1)).toBeLessThan(0.03);
  });

  it('the fast normal sampler has unit variance and normal tails', () => {
    const s = new FastStream(new Rng(11));
    const N = 200000;
    let m1 = 0;
    let m2 = 0;
    let tail = 0;
    for (let i = 0; i < N; i++) {
      const z = s.normal();
      m1 += z;
      m2 += z * z;
      if (Math.abs(z) > 3) tail++;
    }
    expect(Math.abs(m1 / N)).toBeLessThan(0.01);
    expect(Math.abs(m2 / N - 1)).toBeLessThan(0.015);
    // P(|z| > 3) = 0.0027 for a normal.
    expect(tail / N).toBeGreaterThan(0.0027 * 0.8);
    expect(tail / N).toBeLessThan(0.0027 * 1.2);
  });

  it('same seed -> identical conductances; different seed -> different', () => {
    const run = (seed: number) => {
      const arr = new EnvmArray(deviceModel(P('ag-a-si')), 1000, new Rng(seed), 0.3);
      const s = new FastStream(new Rng(seed));
      for (let i = 0; i < 1000; i++) arr.pulse(i, 1 + (i % 5), i % 2 === 0, s);
      return Array.from(arr.g);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe('device-to-device variation', () => {
  it('draws one NL per device: steps spread across devices around the nominal step', () => {
    const p: DeviceParams = { ...P('hps-envm'), sigmaC2c: 0, sigmaD2d: 0.5 };
    const N = 5000;
    const arr = new EnvmArray(deviceModel(p), N, new Rng(9), 0);
    for (let i = 0; i < N; i++) arr.pulse(i, 1, true, null);
    const steps = Array.from(arr.g);
    const nominal = deviceModel(P('hps-envm')).stepUp(0, 1);
    const mean = steps.reduce((a, b) => a + b, 0) / N;
    const min = Math.min(...steps);
    const max = Math.max(...steps);
    expect(max - min).toBeGreaterThan(0.02);
    expect(Math.abs(mean / nominal - 1)).toBeLessThan(0.05);
  });
  it('optional Gmin/Gmax spread changes the read-out range per device', () => {
    const p: DeviceParams = { ...P('taox-hfox'), sigmaGRange: 0.1 };
    const arr = new EnvmArray(deviceModel(p), 200, new Rng(2), 1);
    const vals = Array.from({ length: 200 }, (_, i) => arr.value(i));
    expect(Math.max(...vals) - Math.min(...vals)).toBeGreaterThan(0.05);
  });
});

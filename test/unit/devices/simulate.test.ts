import { describe, expect, it } from 'vitest';
import { DEVICE_PRESETS } from '../../../src/core/devices/presets';
import { c2cBand, pulseTrain, stepSizes, MAX_STEPS } from '../../../src/core/devices/simulate';
import { pulseResponse } from '../../../src/core/devices/envm';
import type { DeviceParams } from '../../../src/core/devices/types';

const hps = DEVICE_PRESETS['hps-envm']!.params;
/** Conductances are stored as float32: compare in S to 1e-6 of the value. */
const near = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThan(1e-6 * Math.abs(b));
/** A linear device of 100 levels on 1 ... 11 uS: every pulse moves G by exactly 0.1 uS (no clipping mid-range). */
const linear = (sigmaC2c = 0): DeviceParams => ({ ...hps, gMin: 1e-6, gMax: 11e-6, levelsLtp: 100, levelsLtd: 100, nlLtp: 0, nlLtd: 0, sigmaC2c, sigmaD2d: 0 });

describe('step size against conductance', () => {
  it('hps-envm: the first LTP pulse from Gmin moves G by 0.1234 of the range (check value of docs/devices.md#worked-values)', () => {
    const s = stepSizes(hps);
    const range = hps.gMax - hps.gMin;
    expect(s.ltp.g[0]).toBe(hps.gMin);
    expect(s.ltp.dg[0]! / range).toBeCloseTo(0.1234, 4);
    // NL -4.22 for LTD mirrors NL 4.22: the first depression pulse from Gmax moves G by -0.1234 of the range.
    expect(s.ltd.g[0]).toBe(hps.gMax);
    expect(s.ltd.dg[0]! / range).toBeCloseTo(-0.1234, 4);
    // The 31 steps of each curve add up to the whole range (telescoping sum).
    expect(s.ltp.dg).toHaveLength(31);
    expect(s.ltp.dg.reduce((a, b) => a + b, 0) / range).toBeCloseTo(1, 12);
    expect(s.ltd.dg.reduce((a, b) => a + b, 0) / range).toBeCloseTo(-1, 12);
    // Nonlinear: steps shrink as the device saturates.
    expect(Math.abs(s.ltp.dg[30]!)).toBeLessThan(Math.abs(s.ltp.dg[0]!) / 5);
  });
  it('a linear device takes equal steps of range / levels = 0.1 uS', () => {
    const s = stepSizes(linear());
    for (const d of s.ltp.dg) expect(d).toBeCloseTo(0.1e-6, 15);
    for (const d of s.ltd.dg) expect(d).toBeCloseTo(-0.1e-6, 15);
  });
  it('devices with more levels than MAX_STEPS are sampled every ceil(levels / MAX_STEPS) pulses', () => {
    const s = stepSizes(DEVICE_PRESETS.ideal!.params);
    expect(s.ltp.g.length).toBeLessThanOrEqual(MAX_STEPS);
  });
});

describe('cycle-to-cycle band', () => {
  it('linear device, sigma 1 % of the range: after 50 pulses from Gmin the mean is mid-range and the spread 0.01 sqrt(50) = 7.07 % of the range', () => {
    const b = c2cBand(linear(0.01), undefined, { direction: 'ltp', trials: 4000, seed: 3 });
    expect(b.p).toHaveLength(101);
    expect(b.p[50]).toBe(50);
    const range = 10e-6;
    const mean = (b.mean[50]! - 1e-6) / range;
    const sd = (b.hi[50]! - b.mean[50]!) / range;
    // Clipping at Gmin in the first pulses lifts the mean by about sum_k E[max(0, -N(0.01 k, 0.01 sqrt k))]
    // = 0.0020 (k = 1..50, computed by hand with the normal pdf and cdf). 4000 devices: the mean is
    // within 3 standard errors (3 * 0.0707 / sqrt 4000 = 0.0034) of 0.502, the sd within 5 % of 0.0707.
    expect(Math.abs(mean - 0.502)).toBeLessThan(0.0034);
    expect(sd / (0.01 * Math.sqrt(50))).toBeGreaterThan(0.95);
    expect(sd / (0.01 * Math.sqrt(50))).toBeLessThan(1.05);
    expect(b.mean[50]! - b.lo[50]!).toBeCloseTo(b.hi[50]! - b.mean[50]!, 15);
  });
  it('without c2c noise the band collapses onto the pulse response', () => {
    const b = c2cBand({ ...hps, sigmaC2c: 0 }, undefined, { direction: 'ltd', trials: 10 });
    const r = pulseResponse(hps, { direction: 'ltd' });
    b.mean.forEach((g, k) => expect(g).toBeCloseTo(r.g[k]!, 12));
    b.hi.forEach((g, k) => expect(g).toBeCloseTo(b.lo[k]!, 12));
  });
  it('is reproducible from its seed', () => {
    const a = c2cBand(hps, undefined, { direction: 'ltp', trials: 50, seed: 9 });
    expect(c2cBand(hps, undefined, { direction: 'ltp', trials: 50, seed: 9 })).toEqual(a);
    expect(c2cBand(hps, undefined, { direction: 'ltp', trials: 50, seed: 10 }).hi).not.toEqual(a.hi);
  });
});

describe('random pulse train', () => {
  it('linear device, no noise: G = 6 uS + 0.1 uS x (potentiating - depressing pulses so far)', () => {
    const t = pulseTrain(linear(), undefined, { pulses: 40, seed: 5 });
    expect(t.n).toHaveLength(41);
    near(t.g[0]!, 6e-6);
    let net = 0;
    t.up.forEach((u, k) => {
      net += u ? 1 : -1;
      near(t.g[k + 1]!, 6e-6 + net * 0.1e-6);
    });
    // Both directions occur (seeded: 40 draws at p = 0.5).
    expect(t.up.some((u) => u) && t.up.some((u) => !u)).toBe(true);
  });
  it('all-potentiating train from Gmin follows the LTP pulse response; the same seed gives the same train', () => {
    const t = pulseTrain({ ...hps, sigmaC2c: 0 }, undefined, { pulses: 31, pUp: 1, start: 0 });
    const r = pulseResponse(hps, { direction: 'ltp' });
    t.g.forEach((g, k) => near(g, r.g[k]!));
    expect(pulseTrain(hps, undefined, { seed: 4 })).toEqual(pulseTrain(hps, undefined, { seed: 4 }));
    expect(pulseTrain(hps, undefined, { seed: 4 }).g).not.toEqual(pulseTrain(hps, undefined, { seed: 5 }).g);
  });
});

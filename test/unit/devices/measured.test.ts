import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { deviceModel, EnvmArray } from '../../../src/core/devices/envm';
import { FastStream } from '../../../src/core/devices/stream';
import { fitMeasured, measuredLut, MeasuredDataError, parseMeasuredCsv } from '../../../src/core/devices/measured';
import { DEVICE_PRESETS, resolveDevice } from '../../../src/core/devices/presets';
import type { DeviceParams } from '../../../src/core/devices/types';

/** Synthetic sweeps from known parameters through the device model itself (one pulse per point). */
function sweeps(p: DeviceParams, seed: number): { ltp: [number, number][]; ltd: [number, number][] } {
  const arr = new EnvmArray(deviceModel(p), 1, null, 0);
  const s = new FastStream(new Rng(seed));
  const G = () => p.gMin + arr.g[0]! * (p.gMax - p.gMin);
  const ltp: [number, number][] = [[0, G()]];
  for (let k = 1; k <= p.levelsLtp; k++) {
    arr.pulse(0, 1, true, s);
    ltp.push([k, G()]);
  }
  arr.g[0] = 1;
  const ltd: [number, number][] = [[0, G()]];
  for (let k = 1; k <= p.levelsLtd; k++) {
    arr.pulse(0, 1, false, s);
    ltd.push([k, G()]);
  }
  return { ltp, ltd };
}

const known: DeviceParams = { ...DEVICE_PRESETS['ag-a-si']!.params, sigmaC2c: 0 };

describe('least-squares fit of a measured device', () => {
  it('recovers NL, levels, Gmin, Gmax of a noise-free synthetic curve', () => {
    const { ltp, ltd } = sweeps(known, 1);
    const f = fitMeasured(ltp, ltd);
    expect(f.params.nlLtp).toBeCloseTo(known.nlLtp, 2);
    expect(f.params.nlLtd).toBeCloseTo(known.nlLtd, 2);
    expect(f.params.levelsLtp).toBe(known.levelsLtp);
    expect(f.params.levelsLtd).toBe(known.levelsLtd);
    expect(Math.abs(f.params.gMin / known.gMin - 1)).toBeLessThan(1e-3);
    expect(Math.abs(f.params.gMax / known.gMax - 1)).toBeLessThan(1e-3);
    expect(f.params.sigmaC2c).toBeLessThan(1e-4);
    expect(f.nrmse).toBeLessThan(1e-4);
  });

  it('recovers the parameters and the c2c sigma of a noisy curve within tolerance', () => {
    const p = { ...DEVICE_PRESETS['hps-envm']!.params, levelsLtp: 60, levelsLtd: 60, sigmaC2c: 0.01 };
    const { ltp, ltd } = sweeps(p, 7);
    const f = fitMeasured(ltp, ltd);
    expect(Math.abs(f.params.nlLtp - p.nlLtp)).toBeLessThan(0.6);
    expect(Math.abs(f.params.nlLtd - p.nlLtd)).toBeLessThan(0.6);
    expect(Math.abs(f.params.gMax / p.gMax - 1)).toBeLessThan(0.05);
    expect(Math.abs(f.params.sigmaC2c / p.sigmaC2c - 1)).toBeLessThan(0.25);
    expect(f.nrmse).toBeGreaterThan(0.001);
    expect(f.nrmse).toBeLessThan(0.08);
  });

  it('the look-up-table device reproduces the measured points and resolves through resolveDevice', () => {
    const { ltp, ltd } = sweeps(known, 1);
    const { lut, gMin, gMax } = measuredLut(ltp, ltd);
    expect(gMin).toBeCloseTo(known.gMin, 15);
    expect(lut.ltp.length).toBe(known.levelsLtp + 1);
    const r = resolveDevice({ preset: 'measured', measured: { ltp, ltd } });
    expect(r.preset.lut).toBeDefined();
    const m = deviceModel(r.params, r.preset.lut);
    // From Gmin, k LTP pulses land on the k-th measured point.
    for (const k of [1, 10, 50]) expect(gMin + m.stepUp(0, k) * (gMax - gMin)).toBeCloseTo(ltp[k]![1], 14);
    // From Gmax, k LTD pulses land on the k-th measured LTD point.
    for (const k of [1, 10, 50]) expect(gMin + m.stepDown(1, k) * (gMax - gMin)).toBeCloseTo(ltd[k]![1], 14);
    expect(r.preset.notes.join(' ')).toMatch(/fit RMSE/);
  });
});

describe('CSV parsing and validation', () => {
  const wide = ['pulse,G_ltp (uS),G_ltd (uS)', '0,1.0,10', '1,3.0,8', '2,5.0,6', '3,7.0,4', '4,9.0,2'].join('\n');

  it('parses the wide layout with a unit in the header', () => {
    const d = parseMeasuredCsv(wide);
    expect(d.ltp).toHaveLength(5);
    expect(d.ltd).toHaveLength(5);
    expect(d.ltp[1]![1]).toBeCloseTo(3e-6, 15);
    expect(d.ltd[4]![1]).toBeCloseTo(2e-6, 15);
  });

  it('parses the long layout (direction, pulse, conductance)', () => {
    const csv = 'direction,pulse,G\nltp,0,1e-6\nltp,1,2e-6\nltp,2,3e-6\nltd,0,3e-6\nltd,1,2e-6\nltd,2,1e-6\n';
    const d = parseMeasuredCsv(csv);
    expect(d.ltp.map((r) => r[0])).toEqual([0, 1, 2]);
    expect(d.ltd.map((r) => r[1])).toEqual([3e-6, 2e-6, 1e-6]);
  });

  it('names the row, column and value of a non-numeric cell', () => {
    const bad = wide.replace('2,5.0,6', '2,abc,6');
    expect(() => parseMeasuredCsv(bad)).toThrow(MeasuredDataError);
    expect(() => parseMeasuredCsv(bad)).toThrow(/row 4, column "G_ltp \(uS\)": not a number \(value "abc"\)/);
  });

  it('rejects too few points', () => {
    expect(() => parseMeasuredCsv('pulse,G_ltp,G_ltd\n0,1,3\n1,2,2\n')).toThrow(/LTP sweep has 2 points; at least 3/);
  });

  it('rejects pulse numbers that do not increase, naming the row', () => {
    const bad = wide.replace('3,7.0,4', '1,7.0,4');
    expect(() => parseMeasuredCsv(bad)).toThrow(/row 5.*pulse numbers must increase/);
  });

  it('rejects a sweep that is not monotonic enough, naming the row and value', () => {
    // LTP 1, 3, 7, 1.5, 9 uS: falls back 5.5 of a range of 8 (> 50 %).
    const bad = wide.replace('2,5.0,6', '2,7.0,6').replace('3,7.0,4', '3,1.5,4');
    expect(() => parseMeasuredCsv(bad)).toThrow(/row 5, column "conductance": the LTP sweep is not monotonic enough: it goes back by 69 %.*\(value "[0-9.e-]+"\)/);
  });

  it('rejects an LTD sweep that rises and a non-positive conductance', () => {
    expect(() => parseMeasuredCsv('pulse,G_ltp,G_ltd\n0,1,1\n1,2,2\n2,3,3\n')).toThrow(/LTD sweep must fall/);
    expect(() => parseMeasuredCsv('pulse,G_ltp,G_ltd\n0,-1,3\n1,2,2\n2,3,1\n')).toThrow(/row 2.*positive/);
  });

  it('rejects an unknown direction in the long layout', () => {
    expect(() => parseMeasuredCsv('direction,pulse,G\nup,0,1\n')).toThrow(/direction must be "ltp" or "ltd"/);
  });
});

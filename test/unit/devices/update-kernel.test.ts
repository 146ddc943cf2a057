// The device update kernel (src/core/devices/update-kernel.ts, update-kernel.wat): the WebAssembly
// SIMD version and its JavaScript twin must agree bit for bit (conductances, counters, random lane
// states), and the committed module must be the assembly of the committed .wat.
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { deviceModel } from '../../../src/core/devices/envm';
import { FastStream } from '../../../src/core/devices/stream';
import { DEVICE_PRESETS } from '../../../src/core/devices/presets';
import type { DeviceParams } from '../../../src/core/devices/types';
import {
  decodeBase64,
  laneStates,
  residentArrays,
  setUpdateKernel,
  transferOpenLoop,
  transferOpenLoopJs,
  updatePair,
  updatePairJs,
  updateKernelName,
  updateTabulated,
  updateTabulatedJs,
  type TabulatedUpdate,
} from '../../../src/core/devices/update-kernel';
import { UPDATE_KERNEL_WASM_BASE64 } from '../../../src/core/devices/update-kernel.wasm';
import { assemble } from '../../../scripts/build-wasm';

afterEach(() => setUpdateKernel('auto'));

function layer(seed: number, n: number): { dw: Float32Array; g: Float32Array } {
  const r = new Rng(seed);
  const dw = Float32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : (r.uniform() < 0.5 ? -1 : 1) * 0.2 * Math.abs(r.normal())));
  const g = Float32Array.from({ length: n }, () => r.uniform());
  return { dw, g };
}

const hps = DEVICE_PRESETS['hps-envm']!.params;
const cap = DEVICE_PRESETS['cap-3t1c']!.params;

describe('device update kernel', () => {
  it('runs as WebAssembly SIMD on Node', () => {
    expect(updateKernelName()).toBe('wasm-simd');
    setUpdateKernel('js');
    expect(updateKernelName()).toBe('javascript (forced)');
  });

  const cases: Array<[string, DeviceParams, number, number, boolean]> = [
    ['hps-envm, 13 x 17 (ragged rows), nearest rounding', hps, 13, 17, false],
    ['hps-envm, 8 x 100, stochastic rounding', hps, 8, 100, true],
    ['cap-3t1c, 31 x 10, stochastic', cap, 31, 10, true],
    ['noise-free device, 5 x 3', { ...hps, sigmaC2c: 0 }, 5, 3, false],
    // Large sigma so that many deviates land in the exact-tail bins and clipping is exercised.
    ['very noisy device, 64 x 64', { ...hps, sigmaC2c: 3 }, 64, 64, true],
  ];
  it.each(cases)('SIMD and JavaScript agree bit for bit: %s', (_name, params, rows, cols, stochastic) => {
    const model = deviceModel(params);
    const { dw, g } = layer(rows * cols, rows * cols);
    dw[1] = 1e9; // capped at a full sweep
    dw[2] = Number.NaN; // no pulses
    dw[3] = -Infinity; // capped
    const p: TabulatedUpdate = { rows, cols, model, kUp: 15.5, kDown: 14.25, capUp: model.maxUp, capDown: model.maxDown - 1, stochastic, noisy: params.sigmaC2c > 0 };
    const gw = g.slice();
    const gj = g.slice();
    const sw = new FastStream(new Rng(42));
    const sj = new FastStream(new Rng(42));
    for (let rep = 0; rep < 3; rep++) {
      const tw = updateTabulated(dw, gw, p, sw); // SIMD (checked above)
      const st = laneStates(sj);
      const tj = updateTabulatedJs(dw, gj, p, st);
      expect(tw).toEqual(tj);
      expect(tw.cells).toBeGreaterThan(0);
    }
    expect(Array.from(gw)).toEqual(Array.from(gj));
    expect(Array.from(sw.s)).toEqual(Array.from(sj.s));
    expect(gw[2]).toBe(g[2]); // NaN change: untouched
  });

  it.each([
    ['stochastic, noisy, 7 x 11', hps, true],
    ['nearest, very noisy, 5 x 6', { ...hps, sigmaC2c: 3 }, false],
  ] as Array<[string, DeviceParams, boolean]>)('differential pair: SIMD and JavaScript agree bit for bit (%s)', (_name, params, stochastic) => {
    const model = deviceModel(params);
    const [rows, cols] = _name.includes('7 x 11') ? [7, 11] : [5, 6];
    const n = rows * cols;
    const { dw } = layer(n + 3, n);
    dw[2] = Number.NaN;
    const g = Float32Array.from({ length: 2 * n }, (_, i) => ((i * 37) % 100) / 100);
    const p: TabulatedUpdate = { rows, cols, model, kUp: 15.5, kDown: 12, capUp: 31, capDown: 31, stochastic, noisy: params.sigmaC2c > 0 };
    const gw = g.slice();
    const gj = g.slice();
    const sw = new FastStream(new Rng(6));
    const sj = new FastStream(new Rng(6));
    for (let rep = 0; rep < 2; rep++) expect(updatePair(dw, gw, p, sw)).toEqual(updatePairJs(dw, gj, p, laneStates(sj)));
    expect(Array.from(gw)).toEqual(Array.from(gj));
    expect(Array.from(sw.s)).toEqual(Array.from(sj.s));
    expect([gw[2], gw[n + 2]]).toEqual([g[2], g[n + 2]]);
  });

  it('differential pair without noise: G+ moves as an update by dw and G- as an update by -dw; counters per synapse', () => {
    const model = deviceModel({ ...hps, sigmaC2c: 0 });
    const rows = 4;
    const cols = 9;
    const n = rows * cols;
    const { dw, g } = layer(12, n);
    const p: TabulatedUpdate = { rows, cols, model, kUp: 15.5, kDown: 12, capUp: 31, capDown: 31, stochastic: false, noisy: false };
    const pair = Float32Array.from([...g, ...g.map((v) => 1 - v)]);
    const t = updatePair(dw, pair, p, new FastStream(new Rng(1)));
    const gp = g.slice();
    const gm = g.map((v) => 1 - v);
    const tp = updateTabulated(dw, gp, p, new FastStream(new Rng(2)));
    const tm = updateTabulated(dw.map((v) => -v), gm, p, new FastStream(new Rng(3)));
    expect(Array.from(pair)).toEqual([...gp, ...gm]);
    // By hand: every non-zero change moves one device up and the other down.
    expect(t.up).toBe(tp.up + tm.up);
    expect(t.down).toBe(tp.down + tm.down);
    // A synapse is written when either device gets a pulse: n = floor(|dw| k + 0.5), k = 15.5 (LTP) or 12 (LTD).
    const written = Array.from(dw).filter((d) => Math.floor(Math.fround(Math.abs(d) * 15.5) + 0.5) > 0 || Math.floor(Math.fround(Math.abs(d) * 12) + 0.5) > 0).length;
    expect(t.cells).toBe(written);
  });

  it('counts requested changes in the same pass: zeros, NaN and the lanes past a row end are not requested (2 x 3, by hand)', () => {
    const model = deviceModel({ ...hps, sigmaC2c: 0 });
    // k = 10: row 0 [0.26 -> 3 pulses, 0 (not requested), NaN (not requested)], row 1 [0.04 -> 0
    // pulses (requested, lost), -0.55 -> 6 LTD, 0]. Requested 3, written 2: efficacy 2/3.
    const dw = Float32Array.of(0.26, 0, Number.NaN, 0.04, -0.55, 0);
    for (const which of ['auto', 'js'] as const) {
      setUpdateKernel(which);
      const p = { rows: 2, cols: 3, model, kUp: 10, kDown: 10, capUp: 31, capDown: 31, stochastic: false, noisy: false };
      const t = updateTabulated(dw, new Float32Array(6).fill(0.5), p, new FastStream(new Rng(1)));
      expect([t.requested, t.cells]).toEqual([3, 2]);
      const pair = updatePair(dw, new Float32Array(12).fill(0.5), p, new FastStream(new Rng(1)));
      expect([pair.requested, pair.cells]).toEqual([3, 2]);
    }
    setUpdateKernel('auto');
  });

  it('counts by hand on a 1 x 5 row (hps-envm, no noise): pulses, row maxima, cells', () => {
    const model = deviceModel({ ...hps, sigmaC2c: 0 });
    // k = 10 pulses per unit: 0.26 -> 2.6 + 0.5 -> 3 LTP; -0.14 -> 1.4 + 0.5 -> 1 LTD; 0.04 -> 0;
    // 5 -> capped at 31 LTP; -0.55 -> 6 LTD. Cells 4, LTP 34, LTD 7, row max LTP 31, LTD 6; all five
    // changes are requested, so 0.04 is the one lost update.
    const dw = Float32Array.of(0.26, -0.14, 0.04, 5, -0.55);
    for (const which of ['auto', 'js'] as const) {
      setUpdateKernel(which);
      const g = new Float32Array(5).fill(0.5);
      const t = updateTabulated(dw, g, { rows: 1, cols: 5, model, kUp: 10, kDown: 10, capUp: 31, capDown: 31, stochastic: false, noisy: false }, new FastStream(new Rng(1)));
      expect(t).toEqual({ requested: 5, cells: 4, rows: 1, up: 34, down: 7, rowMaxUp: 31, rowMaxDown: 6 });
      expect(g[0]).toBeCloseTo(model.stepUp(0.5, 3), 6);
      expect(g[1]).toBeCloseTo(model.stepDown(0.5, 1), 6);
      expect(g[2]).toBe(0.5);
      expect(g[3]).toBe(1);
    }
  });

  it.each([
    ['hps-envm, 9 x 13, noisy, residual 0', hps, 9, 13, 0],
    ['noise-free, 16 x 8, residual 0.25', { ...hps, sigmaC2c: 0 }, 16, 8, 0.25],
  ] as Array<[string, DeviceParams, number, number, number]>)('open-loop transfer: SIMD and JavaScript agree bit for bit, overflow cells left to the caller: %s', (_name, params, rows, cols, resid) => {
    const n = rows * cols;
    const r = new Rng(n);
    const lsb = Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0.5 : r.uniform()));
    // MSB pair: some devices near Gmax so that their transfer overflows.
    const g = Float32Array.from({ length: 2 * n }, (_, i) => (i % 11 === 0 ? 0.97 : 0.6 * r.uniform()));
    const p = { rows, cols, model: deviceModel(params), significance: 4, residualCharge: resid, noisy: params.sigmaC2c > 0 };
    const [lw, gw, lj, gj] = [lsb.slice(), g.slice(), lsb.slice(), g.slice()];
    const sw = new FastStream(new Rng(3));
    const sj = new FastStream(new Rng(3));
    const tw = transferOpenLoop(lw, gw, p, sw);
    const tj = transferOpenLoopJs(lj, gj, p, laneStates(sj));
    expect(tw).toEqual(tj);
    expect(Array.from(lw)).toEqual(Array.from(lj));
    expect(Array.from(gw)).toEqual(Array.from(gj));
    expect(Array.from(sw.s)).toEqual(Array.from(sj.s));
    expect(tw.overflow.length).toBeGreaterThan(0);
    for (const i of tw.overflow) {
      // Overflow: untouched, and the target really would pass Gmax.
      expect(lw[i]).toBe(lsb[i]);
      const delta = (2 * lsb[i]! - 1) / 4;
      expect((delta > 0 ? g[i]! : g[n + i]!) + Math.abs(delta)).toBeGreaterThan(1);
    }
  });

  it('open-loop transfer by hand (hps-envm, no noise, F = 4): l = 0.75 -> W_LSB / F = 0.125 -> round(0.125 * 31) = 4 LTP on G+', () => {
    const model = deviceModel({ ...hps, sigmaC2c: 0 });
    for (const which of ['auto', 'js'] as const) {
      setUpdateKernel(which);
      // cells: l = 0.75 (G+ gets 4), l = 0.25 (G- gets 4), l = 0.5 (nothing), l = 0.52 (0.01 -> round(0.31) = 0 pulses, LSB still reset)
      const lsb = Float32Array.of(0.75, 0.25, 0.5, 0.52);
      const g = new Float32Array(8).fill(0.2);
      const t = transferOpenLoop(lsb, g, { rows: 1, cols: 4, model, significance: 4, residualCharge: 0, noisy: false }, new FastStream(new Rng(1)));
      expect(t.pulses).toBe(8);
      expect(Array.from(t.rowMax)).toEqual([4]);
      expect(t.overflow.length).toBe(0);
      expect(Array.from(lsb)).toEqual([0.5, 0.5, 0.5, 0.5]);
      expect(g[0]).toBeCloseTo(model.stepUp(0.2, 4), 6);
      expect(g[4 + 1]).toBeCloseTo(model.stepUp(0.2, 4), 6);
      expect([g[1], g[2], g[3], g[4], g[6], g[7]]).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0.2].map(Math.fround));
      expect(t.lsbAtRail).toBe(0);
    }
  });

  it('a transfer counts the LSB cells it reads at a rail (1 x 6 by hand: l = 1, 0 and 1 are saturated)', () => {
    const model = deviceModel({ ...hps, sigmaC2c: 0 });
    for (const which of ['auto', 'js'] as const) {
      setUpdateKernel(which);
      const lsb = Float32Array.of(1, 0.5, 0, 0.6, 1, 0.4);
      const t = transferOpenLoop(lsb, new Float32Array(12), { rows: 1, cols: 6, model, significance: 4, residualCharge: 0, noisy: false }, new FastStream(new Rng(1)));
      expect(t.lsbAtRail).toBe(3);
    }
    setUpdateKernel('auto');
  });

  it('arrays resident in a kernel arena give the same results as ordinary arrays, in place, across models', () => {
    // An HPS layer's arena: the MSB pair (hps-envm) and the LSB (cap-3t1c) live in the kernel's
    // memory; an update of the LSB, a transfer into the pair and an update of the pair as a baseline
    // would do must match the same calls on ordinary arrays (which the shared instance copies).
    const [rows, cols] = [6, 10];
    const n = rows * cols;
    const envm = deviceModel(hps);
    const capm = deviceModel(cap);
    const arena = residentArrays([2 * n, n], [envm, capm], rows, cols);
    expect(arena).not.toBeNull();
    const [msbR, lsbR] = arena!;
    expect(msbR!.buffer).toBe(lsbR!.buffer);
    const { dw, g } = layer(99, n);
    const msb0 = Float32Array.from({ length: 2 * n }, (_, i) => ((i * 29) % 90) / 100);
    msbR!.set(msb0);
    lsbR!.set(g);
    const [msbP, lsbP] = [msb0.slice(), g.slice()];
    const memory = msbR!.buffer;
    const sR = new FastStream(new Rng(8));
    const sP = new FastStream(new Rng(8));
    const upd = (model: ReturnType<typeof deviceModel>): TabulatedUpdate => ({ rows, cols, model, kUp: 20, kDown: 18, capUp: model.maxUp, capDown: model.maxDown, stochastic: true, noisy: true });
    for (let rep = 0; rep < 2; rep++) {
      expect(updateTabulated(dw, lsbR!, upd(capm), sR)).toEqual(updateTabulated(dw, lsbP, upd(capm), sP));
      const tr = { rows, cols, model: envm, significance: 4, residualCharge: 0.1, noisy: true };
      expect(transferOpenLoop(lsbR!, msbR!, tr, sR)).toEqual(transferOpenLoop(lsbP, msbP, tr, sP));
      expect(updatePair(dw, msbR!, upd(envm), sR)).toEqual(updatePair(dw, msbP, upd(envm), sP));
    }
    expect(Array.from(lsbR!)).toEqual(Array.from(lsbP));
    expect(Array.from(msbR!)).toEqual(Array.from(msbP));
    expect(Array.from(sR.s)).toEqual(Array.from(sP.s));
    // Still the same memory (an arena never grows, so its views stay valid) and something moved.
    expect(msbR!.buffer).toBe(memory);
    expect(Array.from(msbR!)).not.toEqual(Array.from(msb0));
  });

  it('no arena when the JavaScript twin is forced or a model is not tabulated (ordinary arrays then)', () => {
    const d2d = deviceModel({ ...hps, sigmaD2d: 0.5 });
    expect(d2d.tabulated).toBe(false);
    expect(residentArrays([4, 4], [deviceModel(hps), d2d], 1, 4)).toBeNull();
    expect(residentArrays([4], [deviceModel(hps)], 1, 4)).not.toBeNull();
    setUpdateKernel('js');
    expect(residentArrays([4], [deviceModel(hps)], 1, 4)).toBeNull();
  });

  it('the committed module is the assembly of update-kernel.wat (run `npm run build:wasm` after editing it)', async () => {
    const bytes = await assemble();
    expect(Array.from(decodeBase64(UPDATE_KERNEL_WASM_BASE64))).toEqual(Array.from(bytes));
  });

  it('decodes base64 like the platform does', () => {
    const raw = Uint8Array.from({ length: 257 }, (_, i) => (i * 37) & 255);
    for (const len of [0, 1, 2, 3, 100, 257]) {
      const b64 = Buffer.from(raw.subarray(0, len)).toString('base64');
      expect(Array.from(decodeBase64(b64))).toEqual(Array.from(raw.subarray(0, len)));
    }
  });
});

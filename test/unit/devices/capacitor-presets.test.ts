import { describe, expect, it } from 'vitest';
import {
  applyLeak,
  capacitorLevels,
  capacitorParams,
  capacitorStepVoltage,
  leakTargetLevel,
  timeToLoseOneLevel,
} from '../../../src/core/devices/capacitor';
import { DEVICE_PRESETS, DEVICE_PRESET_IDS, resolveDevice } from '../../../src/core/devices/presets';
import { BIBLIOGRAPHY } from '../../../src/core/bib';
import { deviceModel } from '../../../src/core/devices/envm';
import { fefetTransferEnergy } from '../../../src/core/devices/fefet';
import { ModelError } from '../../../src/core/errors';

describe('3T1C capacitor cell (docs/devices.md#derived-values, docs/synapses.md#retention)', () => {
  it('one pulse moves the node by I t / C = 6.67 uA x 0.5 ns / 100 fF = 33.35 mV', () => {
    const cap = DEVICE_PRESETS['cap-3t1c']!;
    // Computed by hand: 6.67e-6 * 0.5e-9 / 100e-15 = 0.03335 V.
    expect(capacitorStepVoltage(cap.capacitance!, cap.writeCurrent!, cap.params.pulseWidthLtp)).toBeCloseTo(0.03335, 6);
    // 1 V / 33.35 mV = 29.99 -> 29 whole levels.
    expect(capacitorLevels(1, 0.03335)).toBe(29);
  });
  it('derived capacitor parameters give a near-linear update', () => {
    const p = capacitorParams({ capacitance: 100e-15, writeCurrent: 6.67e-6, pulseWidth: 0.5e-9, supplyVoltage: 1, gMin: 4e-6, gMax: 20e-6, nl: 0.2, levels: 32 });
    const m = deviceModel(p);
    const first = m.stepUp(0, 1);
    const last = m.stepUp(m.at('ltp', 31), 1) - m.at('ltp', 31);
    expect(Math.abs(first - 1 / 32) / (1 / 32)).toBeLessThan(0.1);
    expect(Math.abs(last - 1 / 32) / (1 / 32)).toBeLessThan(0.1);
  });
  it('leakage halves the stored value (relative to the target) after tau ln 2', () => {
    for (const target of ['reference', 'ground', 0.5] as const) {
      const t = leakTargetLevel(target);
      const v = new Float32Array([0.9, 0.1, 0.7]);
      const before = Array.from(v);
      applyLeak(v, 2e-3 * Math.LN2, 2e-3, t);
      v.forEach((x, i) => expect(x - t).toBeCloseTo((before[i]! - t) / 2, 6));
    }
  });
  it('time to lose one LSB level: -tau ln(1 - (1/levels) / |v0 - target|)', () => {
    // By hand: levels 32, reference target 0.5, worst case v0 = 0 or 1: -ln(1 - 0.03125/0.5) = 0.0645385.
    expect(timeToLoseOneLevel(1, 32)).toBeCloseTo(0.0645385, 6);
    // Ground target: worst case v0 = 1, -ln(1 - 0.03125) = 0.0317487.
    expect(timeToLoseOneLevel(1, 32, 'ground')).toBeCloseTo(0.0317487, 6);
    expect(timeToLoseOneLevel(1, 32, 'reference', 0.51)).toBe(Infinity);
  });
  it('2T-1FeFET transfer energy V_erase^2 C_g + V_prog^2 C_g', () => {
    const h = DEVICE_PRESETS['fefet-2t1f']!.hybrid!;
    // By hand: (16 + 4) * 50 fF = 1e-12 J for the 2 V level.
    expect(fefetTransferEnergy(h, 0)).toBeCloseTo(1e-12, 20);
  });
});

describe('device presets (docs/devices.md#presets)', () => {
  const ids = ['ag-a-si', 'taox-hfox', 'pcmo', 'alox-hfo2', 'gst-pcm', 'epiram', 'hzo-fefet', 'hps-envm', 'cap-3t1c', 'fefet-2t1f', 'sram-8t', 'ideal'];
  it('has every row of the table', () => {
    expect([...DEVICE_PRESET_IDS].sort()).toEqual([...ids].sort());
  });
  it.each(ids.map((id) => [id]))('%s cites a bibliography key and has consistent parameters', (id) => {
    const p = DEVICE_PRESETS[id]!;
    expect(p.id).toBe(id);
    expect(Object.keys(BIBLIOGRAPHY)).toContain(p.citation);
    expect(p.params.gMax).toBeGreaterThan(p.params.gMin);
    expect(p.cellWidthF * p.cellHeightF).toBeGreaterThan(0);
    expect(p.notes.length).toBeGreaterThan(0);
  });
  it('derives Gmax / Gmin from R_on and on/off where the table gives only those', () => {
    // By hand: PCMO 1 / 23 MOhm = 43.478 nS, / 6.84 = 6.3565 nS; GST 1 / 4.71 kOhm = 212.314 uS.
    expect(DEVICE_PRESETS.pcmo!.params.gMax).toBeCloseTo(43.48e-9, 11);
    expect(DEVICE_PRESETS.pcmo!.params.gMin).toBeCloseTo(6.3565e-9, 12);
    expect(DEVICE_PRESETS['gst-pcm']!.params.gMax).toBeCloseTo(212.314e-6, 8);
    expect(DEVICE_PRESETS['hzo-fefet']!.params.gMin).toBeCloseTo(39.75e-9, 11);
  });
  it('cell sizes follow the common settings', () => {
    expect([DEVICE_PRESETS['taox-hfox']!.cellWidthF, DEVICE_PRESETS['taox-hfox']!.cellHeightF]).toEqual([4, 4]);
    expect([DEVICE_PRESETS['cap-3t1c']!.cellWidthF, DEVICE_PRESETS['cap-3t1c']!.cellHeightF]).toEqual([100, 50]);
  });
  it('the bibliography has the required keys', () => {
    for (const k of ['lecun-1998', 'mlp-neurosim-v3', 'dnn-neurosim-v2', 'luo-yu-2020', 'ambrogio-2018', 'sun-2018', 'xiao-2017', 'krizhevsky-2009'])
      expect(Object.keys(BIBLIOGRAPHY)).toContain(k);
  });
});

describe('resolveDevice', () => {
  it('applies overrides on top of the preset and notes them', () => {
    const r = resolveDevice({ preset: 'hps-envm', overrides: { nlLtp: 1, levelsLtp: 64 } });
    expect(r.params.nlLtp).toBe(1);
    expect(r.params.levelsLtp).toBe(64);
    expect(r.params.nlLtd).toBe(-4.22);
    expect(r.preset.notes.at(-1)).toMatch(/nlLtp, levelsLtp/);
    expect(DEVICE_PRESETS['hps-envm']!.params.nlLtp).toBe(4.22);
  });
  it('names an unknown preset id', () => {
    expect(() => resolveDevice({ preset: 'unobtainium' })).toThrow(ModelError);
    expect(() => resolveDevice({ preset: 'unobtainium' })).toThrow(/unknown device preset "unobtainium"; known presets: ag-a-si/);
  });
  it('rejects overrides that break the model', () => {
    expect(() => resolveDevice({ preset: 'epiram', overrides: { gMax: 1e-9 } })).toThrow(/gMax must exceed gMin/);
  });
  it('needs sweeps for the measured preset', () => {
    expect(() => resolveDevice({ preset: 'measured' })).toThrow(/needs `measured`/);
  });
});

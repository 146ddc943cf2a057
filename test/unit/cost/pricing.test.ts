/** Unit tests of each pricing formula against hand-computed values (section cited per test). */
import { describe, expect, it } from 'vitest';
import { CALIBRATION, pricing, technology, nmosOnResistance, evaluateCost } from '../../../src/core/cost';
import { variant } from './helpers';

const t32 = technology(32, 'LSTP', 300);

describe('technology (docs/cost.md#technology)', () => {
  it('32 nm LSTP: Vdd, wire width 40 nm, R per length = rho / (w^2 AR) = 4.03e-8 / (1.6e-15 * 1.9) = 13.26 Ohm/um', () => {
    expect(t32.vdd).toBe(0.9);
    expect(t32.wireWidth).toBeCloseTo(40e-9, 15);
    expect(t32.rWire * 1e-6).toBeCloseTo(13.257, 2);
    expect(t32.cWire).toBeCloseTo(2e-10, 20);
  });
  it('resistivity grows 0.451 %/K away from 300 K', () => {
    expect(technology(32, 'LSTP', 350).rWire / t32.rWire).toBeCloseTo(1 + 0.00451 * 50, 9);
  });
  it('C_gate = (C_ideal + 0.2 C_ideal + C_fringe) per width, planar; no overlap for FinFET', () => {
    expect(t32.cGatePerM).toBeCloseTo(8.375e-10 * 1.2 + 6.857e-10, 18);
    expect(technology(14, 'HP').cGatePerM).toBeCloseTo(1.2573e-9, 18);
  });
  it('R_on = Reff Vdd / (Ion W): 1.77 * 0.9 / (600.2 A/m * 32 nm) = 82.94 kOhm', () => {
    expect(nmosOnResistance(t32, 32e-9)).toBeCloseTo((1.77 * 0.9) / (600.2 * 32e-9), 6);
    expect(nmosOnResistance(t32, 32e-9) / 1e3).toBeCloseTo(82.94, 1);
  });
  it('FinFET effective width: 1 fin at 14 nm = 2 * 23 + 10 = 56 nm; at 7 nm 2 * 21 + 7 = 49 nm', () => {
    expect(technology(14, 'LSTP').wMinN).toBeCloseTo(56e-9, 15);
    expect(technology(7, 'LSTP').wMinN).toBeCloseTo(49e-9, 15);
  });
});

describe('ADC fits (docs/cost.md#adc)', () => {
  it('MLSA latency at 32 nm LSTP: 0.0714 ln(R/1k) + 0.7651 ns, clamped to [1, 10] ns', () => {
    // R = 1 MOhm at V_read 0.5 V: 0.0714 * ln(1000) + 0.7651 = 1.2583 ns
    expect(pricing.mlsaAdc(t32, 6, 1e6, 0.5, 1, CALIBRATION).latency).toBeCloseTo(1.2583e-9, 12);
    expect(pricing.mlsaAdc(t32, 6, 25e3, 0.5, 1, CALIBRATION).latency).toBe(1e-9);
    // R scaled by 0.5 V / V_read: 2 MOhm at 1 V reads as 1 MOhm
    expect(pricing.mlsaAdc(t32, 6, 2e6, 1.0, 1, CALIBRATION).latency).toBeCloseTo(1.2583e-9, 12);
    expect(pricing.mlsaAdc(technology(22, 'LSTP'), 6, 1e6, 0.5, 1, CALIBRATION).latency).toBe(1e-9);
    expect(pricing.mlsaAdc(technology(32, 'HP'), 6, 1e6, 0.5, 1, CALIBRATION).latency).toBe(1e-9);
  });
  it('MLSA power: a (L-1) uW + c exp(-d log10 R); 6 bit, R = 100 kOhm, 32 nm LP: (3.0875 * 63 + 0.0649 e^(-2.297*5)) uW x (0.0714 ln 100 + 0.7651) ns', () => {
    const p = 3.0875 * 63 + 0.0649 * Math.exp(-2.297 * 5);
    const tNs = 0.0714 * Math.log(100) + 0.7651; // 1.0939 ns
    const a = pricing.mlsaAdc(t32, 6, 100e3, 0.5, 1, CALIBRATION);
    expect(a.latency).toBeCloseTo(tNs * 1e-9, 15);
    expect(a.energy).toBeCloseTo(p * 1e-6 * tNs * 1e-9, 20);
    // temperature factor (1 + 1.3e-3 (T - 300))
    const hot = pricing.mlsaAdc(technology(32, 'LSTP', 350), 6, 100e3, 0.5, 1, CALIBRATION);
    expect(hot.energy / a.energy).toBeCloseTo(1 + 1.3e-3 * 50, 9);
  });
  it('SAR: latency (log2 L + 1) ns, power (1.1294 log2 L + 8.8998) uW + ..., area from 269+109(b-1) NMOS and 209+73(b-1) PMOS', () => {
    const s = pricing.sarAdc(t32, 6, 100e3, 0.5, 1);
    expect(s.latency).toBeCloseTo(7e-9, 15);
    const pw = 1.1294 * 6 + 8.8998 + 0.079449 * Math.exp(-2.297 * 5);
    expect(s.energy).toBeCloseTo(pw * 1e-6 * 7e-9, 20);
    expect(s.area).toBeCloseTo((269 + 109 * 5 + 209 + 73 * 5) * t32.aMinDevice, 20);
  });
  it('SAR vs flash trade-off: SAR smaller and lower power, but slower per conversion', () => {
    const m = pricing.mlsaAdc(t32, 6, 100e3, 0.5, 1, CALIBRATION);
    const s = pricing.sarAdc(t32, 6, 100e3, 0.5, 1);
    expect(s.area).toBeLessThan(m.area);
    expect(s.energy / s.latency).toBeLessThan(m.energy / m.latency);
    expect(s.latency).toBeGreaterThan(m.latency);
  });
  it('shift-add width = log2(L) + input bits + cells per synapse + 1: 6 + 8 + 1 + 1 = 16', () => {
    expect(pricing.shiftAddWidth(6, 8, 1)).toBe(16);
  });
});

describe('DRAM, cell and line energies (sections 2.4, 3, 4)', () => {
  it('HBM2: 1e9 bits take 1e9 / 15.2e12 s and 3.9 mJ; GDDR5 14 pJ/bit at 4.288 Tb/s', () => {
    const h = pricing.dramCost('HBM2', 1e9);
    expect(h.latency).toBeCloseTo(1e9 / 15.2e12, 15);
    expect(h.energy).toBeCloseTo(3.9e-3, 12);
    const g = pricing.dramCost('GDDR5', 1e9);
    expect(g.energy).toBeCloseTo(14e-3, 12);
    expect(g.latency).toBeCloseTo(1e9 / 4.288e12, 15);
  });
  it('resistive pulse: V^2 / ((R_new + R_old)/2) t; 2 V, 100 kOhm -> 50 kOhm, 80 ns = 4 / 75e3 * 80e-9 = 4.267 pJ', () => {
    expect(pricing.resistivePulseEnergy(2, 1e-5, 2e-5, 80e-9)).toBeCloseTo((4 / 75e3) * 80e-9, 20);
  });
  it('capacitor LSB pulse: 6.67 uA x 0.5 ns x 1 V = 3.335 fJ', () => {
    expect(pricing.capacitorPulseEnergy(6.67e-6, 0.5e-9, 1)).toBeCloseTo(3.335e-15, 22);
  });
  it('FeFET pulse: 2 P A V / levels + C_g V^2', () => {
    expect(pricing.fefetPulseEnergy(4, 1e-14, 60, 2.17e-18)).toBeCloseTo((2 * 0.2 * 1e-14 * 4) / 60 + 2.17e-18 * 16, 25);
  });
  it('cell read V^2 G t: 0.5 V, 10 uS, 10 ns = 25 fJ', () => {
    expect(pricing.cellReadEnergy(0.5, 1e-5, 10e-9)).toBeCloseTo(2.5e-14, 22);
  });
  it('Elmore: 0.69 R_drv C + 0.38 R C', () => {
    expect(pricing.elmoreDelay(1e3, 2e3, 1e-12)).toBeCloseTo(0.69e-9 + 0.76e-9, 18);
  });
});

describe('feasibility (docs/cost.md#cells): access transistor sized to 0.25 R_on within linear ratio 0.2', () => {
  it('GST PCM (R_on 4.71 kOhm) needs ~14F at 32 nm LSTP: not ok, with a reason, no exception', () => {
    const cfg = variant((c) => {
      c.synapse = { scheme: 'baseline', device: { preset: 'gst-pcm' }, mapping: 'reference' };
    });
    const r = evaluateCost(cfg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/access transistor wider than the cell/);
    // hand: 82.94 kOhm * 0.2 / (0.25 * 4.71 kOhm) = 14.09 F
    expect((nmosOnResistance(t32, 32e-9) * 0.2) / (0.25 * 4.71e3)).toBeCloseTo(14.09, 1);
  });
  it('the FeFET of the calibration point (240 kOhm) fits', () => {
    expect(evaluateCost(variant(() => {})).ok).toBe(true);
  });
  it('unknown device preset is a result, not an exception', () => {
    const r = evaluateCost(variant((c) => (c.synapse = { scheme: 'baseline', device: { preset: 'no-such' } })));
    expect(r.ok).toBe(false);
  });
});

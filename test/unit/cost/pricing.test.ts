/**
 * Unit tests of each pricing formula against hand-computed values. Sources: DNN+NeuroSim V2.1
 * (github.com/neurosim/DNN_NeuroSim_V2.1, Training_pytorch/NeuroSIM) files named per test; the
 * independent re-implementation in scripts/reference/neurosim_ref.py gives the same values where noted.
 */
import { describe, expect, it } from 'vitest';
import { circuits, effectiveWidth, evaluateCost, nmosOnResistance, pricing, technology } from '../../../src/core/cost';
import { variant } from './helpers';

const t32 = technology(32, 'LSTP', 300);
const t7 = technology(7, 'LSTP', 300);

describe('technology (Technology.cpp, formula.cpp)', () => {
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
  it('minimum devices: NMOS 2F, PMOS pnSizeRatio = Ion_n / Ion_p wider (600.2 / 400 = 1.5005); R_on = Reff Vdd / (Ion W)', () => {
    expect(t32.wMinN).toBeCloseTo(64e-9, 15);
    expect(t32.pnRatio).toBeCloseTo(1.5005, 6);
    // 1.77 * 0.9 / (600.2 A/m * 64 nm) = 41.47 kOhm, and the PMOS is sized to match
    expect(t32.rN / 1e3).toBeCloseTo(41.47, 2);
    expect(t32.rP / t32.rN).toBeCloseTo(1, 9);
    expect(nmosOnResistance(t32, 32e-9) / 1e3).toBeCloseTo(82.94, 1);
  });
  it('FinFET: widths round up to fins of 2F, each 2 H_fin + W_fin (7 nm: 2 * 18 + 7 = 43 nm); pnSizeRatio truncated (822 / 737 -> 1)', () => {
    expect(effectiveWidth(t7, 7e-9)).toBeCloseTo(43e-9, 15);
    expect(effectiveWidth(t7, 15e-9)).toBeCloseTo(86e-9, 15);
    expect(t7.pnRatio).toBe(1);
    expect(effectiveWidth(technology(14, 'LSTP'), 28e-9)).toBeCloseTo(56e-9, 15);
    // 1.73 * 0.7 / (822 A/m * 43 nm) = 34.26 kOhm
    expect(nmosOnResistance(t7, 7e-9) / 1e3).toBeCloseTo(34.26, 1);
  });
  it('90 nm LSTP gate capacitance read as 1.5413e-9 F/m (NeuroSim\'s 1.5413e-10 drops a digit)', () => {
    expect(technology(90, 'LSTP').cGatePerM).toBeCloseTo(1.5413e-9 * 1.2 + 9.601e-10, 18);
  });
  it('one standalone device: 2 gate pitches (3.8F) x cell height 28F = 212.8 F^2; FinFET cells 34F high', () => {
    expect(t32.aDevice / (32e-9) ** 2).toBeCloseTo(212.8, 6);
    expect(t7.aDevice / (7e-9) ** 2).toBeCloseTo(2 * 3.8 * 34, 6);
  });
});

describe('circuits (formula.cpp horowitz, RowDecoder, Buffer, DFF, Adder, HTree)', () => {
  it('Horowitz: a step input gives tr ln 2; a ramp of slope 1 / tr gives tr sqrt(ln^2 2 + 0.5)', () => {
    expect(circuits.horowitz(1e-9).delay).toBeCloseTo(Math.LN2 * 1e-9, 18);
    expect(circuits.horowitz(1e-9, 1e9).delay).toBeCloseTo(Math.sqrt(Math.LN2 ** 2 + 0.5) * 1e-9, 18);
  });
  it('7-bit decoder driving a 128-DFF line at 32 nm LSTP: 1.613 ns (the reference script\'s RowDecoder gives 1.6129 ns)', () => {
    const load = 12 * 2 * 3.8 * 32e-9 * 128 * 0.2e-15 / 1e-6;
    expect(circuits.decoder(t32, 7, load).latency * 1e9).toBeCloseTo(1.6129, 3);
    // more address bits or more load: slower
    expect(circuits.decoder(t32, 7, 2 * load).latency).toBeGreaterThan(circuits.decoder(t32, 7, load).latency);
    expect(circuits.decoder(t32, 5, load).latency).toBeLessThan(circuits.decoder(t32, 7, load).latency);
  });
  it('register-file buffer line = decode + half a clock (Buffer.cpp, DFF mode); faster clock shortens only the clock part', () => {
    const b = circuits.registerBuffer(t32, 128 * 128, 128, 1e9);
    const dec = circuits.decoder(t32, 7, circuits.dffWidth(t32) * 128 * 0.2e-9);
    expect(b.lineLatency).toBeCloseTo(dec.latency + 0.5e-9, 18);
    expect(circuits.registerBuffer(t32, 128 * 128, 128, 2e9).lineLatency).toBeCloseTo(dec.latency + 0.25e-9, 18);
    expect(b.lineLatency * 1e9).toBeCloseTo(2.113, 3);
  });
  it('DFF bit energy: (Cin + Cout) x4 + 2 Cin + (3 Cout + Cin) + 2 Cout + (Cin + Cout), times Vdd^2 (DFF.cpp)', () => {
    const want = (8 * t32.cInv + 10 * t32.cInvOut) * 0.81;
    expect(circuits.dffBitEnergy(t32)).toBeCloseTo(want, 25);
  });
  it('ripple adder: 2 NAND stages per bit beyond the second (Adder.cpp), 15 bits at 32 nm LSTP 1.700 ns, 72 fJ', () => {
    const a15 = circuits.adder(t32, 15);
    expect(a15.latency * 1e9).toBeCloseTo(1.6999, 3);
    expect(a15.energy * 1e15).toBeCloseTo(71.95, 1);
    const a16 = circuits.adder(t32, 16);
    const a17 = circuits.adder(t32, 17);
    expect(a17.latency - a16.latency).toBeCloseTo(a16.latency - a15.latency, 18);
  });
  it('adder tree over n inputs: ceil(log2 n) stages, one bit wider each', () => {
    expect(circuits.adderTree(t32, 1, 10).latency).toBe(0);
    const t4 = circuits.adderTree(t32, 4, 10);
    expect(t4.latency).toBeCloseTo(circuits.adder(t32, 10).latency + circuits.adder(t32, 11).latency, 18);
    expect(t4.energy).toBeCloseTo(2 * circuits.adder(t32, 10).energy + circuits.adder(t32, 11).energy, 25);
  });
  it('H-tree path over a 4 x 4 grid: 8 unit sides for latency, 5 for energy; 2 x 2: 3 and 2 (HTree.cpp)', () => {
    expect(circuits.hTreePathLength(4, 1)).toBe(8);
    expect(circuits.hTreePathLength(4, 1, true)).toBe(5);
    expect(circuits.hTreePathLength(2, 1)).toBe(3);
    expect(circuits.hTreePathLength(2, 1, true)).toBe(2);
  });
  it('repeated wire at 32 nm LSTP: 0.472 ns/mm with the H-tree wire (4x width, 2.73e-8 Ohm m), relaxed 10 %', () => {
    expect(circuits.hTreeWireResistance(t32) * 1e-6).toBeCloseTo(2.73e-8 / ((160e-9) ** 2 * 2.3) * 1e-6, 9);
    const w = circuits.repeatedWire(t32, 0.1, true, circuits.hTreeWireResistance(t32));
    expect(w.delayPerM * 1e6).toBeCloseTo(0.4722, 3);
    // faster at 7 nm? wires get slower per mm (narrow wires), but the tree gets much shorter
    expect(circuits.repeatedWire(t7, 0.1, true, circuits.hTreeWireResistance(t7)).delayPerM).toBeGreaterThan(w.delayPerM);
  });
  it('8T SRAM read: bit-line discharge through access (1.31F) and pull-down (2.08F) to a 0.05 V margin', () => {
    const s = circuits.sramCell(t32, 128);
    const cCol = 128 * 8 * 32e-9 * 0.2e-9;
    expect(s.bitLineCap).toBeGreaterThan(cCol);
    expect(s.accessR).toBeCloseTo(nmosOnResistance(t32, 1.31 * 32e-9), 6);
    expect(s.read).toBeGreaterThan(0);
    expect(s.read).toBeLessThan(1e-9);
  });
});

describe('ADCs (MultilevelSenseAmp.cpp, MultilevelSAEncoder.cpp, SarADC.cpp)', () => {
  it('MLSA latency at 32 nm LSTP: 0.0714 ln(R/1k) + 0.7651 ns, clamped to [1, 10] ns; per-node fits at 45-130 nm; 1 ns at HP or <= 22 nm', () => {
    expect(pricing.mlsaLatency(t32, 1e6)).toBeCloseTo(1.2583e-9, 12);
    expect(pricing.mlsaLatency(t32, 25e3)).toBe(1e-9);
    expect(pricing.mlsaLatency(technology(130, 'LSTP'), 1e6)).toBeCloseTo((0.2679 * Math.log(1000) + 0.0478) * 1e-9, 15);
    expect(pricing.mlsaLatency(technology(90, 'LSTP'), 1e5)).toBeCloseTo((0.0586 * Math.log(100) + 1.41) * 1e-9, 15);
    expect(pricing.mlsaLatency(technology(22, 'LSTP'), 1e6)).toBe(1e-9);
    expect(pricing.mlsaLatency(technology(32, 'HP'), 1e6)).toBe(1e-9);
  });
  it('MLSA conversion: P x T + the encoder, P = a (L - 1) uW + c exp(-d log10 R) W from the node\'s row (32 nm LP: 3.0875, 0.0649, 2.297)', () => {
    const a = pricing.mlsaAdc(t32, 6, 100e3);
    const enc = pricing.mlsaEncoder(t32, 64);
    const tNs = 0.0714 * Math.log(100) + 0.7651;
    // the column term is in watts in NeuroSim (0.66 uW at 100 kOhm), the per-level term in microwatts
    const p = 3.0875 * 63 * 1e-6 + 0.0649 * Math.exp(-2.297 * 5);
    expect(a.energy).toBeCloseTo(p * tNs * 1e-9 + enc.energy, 22);
    expect(a.latency).toBeCloseTo(tNs * 1e-9 + enc.latency, 18);
    // 7 nm LP row: 0.35 uW a level
    const a7 = pricing.mlsaAdc(t7, 6, 100e3);
    const p7 = 0.35 * 63 * 1e-6 + 0.0235 * Math.exp(-2.303 * 5);
    expect(a7.energy - pricing.mlsaEncoder(t7, 64).energy).toBeCloseTo(p7 * 1e-9, 22);
    // temperature factor (1 + 1.3e-3 (T - 300)) on the power
    const hot = pricing.mlsaAdc(technology(32, 'LSTP', 350), 6, 100e3);
    expect((hot.energy - pricing.mlsaEncoder(technology(32, 'LSTP', 350), 64).energy) / (a.energy - enc.energy)).toBeCloseTo(1 + 1.3e-3 * 50, 9);
  });
  it('MLSA area: (L - 1) x (40 PMOS current sense amp + 9 NMOS + 9 PMOS) devices + encoder', () => {
    const a = pricing.mlsaAdc(t32, 6, 100e3);
    expect(a.area).toBeCloseTo(63 * 58 * t32.aDevice + pricing.mlsaEncoder(t32, 64).area, 20);
  });
  it('SAR: latency (log2 L + 1) ns, power (1.1294 log2 L + 8.8998) uW + c exp(-d log10 R), area 269+109(b-1) NMOS + 209+73(b-1) PMOS', () => {
    const s = pricing.sarAdc(t32, 6, 100e3);
    expect(s.latency).toBeCloseTo(7e-9, 15);
    const pw = (1.1294 * 6 + 8.8998) * 1e-6 + 0.079449 * Math.exp(-2.297 * 5);
    expect(s.energy).toBeCloseTo(pw * 7e-9, 22);
    expect(s.area).toBeCloseTo((269 + 109 * 5 + 209 + 73 * 5) * t32.aDevice, 20);
    // 1388 devices of 212.8 F^2 at 32 nm = 302.5 um^2
    expect(s.area * 1e12).toBeCloseTo(302.5, 0);
  });
  it('SAR vs MLSA at 6 bits: about 0.28 of the MLSA\'s area, 7x slower, less energy per conversion (device counts above)', () => {
    const m = pricing.mlsaAdc(t32, 6, 100e3);
    const s = pricing.sarAdc(t32, 6, 100e3);
    expect(s.area / m.area).toBeGreaterThan(0.25);
    expect(s.area / m.area).toBeLessThan(0.32);
    expect(s.latency).toBeGreaterThan(4 * m.latency);
    expect(s.energy).toBeLessThan(m.energy);
  });
  it('shift-add width = log2(L) + input bits + cells per synapse + 1: 6 + 8 + 1 + 1 = 16', () => {
    expect(pricing.shiftAddWidth(6, 8, 1)).toBe(16);
  });
});

describe('DRAM, cell and line energies', () => {
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
  it('FeFET write (GetWriteUpdateEstimation): 2 P_r V 2F^2 once per written cell; 4 V LTP and LTD -> 5.657 V, 32 nm: 4.634 fJ', () => {
    const vw = Math.hypot(4, 4);
    expect(pricing.fefetWriteEnergy(vw, 32e-9)).toBeCloseTo(2 * 0.2 * vw * 2 * 1.024e-15, 25);
    expect(pricing.fefetWriteEnergy(vw, 32e-9) * 1e15).toBeCloseTo(4.634, 2);
  });
  it('capacitor LSB pulse: 6.67 uA x 0.5 ns x 1 V = 3.335 fJ', () => {
    expect(pricing.capacitorPulseEnergy(6.67e-6, 0.5e-9, 1)).toBeCloseTo(3.335e-15, 22);
  });
});

describe('feasibility (SubArray::Initialize): access transistor sized to 0.25 R_on within a linear-region ratio of 0.2', () => {
  it('GST PCM (R_on 4.71 kOhm) in a 4F cell: needs 14.09F at 32 nm LSTP; the reason names the width that fits, no exception', () => {
    const r = evaluateCost(variant((c) => {
      c.synapse = { scheme: 'baseline', device: { preset: 'gst-pcm' }, mapping: 'reference' };
      c.circuit!.cellWidth = 4;
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(/access transistor wider than the cell: it needs 14\.09F/);
      expect(r.reason).toMatch(/set circuit\.cellWidth to at least 14\.1 \(F\)/);
    }
    // hand: 82.94 kOhm * 0.2 / (0.25 * 4.71 kOhm) = 14.09 F
    expect((nmosOnResistance(t32, 32e-9) * 0.2) / (0.25 * 4.71e3)).toBeCloseTo(14.09, 1);
  });
  it('the gst-pcm preset (16F wide) fits at every node and roadmap; a 4F cell does at none of the LSTP planar nodes', () => {
    for (const node of [130, 90, 65, 45, 32, 22, 14, 10, 7])
      for (const roadmap of ['LSTP', 'HP'] as const) {
        const r = evaluateCost(variant((c) => {
          c.synapse = { scheme: 'baseline', device: { preset: 'gst-pcm' }, mapping: 'reference' };
          c.circuit!.node = node;
          c.circuit!.roadmap = roadmap;
        }));
        expect(r.ok, `${node} nm ${roadmap}`).toBe(true);
      }
  });
  it('FinFET access transistors are whole fins: PCM needs 5.82F at 7 nm (34.26 kOhm * 0.2 / 1.1775 kOhm); AlOx/HfO2 fits 4F at 7 nm', () => {
    const at7 = (preset: string, width?: number) =>
      evaluateCost(variant((c) => {
        c.synapse = { scheme: 'baseline', device: { preset }, mapping: 'reference' };
        c.circuit!.node = 7;
        if (width !== undefined) c.circuit!.cellWidth = width;
      }));
    expect(at7('gst-pcm', 5.8).ok).toBe(false);
    expect(at7('gst-pcm', 5.9).ok).toBe(true);
    expect(at7('alox-hfo2').ok).toBe(true);
  });
  it('a wider cell costs array area and longer word lines, nothing else changes sign', () => {
    const base = evaluateCost(variant(() => {}));
    const wide = evaluateCost(variant((c) => (c.circuit!.cellWidth = 8)));
    expect(base.ok && wide.ok).toBe(true);
    if (base.ok && wide.ok) {
      expect(wide.area.byComponent.array / base.area.byComponent.array).toBeCloseTo(2, 9);
      expect(wide.assumptions.join(' ')).toMatch(/Cell footprint set by the configuration: 8F x 4F/);
    }
  });
  it('the FeFET of the calibration point (240 kOhm) fits; an unknown device preset is a result, not an exception', () => {
    expect(evaluateCost(variant(() => {})).ok).toBe(true);
    const r = evaluateCost(variant((c) => (c.synapse = { scheme: 'baseline', device: { preset: 'no-such' } })));
    expect(r.ok).toBe(false);
  });
});

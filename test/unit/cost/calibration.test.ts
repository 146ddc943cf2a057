/**
 * Paper-validation test: the calibration point of docs/cost.md#calibration (DNN+NeuroSim V2.1 default,
 * VGG-8, one epoch of 50,000 images). Chip area, total energy and total latency within 15 %; every
 * phase total (FW, AG, WG, WU; energy and latency) within 30 %; same ordering of what dominates.
 */
import { describe, expect, it } from 'vitest';
import { calibrationConfig, ok } from './helpers';

const NS = {
  area: 95.21e-6,
  areaBy: { adc: 54.02e-6, interconnect: 11.97e-6, accumulation: 9.683e-6, wgUnit: 9.615e-6, other: 9.562e-6, array: 0.3651e-6 },
  latency: { fw: 37.94, ag: 30.18, wg: 53.27, wu: 0.6654, total: 122.1 },
  energy: { fw: 1.299, ag: 1.24, wg: 84.56, wu: 0.000725, total: 87.1, leakage: 0.0168 },
  latencyBy: { adc: 1.819, accumulation: 11.08, array: 0.9905, buffer: 66.32, interconnect: 24.21 },
  energyBy: { adc: 0.7219, accumulation: 0.3398, array: 0.06422, buffer: 0.1864, interconnect: 1.443, dram: 76.03 },
  topsPerWatt: 2.117,
  tops: 1.511,
  peakTopsPerWatt: 19.13,
  peakTops: 3.746,
  ops: 1.84421e14,
  fwLatencyByLayer: [7.962, 15.12, 4.206, 6.176, 1.53, 2.441, 0.4699, 0.02857],
  wgEnergyByLayer: [0.1089, 3.448, 2.83, 5.659, 7.692, 15.38, 49.38, 0.06028],
};

const rel = (ours: number, ref: number) => (ours - ref) / ref;

describe('calibration point: DNN+NeuroSim V2.1 default (docs/cost.md#calibration)', () => {
  const m = ok(calibrationConfig());

  it('prints ours vs NeuroSim side by side', () => {
    const rows: Record<string, { ours: number; neurosim: number; errPct: string }> = {};
    const add = (k: string, ours: number, ref: number) => (rows[k] = { ours: Number(ours.toPrecision(4)), neurosim: ref, errPct: (rel(ours, ref) * 100).toFixed(1) });
    add('area mm2', m.area.total * 1e6, NS.area * 1e6);
    for (const [k, v] of Object.entries(NS.areaBy)) add(`area.${k} mm2`, m.area.byComponent[k as keyof typeof NS.areaBy] * 1e6, v * 1e6);
    for (const [k, v] of Object.entries(NS.latency)) add(`latency.${k} s`, m.latency[k as keyof typeof NS.latency], v);
    for (const [k, v] of Object.entries(NS.energy)) add(`energy.${k} J`, m.energy[k as keyof typeof NS.energy], v);
    for (const [k, v] of Object.entries(NS.latencyBy)) add(`latencyBy.${k} s`, m.latencyByComponent[k as keyof typeof NS.latencyBy], v);
    for (const [k, v] of Object.entries(NS.energyBy)) add(`energyBy.${k} J`, m.energyByComponent[k as keyof typeof NS.energyBy], v);
    add('TOPS/W', m.topsPerWatt, NS.topsPerWatt);
    add('TOPS', m.tops, NS.tops);
    add('peak TOPS/W', m.peakTopsPerWatt, NS.peakTopsPerWatt);
    add('peak TOPS', m.peakTops, NS.peakTops);
    add('ops/epoch', m.opsPerEpoch, NS.ops);
    m.layers.forEach((l, i) => {
      add(`L${i + 1} FW latency s`, l.latency.fw, NS.fwLatencyByLayer[i]!);
      add(`L${i + 1} WG energy J`, l.energy.wg, NS.wgEnergyByLayer[i]!);
    });
    console.table(rows);
    expect(Object.keys(rows).length).toBeGreaterThan(40);
  });

  it('chip area, total energy and total latency within 15 %', () => {
    expect(Math.abs(rel(m.area.total, NS.area))).toBeLessThan(0.15);
    expect(Math.abs(rel(m.energy.total, NS.energy.total + NS.energy.leakage))).toBeLessThan(0.15);
    expect(Math.abs(rel(m.latency.total, NS.latency.total))).toBeLessThan(0.15);
  });

  it('every phase total (FW, AG, WG, WU) within 30 %, energy and latency', () => {
    for (const p of ['fw', 'ag', 'wg', 'wu'] as const) {
      expect(Math.abs(rel(m.energy[p], NS.energy[p])), `energy.${p}`).toBeLessThan(0.3);
      expect(Math.abs(rel(m.latency[p], NS.latency[p])), `latency.${p}`).toBeLessThan(0.3);
    }
    expect(m.energy.transfer).toBe(0);
  });

  it('ops per epoch: 3 x MACs minus layer-1 AG, x 2, x 50,000 images (section 2.8)', () => {
    expect(Math.abs(rel(m.opsPerEpoch, NS.ops))).toBeLessThan(1e-3);
    expect(m.imagesPerEpoch).toBe(50000);
    expect(m.iterationsPerEpoch).toBe(250);
  });

  it('same ordering of what dominates: energy WG >> FW ~ AG >> WU; area ADC largest; DRAM dominates WG (section 6)', () => {
    expect(m.energy.wg).toBeGreaterThan(10 * m.energy.fw);
    expect(m.energy.wg / m.energy.total).toBeGreaterThan(0.9);
    expect(m.energy.fw / m.energy.ag).toBeGreaterThan(0.5);
    expect(m.energy.fw / m.energy.ag).toBeLessThan(2);
    expect(m.energy.ag).toBeGreaterThan(100 * m.energy.wu);
    expect(m.energyByComponent.dram / m.energy.wg).toBeGreaterThan(0.8);
    const areas = Object.entries(m.area.byComponent).sort((a, b) => b[1] - a[1]);
    expect(areas[0]![0]).toBe('adc');
    expect(m.area.byComponent.adc / m.area.total).toBeGreaterThan(0.45);
    expect(m.area.byComponent.array / m.area.total).toBeLessThan(0.02);
    // latency: WG > FW > AG >> WU; buffer and interconnect the largest latency items, ADC small
    expect(m.latency.wg).toBeGreaterThan(m.latency.fw);
    expect(m.latency.fw).toBeGreaterThan(m.latency.ag);
    expect(m.latency.ag).toBeGreaterThan(10 * m.latency.wu);
    const lat = Object.entries(m.latencyByComponent).sort((a, b) => b[1] - a[1]);
    expect(lat[0]![0]).toBe('buffer');
    expect(m.latencyByComponent.adc).toBeLessThan(0.05 * m.latency.total);
  });

  it('floorplan matches NeuroSim: 15 tiles, 1,1,1,1,1,1,8,1; duplication of layers 2-8 16,8,4,2,1,1,8; utilisation near 88.6 %', () => {
    expect(m.mapping.tiles).toBe(15);
    expect(m.layers.map((l) => l.tiles)).toEqual([1, 1, 1, 1, 1, 1, 8, 1]);
    expect(m.layers.slice(1).map((l) => l.duplication)).toEqual([16, 8, 4, 2, 1, 1, 8]);
    expect(Math.abs(m.mapping.utilization - 0.886)).toBeLessThan(0.05);
  });
});

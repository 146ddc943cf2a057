/**
 * Paper-validation test: the calibration point, DNN+NeuroSim V2.1's default run (VGG-8 on CIFAR-10,
 * FeFET, 32 nm LSTP, one epoch of 50,000 images) and its printed per-layer breakdown. Chip area, total
 * energy and total latency within 10 %; every layer's FW, AG and WG latency and energy within 35 %;
 * the same floorplan and the same ordering of what dominates.
 */
import { describe, expect, it } from 'vitest';
import { CALIBRATION } from '../../../src/core/cost';
import { calibrationConfig, ok } from './helpers';

/** NeuroSim's printed results for the default run (per epoch; latency s, energy J, area m^2). */
const NS = {
  area: 95.21e-6,
  areaBy: { adc: 54.02e-6, interconnect: 11.97e-6, accumulation: 9.683e-6, wgUnit: 9.615e-6, other: 9.562e-6, array: 0.3651e-6 },
  latency: { fw: 37.94, ag: 30.18, wg: 53.27, wu: 0.6654, total: 122.1 },
  energy: { fw: 1.299, ag: 1.24, wg: 84.56, wu: 0.000725, total: 87.1, leakage: 0.0168 },
  latencyBy: { adc: 1.819, accumulation: 11.08, array: 0.9905, buffer: 66.32, interconnect: 24.21 },
  energyBy: { adc: 0.7219, accumulation: 0.3398, array: 0.06422, buffer: 0.1864, interconnect: 1.443, dram: 76.03 },
  topsPerWatt: 2.117,
  tops: 1.511,
  ops: 1.84421e14,
  layers: {
    fw: [7.962, 15.12, 4.206, 6.176, 1.53, 2.441, 0.4699, 0.02857],
    ag: [0, 15.18, 4.231, 6.233, 1.551, 2.485, 0.471, 0.02871],
    wg: [1.817, 11.34, 7.275, 7.767, 7.038, 8.441, 9.576, 0.01863],
    wu: [0.000689, 0.007529, 0.01506, 0.03012, 0.06023, 0.1205, 0.4276, 0.00372],
    efw: [0.07298, 0.5041, 0.1741, 0.2797, 0.08801, 0.1502, 0.0297, 0.000541],
    eag: [0, 0.508, 0.1758, 0.2832, 0.08928, 0.1528, 0.02995, 0.0005448],
    ewg: [0.1089, 3.448, 2.83, 5.659, 7.692, 15.38, 49.38, 0.06028],
  },
};

const rel = (ours: number, ref: number) => (ours - ref) / ref;

describe('calibration point: DNN+NeuroSim V2.1 default (VGG-8, FeFET, 32 nm LSTP)', () => {
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
    add('ops/epoch', m.opsPerEpoch, NS.ops);
    m.layers.forEach((l, i) => {
      for (const p of ['fw', 'ag', 'wg', 'wu'] as const) if (NS.layers[p][i]) add(`L${i + 1} ${p} latency s`, l.latency[p], NS.layers[p][i]!);
      for (const p of ['fw', 'ag', 'wg'] as const) {
        const ref = NS.layers[`e${p}`][i]!;
        if (ref) add(`L${i + 1} ${p} energy J`, l.energy[p], ref);
      }
    });
    console.table(rows);
    expect(Object.keys(rows).length).toBeGreaterThan(60);
  });

  it('chip area, total energy and total latency within 10 %', () => {
    expect(Math.abs(rel(m.area.total, NS.area))).toBeLessThan(0.1);
    expect(Math.abs(rel(m.energy.total, NS.energy.total + NS.energy.leakage))).toBeLessThan(0.1);
    expect(Math.abs(rel(m.latency.total, NS.latency.total))).toBeLessThan(0.1);
  });

  it('every layer\'s FW, AG and WG latency and energy within 35 %', () => {
    m.layers.forEach((l, i) => {
      for (const p of ['fw', 'ag', 'wg'] as const) {
        const lat = NS.layers[p][i]!;
        const en = NS.layers[`e${p}`][i]!;
        if (lat) expect(Math.abs(rel(l.latency[p], lat)), `layer ${i + 1} ${p} latency ${l.latency[p]} vs ${lat}`).toBeLessThan(0.35);
        if (en) expect(Math.abs(rel(l.energy[p], en)), `layer ${i + 1} ${p} energy ${l.energy[p]} vs ${en}`).toBeLessThan(0.35);
      }
    });
    expect(m.layers[0]!.latency.ag).toBe(0);
  });

  it('phase totals: FW, AG, WG within 30 %; WU within a factor of 2.2 (a trace statistic: NeuroSim\'s rows carry larger pulse maxima than one gradient step)', () => {
    for (const p of ['fw', 'ag', 'wg'] as const) {
      expect(Math.abs(rel(m.energy[p], NS.energy[p])), `energy.${p}`).toBeLessThan(0.3);
      expect(Math.abs(rel(m.latency[p], NS.latency[p])), `latency.${p}`).toBeLessThan(0.3);
    }
    expect(m.latency.wu / NS.latency.wu).toBeGreaterThan(1 / 2.2);
    expect(m.latency.wu / NS.latency.wu).toBeLessThan(2.2);
    expect(m.energy.wu / NS.energy.wu).toBeGreaterThan(1 / 2.2);
    expect(m.energy.wu / NS.energy.wu).toBeLessThan(2.2);
    expect(m.energy.transfer).toBe(0);
  });

  it('ops per epoch: 3 x MACs minus layer-1 AG, x 2, x 50,000 images', () => {
    expect(Math.abs(rel(m.opsPerEpoch, NS.ops))).toBeLessThan(1e-3);
    expect(m.imagesPerEpoch).toBe(50000);
    expect(m.iterationsPerEpoch).toBe(250);
  });

  it('same ordering of what dominates: energy WG >> FW ~ AG >> WU, DRAM most of WG; area ADC largest, arrays < 2 %; latency buffers largest, ADC small', () => {
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
    const lat = Object.entries(m.latencyByComponent).sort((a, b) => b[1] - a[1]);
    expect(lat[0]![0]).toBe('buffer');
    expect(m.latencyByComponent.adc).toBeLessThan(0.05 * m.latency.total);
  });

  it('floorplan matches NeuroSim: 15 tiles (1,1,1,1,1,1,8,1), duplication 64,16,8,4,2,1,1,8, 1,360 sub-arrays, utilisation 88.59 %', () => {
    expect(m.mapping.tiles).toBe(15);
    expect(m.layers.map((l) => l.tiles)).toEqual([1, 1, 1, 1, 1, 1, 8, 1]);
    expect(m.layers.map((l) => l.duplication)).toEqual([64, 16, 8, 4, 2, 1, 1, 8]);
    expect(m.mapping.subArrays).toBe(1360);
    expect(m.mapping.utilization).toBeCloseTo(0.8859, 3);
  });

  it('only dimensionless area and leakage constants are fitted (the rest is priced at the node)', () => {
    expect(Object.keys(CALIBRATION).sort()).toEqual(['accumulationArea', 'adcArea', 'leakageDeviceFraction', 'otherArea', 'wgArea']);
  });
});

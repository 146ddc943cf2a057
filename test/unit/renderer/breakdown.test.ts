// The HPS-vs-baseline dashboard reads the stored flat metrics of a point; per-phase ratios, shares and
// the DRAM-free view are computed from them (values by hand).
import { describe, expect, it } from 'vitest';
import { costViewFromMetrics, sameTotals } from '../../../src/renderer/src/costView';
import { breakdownOption, partRatios, withoutDram } from '../../../src/renderer/src/charts/breakdown';

// A stored point: WG carries 0.56 J of DRAM traffic out of 0.5645 J.
const hps = {
  energyPerEpoch: 0.5645, latencyPerEpoch: 0.48, area: 1.34e-5, topsPerWatt: 0.034,
  'energy.fw': 0.0012, 'energy.ag': 0.0002, 'energy.wg': 0.5629, 'energy.wu': 0.00002, 'energy.transfer': 0.00048, leakageEnergy: 0.00002,
  'latency.fw': 0.08, 'latency.ag': 0.02, 'latency.wg': 0.3, 'latency.wu': 0.01, 'latency.transfer': 0.07,
  'energyByComponent.dram': 0.56, 'energyByComponent.adc': 0.0045, 'latencyByComponent.dram': 0.2, 'latencyByComponent.adc': 0.28,
  'area.adc': 4e-7, 'area.array': 1.3e-5,
};
const base = { ...hps, latencyPerEpoch: 0.4327, 'energy.wu': 0.0008, 'energy.transfer': 0, 'latency.wu': 0.06, 'latency.transfer': 0 };

describe('stored metrics as a cost view', () => {
  it('reads totals, phases (with leakage), components and area components from the flat keys', () => {
    const v = costViewFromMetrics(hps)!;
    expect([v.energy, v.latency, v.area]).toEqual([0.5645, 0.48, 1.34e-5]);
    expect(v.energyByPhase).toEqual({ fw: 0.0012, ag: 0.0002, wg: 0.5629, wu: 0.00002, transfer: 0.00048, leakage: 0.00002 });
    expect(v.energyByComponent).toEqual({ dram: 0.56, adc: 0.0045 });
    expect(v.areaByComponent).toEqual({ adc: 4e-7, array: 1.3e-5 });
    expect(v.layers).toEqual([]);
    expect(costViewFromMetrics(null)).toBeNull();
  });
  it('a full result details a stored one only when it states the same totals', () => {
    const v = costViewFromMetrics(hps)!;
    expect(sameTotals(v, { ...v })).toBe(true);
    expect(sameTotals(v, { ...v, latency: 0.466 })).toBe(false);
  });
});

describe('per-phase ratios', () => {
  it('HPS / baseline per phase with shares of each total; a phase the baseline lacks is HPS only', () => {
    const r = partRatios(costViewFromMetrics(hps)!.latencyByPhase, costViewFromMetrics(base)!.latencyByPhase);
    const wu = r.find((x) => x.key === 'wu')!;
    expect(wu.ratio).toBeCloseTo(0.01 / 0.06, 12);
    // HPS total 0.48 s, baseline 0.44 s (0.08 + 0.02 + 0.3 + 0.06).
    expect(wu.hpsShare).toBeCloseTo(0.01 / 0.48, 12);
    expect(wu.baseShare).toBeCloseTo(0.06 / 0.46, 12);
    const tr = r.find((x) => x.key === 'transfer')!;
    expect([tr.ratio, tr.hps]).toEqual([null, 0.07]);
  });
});

describe('without DRAM', () => {
  it('DRAM leaves the components and the weight-gradient phase it is charged to', () => {
    const { view, phasesAdjusted } = withoutDram(costViewFromMetrics(hps)!);
    expect(phasesAdjusted).toBe(true);
    expect(view.energyByComponent).toEqual({ adc: 0.0045 });
    expect(view.energyByPhase.wg).toBeCloseTo(0.0029, 12);
    expect(view.latencyByPhase.wg).toBeCloseTo(0.1, 12);
    expect(view.energy).toBeCloseTo(0.0045, 12);
  });
  it('a result whose WG phase is smaller than DRAM keeps its phases', () => {
    const v = costViewFromMetrics({ ...hps, 'energy.wg': 0.1 })!;
    const r = withoutDram(v);
    expect(r.phasesAdjusted).toBe(false);
    expect(r.view.energyByPhase.wg).toBe(0.1);
  });
});

describe('breakdown charts', () => {
  const fmt = (v: number): string => `${v}`;
  const v = costViewFromMetrics(hps)!;
  const b = costViewFromMetrics(base)!;
  it('shares: each bar adds up to 100 %', () => {
    const o = breakdownOption({ hps: v.energyByPhase, base: b.energyByPhase, title: 't', mode: 'shares', fmt }) as { series: { name: string; data: number[] }[] };
    const sumHps = o.series.reduce((s, x) => s + x.data[1]!, 0);
    const sumBase = o.series.reduce((s, x) => s + x.data[0]!, 0);
    expect(sumHps).toBeCloseTo(100, 9);
    expect(sumBase).toBeCloseTo(100, 9);
    // The baseline has no transfer: its share is 0 while HPS's is 0.048 / 0.5645... of the phase total.
    expect(o.series.find((x) => x.name === 'transfer')!.data[0]).toBe(0);
  });
  it('log: values divided by the power of ten below the smallest so every bar grows from the left; zeros not drawn', () => {
    const o = breakdownOption({ hps: v.energyByPhase, base: b.energyByPhase, title: 't', mode: 'log', fmt }) as { xAxis: { type: string; min: number; axisLabel: { formatter: (x: number) => string } }; series: { data: (number | string)[] }[] };
    expect(o.xAxis.type).toBe('log');
    expect(o.xAxis.min).toBe(1);
    // Smallest value 2e-5 J -> unit 1e-5: the WU bar of HPS is 2, the transfer of the baseline '-'.
    expect(o.series[0]!.data[3]).toBeCloseTo(2, 12);
    expect(o.series[1]!.data[4]).toBe('-');
    expect(Number(o.xAxis.axisLabel.formatter(10))).toBeCloseTo(1e-4, 15);
  });
});

import { describe, expect, it } from 'vitest';
import { buildKnobSeries, defaultValueText, plottableKnobs, summarise, type SeriesSourcePoint } from '../../../src/core/report/knob-series';
import { knobChartOption, legendRows } from '../../../src/core/report/knob-chart';
import type { KnobView } from '../../../src/core/report/adapters';

const pt = (hash: string, role: string, twinHash: string | null, knobs: Record<string, unknown>, metrics: Record<string, number> | null, status = 'done'): SeriesSourcePoint => ({ hash, role, twinHash, knobs, metrics, status });

// Transfer interval x eNVM preset; the baseline twins depend on the preset only (values chosen by hand).
const knobs: KnobView[] = [
  { path: 'synapse.transfer.everyImages', type: 'integer', label: 'Transfer interval (images)', values: [500, 2000], scale: 'log' },
  { path: 'synapse.device.preset', type: 'categorical', label: 'eNVM', values: ['taox-hfox', 'hps-envm'] },
];
const points: SeriesSourcePoint[] = [
  pt('h1', 'hps', 'bA', { 'synapse.transfer.everyImages': 500, 'synapse.device.preset': 'hps-envm' }, { accuracy: 0.5, energyPerEpoch: 2e-3 }),
  pt('bA', 'baseline', 'bA', { 'synapse.device.preset': 'hps-envm' }, { accuracy: 0.3, energyPerEpoch: 4e-3 }),
  pt('h2', 'hps', 'bA', { 'synapse.transfer.everyImages': 2000, 'synapse.device.preset': 'hps-envm' }, { accuracy: 0.6, energyPerEpoch: 1e-3 }),
  pt('h3', 'hps', 'bB', { 'synapse.transfer.everyImages': 500, 'synapse.device.preset': 'taox-hfox' }, { accuracy: 0.4, energyPerEpoch: 3e-3 }),
  pt('bB', 'baseline', 'bB', { 'synapse.device.preset': 'taox-hfox' }, { accuracy: 0.2, energyPerEpoch: 6e-3 }),
  pt('h4', 'hps', 'bB', { 'synapse.transfer.everyImages': 2000, 'synapse.device.preset': 'taox-hfox' }, { accuracy: 0.45, energyPerEpoch: 2e-3 }),
  pt('h5', 'hps', 'bB', { 'synapse.transfer.everyImages': 8000, 'synapse.device.preset': 'taox-hfox' }, null, 'failed'),
];
const cells = (s: { cells: readonly { x: number | string; mean: number; n: number }[] }): [number | string, number, number][] => s.cells.map((c) => [c.x, c.mean, c.n]);

describe('cell statistics (hand-computed)', () => {
  it('0.50, 0.52, 0.57: mean 0.53, std sqrt(0.0013/2) = 0.036056, 95 % CI 0.53 -+ 4.302653 * 0.036056 / sqrt 3 = 0.440434 ... 0.619566', () => {
    const s = summarise([0.5, 0.52, 0.57]);
    expect(s.mean).toBeCloseTo(0.53, 12);
    expect(s.std).toBeCloseTo(0.0360555, 6);
    expect(s.lo).toBeCloseTo(0.440434, 5);
    expect(s.hi).toBeCloseTo(0.619566, 5);
  });
  it('a single value has no spread', () => {
    expect(summarise([0.7])).toEqual({ mean: 0.7, n: 1, std: null, lo: null, hi: null });
  });
});

describe('buildKnobSeries', () => {
  it('one HPS and one baseline line per preset; the twin is drawn at the x of its HPS points', () => {
    const r = buildKnobSeries({ points, knobs, x: 'synapse.transfer.everyImages', metric: 'accuracy' });
    expect(r.groupBy).toEqual(['synapse.device.preset']);
    expect(r.x).toMatchObject({ label: 'Transfer interval (images)', categorical: false, log: true });
    expect(r.series.map((s) => s.name)).toEqual(['HPS · preset=hps-envm', 'Baseline · preset=hps-envm', 'HPS · preset=taox-hfox', 'Baseline · preset=taox-hfox']);
    expect(r.series.map((s) => s.colour)).toEqual([0, 0, 1, 1]);
    expect(cells(r.series[0]!)).toEqual([[500, 0.5, 1], [2000, 0.6, 1]]);
    expect(cells(r.series[1]!)).toEqual([[500, 0.3, 1], [2000, 0.3, 1]]);
    expect(cells(r.series[3]!)).toEqual([[500, 0.2, 1], [2000, 0.2, 1]]);
    expect(r.missing).toBe(0); // the failed point is a result without metrics, not a missing value
    expect(r.replicates).toBe(1);
  });
  it('ratio mode: HPS / twin per point (energy 2 / 4 mJ = 0.5, 1 / 4 = 0.25); accuracy as HPS - twin', () => {
    const e = buildKnobSeries({ points, knobs, x: 'synapse.transfer.everyImages', metric: 'energyPerEpoch', mode: 'ratio' });
    expect(e.quantity).toBe('ratio');
    expect(e.series.map((s) => s.name)).toEqual(['HPS / baseline · preset=hps-envm', 'HPS / baseline · preset=taox-hfox']);
    expect(cells(e.series[0]!)).toEqual([[500, 0.5, 1], [2000, 0.25, 1]]);
    expect(cells(e.series[1]!)).toEqual([[500, 0.5, 1], [2000, 2e-3 / 6e-3, 1]]);
    const a = buildKnobSeries({ points, knobs, x: 'synapse.transfer.everyImages', metric: 'accuracy', mode: 'ratio' });
    expect(a.quantity).toBe('difference');
    expect(a.series[1]!.cells.map((c) => c.mean)).toEqual([0.4 - 0.2, 0.45 - 0.2]);
  });
  it('a categorical knob on x keeps the study order of its values; fixing a knob drops the other points', () => {
    const r = buildKnobSeries({ points, knobs, x: 'synapse.device.preset', metric: 'accuracy', fixed: { 'synapse.transfer.everyImages': 2000 } });
    expect(r.x.categorical).toBe(true);
    expect(r.x.categories).toEqual(['taox-hfox', 'hps-envm']);
    expect(r.groupBy).toEqual([]);
    expect(r.series.map((s) => s.name)).toEqual(['HPS', 'Baseline']);
    expect(cells(r.series[0]!)).toEqual([['taox-hfox', 0.45, 1], ['hps-envm', 0.6, 1]]);
  });
  it('points that differ only in seed are replicates: mean and 95 % interval per cell, twins too', () => {
    const reps: SeriesSourcePoint[] = [0.5, 0.52, 0.57].flatMap((acc, i) => [
      pt(`h${i}`, 'hps', `b${i}`, { 'synapse.retention.tau': 1e-3, seed: i + 1 }, { accuracy: acc }),
      pt(`b${i}`, 'baseline', `b${i}`, { seed: i + 1 }, { accuracy: 0.3 + 0.01 * i }),
    ]);
    reps.push(pt('h9', 'hps', 'b0', { 'synapse.retention.tau': 1e-1, seed: 1 }, { accuracy: 0.7 }));
    const k: KnobView[] = [
      { path: 'synapse.retention.tau', type: 'numeric', label: 'synapse.retention.tau', values: [1e-3, 1e-1] },
      { path: 'seed', type: 'integer', label: 'seed', values: [1, 2, 3] },
    ];
    const r = buildKnobSeries({ points: reps, knobs: k, x: 'synapse.retention.tau', metric: 'accuracy' });
    expect(r.groupBy).toEqual([]);
    expect(r.x.log).toBe(true); // 1 ms ... 100 ms spans two decades
    expect(r.replicates).toBe(3);
    const c = r.series[0]!.cells[0]!;
    expect([c.x, c.n, c.hashes]).toEqual([1e-3, 3, ['h0', 'h1', 'h2']]);
    expect(c.lo).toBeCloseTo(0.440434, 5);
    expect(c.hi).toBeCloseTo(0.619566, 5);
    expect(r.series[0]!.cells[1]).toMatchObject({ x: 0.1, mean: 0.7, n: 1, lo: null });
    expect(r.series[1]!.cells[0]).toMatchObject({ n: 3 });
    expect(r.series[1]!.cells[0]!.mean).toBeCloseTo(0.31, 12);
    expect(plottableKnobs(k, reps).map((x) => x.path)).toEqual(['synapse.retention.tau']);
  });
  it('series names give SI knob values an engineering prefix: tau=30 ms, everyImages=8000', () => {
    expect(defaultValueText('synapse.retention.tau', 0.03)).toBe('tau=30 ms');
    expect(defaultValueText('synapse.transfer.everyImages', 8000)).toBe('everyImages=8000');
    expect(defaultValueText('synapse.device.preset', 'pcmo')).toBe('preset=pcmo');
  });
  it('a point without the metric is counted as missing, not drawn', () => {
    const r = buildKnobSeries({ points, knobs, x: 'synapse.transfer.everyImages', metric: 'latencyPerEpoch' });
    expect(r.series).toEqual([]);
    expect(r.missing).toBe(4);
  });
});

describe('knobChartOption', () => {
  it('log x for a log knob, accuracy in %, baseline dashed, error bars broken between cells', () => {
    const reps: SeriesSourcePoint[] = [0.5, 0.52, 0.57].map((acc, i) => pt(`h${i}`, 'hps', null, { 'synapse.retention.tau': 1e-3, seed: i }, { accuracy: acc }));
    reps.push(pt('h9', 'hps', null, { 'synapse.retention.tau': 10, seed: 0 }, { accuracy: 0.6 }));
    const r = buildKnobSeries({ points: reps, knobs: [{ path: 'synapse.retention.tau', type: 'numeric', label: 'Retention', scale: 'log' }], x: 'synapse.retention.tau', metric: 'accuracy' });
    const o = knobChartOption(r) as { xAxis: { type: string; axisLabel: { formatter: (v: number) => string } }; yAxis: { name: string }; series: { data: unknown[]; lineStyle: { type: string } }[] };
    expect(o.xAxis.type).toBe('log');
    expect(o.xAxis.axisLabel.formatter(1e-3)).toBe('1 ms');
    expect(o.yAxis.name).toBe('Accuracy (%)');
    const d = o.series[0]!.data as [number, number][];
    expect(d.map(([x]) => x)).toEqual([1e-3, 10]);
    expect(d[0]![1]).toBeCloseTo(53, 10);
    expect(d[1]![1]).toBeCloseTo(60, 10);
    expect(o.series[1]!.data).toHaveLength(3);
    expect((o.series[1]!.data[2] as unknown[])[1]).toBe('-');
  });
  it('legend rows: items of 30 px + 6 px a character wrap at the width', () => {
    expect(legendRows(['HPS', 'Baseline'], 500)).toBe(1);
    expect(legendRows(Array.from({ length: 6 }, () => 'x'.repeat(20)), 500)).toBe(2); // 150 px each: three a row
    expect(legendRows([], 500)).toBe(0);
  });
});

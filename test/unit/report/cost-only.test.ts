/**
 * Reports of cost-only studies (points store flat metrics, no runs): the per-layer tables and the
 * cost model's assumptions come from re-pricing the compared pair from the study, checked against
 * the stored point; one unit per quantity across the breakdown's tables and charts; one colour per
 * component; captions that follow the objectives' directions.
 */
import { describe, expect, it } from 'vitest';
import { buildReportModel, type Block, type Section, type Table } from '../../../src/core/report/model';
import { recomputeCost, studyOf } from '../../../src/core/report/recompute';
import { COLORS, COMPONENT_COLORS, paretoCaption, type ChartSpec } from '../../../src/core/report/charts';
import { metricInfo } from '../../../src/core/report/adapters';
import { NETWORKS } from '../../../src/core/networks';
import { COST_ONLY_SPEC, costOnlyInput } from './cost-only';

const input = costOnlyInput();
const model = buildReportModel(input);
const section = (id: string): Section => model.sections.find((s) => s.id === id)!;
const tables = (s: Section): Table[] => s.blocks.flatMap((b: Block) => (b.kind === 'table' ? [b.table] : []));
const charts = (s: Section): ChartSpec[] => s.blocks.flatMap((b: Block) => (b.kind === 'chart' ? [b.chart] : []));
const unitOf = (header: string): string => /\(([^)]+)\)$/.exec(header)![1]!;

describe('cost-only report: re-priced pair', () => {
  const breakdown = section('breakdown');

  it('has the per-layer table (every layer of the network) and per-layer-and-phase tables for both schemes', () => {
    const layers = NETWORKS['mlp-784-100-10'].layers.map((l) => l.name);
    const perLayer = tables(breakdown).find((t) => t.title!.startsWith('Per layer ('))!;
    expect(perLayer.rows.map((r) => r[0])).toEqual(layers);
    const hps = tables(breakdown).find((t) => t.title!.startsWith('Per layer and phase: HPS'))!;
    const base = tables(breakdown).find((t) => t.title!.startsWith('Per layer and phase: Baseline'))!;
    expect(hps.columns.map((c) => c.header)).toContain('E Tr');
    expect(base.columns.map((c) => c.header)).not.toContain('E Tr');
    expect(hps.rows.map((r) => r[0])).toEqual(layers);
  });

  it('the per-layer values are the cost model of the point itself, and add up to the stored phase totals', () => {
    const hpsPoint = model.representative.hps!;
    const study = studyOf(input.study.spec);
    if (!('study' in study)) throw new Error(study.reason);
    const r = recomputeCost(study.study, hpsPoint);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const wg = r.result.layers.reduce((s, l) => s + l.energy.wg, 0);
    expect(wg / hpsPoint.metrics!['energy.wg']!).toBeCloseTo(1, 12);
    expect(breakdown.blocks[0]).toMatchObject({ kind: 'paragraph' });
    expect((breakdown.blocks[0] as { text: string }).text).toMatch(/re-priced .* totals equal the stored ones/);
  });

  it('prints the cost model assumptions (with docs sections) and says where they come from', () => {
    expect(model.assumptions.length).toBeGreaterThan(8);
    expect(model.assumptions).toContain('Training statistics: the defaults of docs/cost.md#statistics (no run supplied).');
    const text = JSON.stringify(section('assumptions').blocks);
    expect(text).toContain('A cost-only study stores no assumptions with its points');
    expect(text).toContain('docs/cost.md#assumptions');
  });

  it('a point whose configuration does not rebuild to its hash is not re-priced, and says why', () => {
    const study = studyOf(input.study.spec);
    if (!('study' in study)) throw new Error(study.reason);
    const p = model.representative.hps!;
    const wrongKnobs = recomputeCost(study.study, { ...p, knobs: { ...p.knobs, 'synapse.transfer.everyImages': 1234 } });
    expect(wrongKnobs).toEqual({ ok: false, reason: `the configuration rebuilt for point #${p.idx} does not hash to the stored point` });
    const otherVersion = recomputeCost(study.study, { ...p, metrics: { ...p.metrics!, latencyPerEpoch: p.metrics!.latencyPerEpoch! * 1.01 } });
    expect(otherVersion.ok).toBe(false);
    if (!otherVersion.ok) expect(otherVersion.reason).toMatch(/latencyPerEpoch 0\.99 % away from the stored result/);
    expect(studyOf({ name: 'x', knobs: 'not a list' })).toHaveProperty('reason');
  });

  it('a report whose study no longer parses still renders, from the stored phases, and names the reason', () => {
    const broken = buildReportModel({ ...input, study: { ...input.study, spec: { ...COST_ONLY_SPEC, knobs: [{ path: 'no.such.path', type: 'integer', values: [1] }] } } });
    const b = broken.sections.find((s) => s.id === 'breakdown')!;
    expect((b.blocks[0] as { text: string }).text).toMatch(/are not shown: the study document does not parse with this version/);
    expect(tables(b).some((t) => t.title === 'Per training phase (per epoch)')).toBe(true);
    expect(tables(b).some((t) => t.title!.startsWith('Per layer'))).toBe(false);
  });
});

describe('one unit per quantity across the breakdown tables and charts', () => {
  const breakdown = section('breakdown');
  const ts = tables(breakdown);
  const units = (q: 'energy' | 'latency' | 'area'): Set<string> =>
    new Set([...ts.flatMap((t) => t.columns.map((c) => c.header).filter((h) => h.toLowerCase().includes(q) && h.endsWith(')')).map(unitOf)), ...ts.flatMap((t) => (t.title!.includes(`${q} in `) ? [new RegExp(`${q} in ([^,)]+)`).exec(t.title!)![1]!] : []))]);

  it('every energy column is in one unit, every latency column in one unit, every area column in one unit', () => {
    expect([...units('energy')]).toEqual(['mJ']);
    expect([...units('latency')]).toEqual(['ms']);
    expect([...units('area')]).toEqual(['mm²']);
  });

  it('the charts name the same units on their axes, and log axes start below the smallest bar', () => {
    for (const c of charts(breakdown)) {
      const axes = [...(c.option.yAxis as { name?: string }[]), ...(c.option.xAxis as { name?: string }[])].map((a) => a.name ?? '').filter((n) => n.endsWith(')'));
      expect(axes.length, c.id).toBeGreaterThan(0);
      for (const n of axes) {
        const q = n.startsWith('Energy') ? 'energy' : n.startsWith('Latency') ? 'latency' : 'area';
        expect(units(q).has(unitOf(n)), `${c.id}: ${n}`).toBe(true);
      }
    }
    const phase = charts(breakdown).find((c) => c.id.includes('phase'))!;
    const yAxes = phase.option.yAxis as { type: string; min?: number }[];
    const series = phase.option.series as { yAxisIndex: number; data: (number | string)[] }[];
    yAxes.forEach((ax, i) => {
      if (ax.type !== 'log') return;
      const smallest = Math.min(...series.filter((s) => s.yAxisIndex === i).flatMap((s) => s.data.filter((v): v is number => typeof v === 'number')));
      expect(ax.min!).toBeLessThanOrEqual(smallest);
      expect(ax.min!).toBeGreaterThan(smallest / 10);
    });
  });
});

describe('colours', () => {
  it('a component has one colour in every panel and chart; no component takes the HPS or baseline colour', () => {
    const seen = new Map<string, string>();
    for (const c of model.sections.flatMap(charts))
      for (const s of c.option.series as { name: string; stack?: string; itemStyle: { color: string } }[]) {
        if (!s.stack) continue;
        const prev = seen.get(s.name);
        if (prev) expect(s.itemStyle.color, s.name).toBe(prev);
        seen.set(s.name, s.itemStyle.color);
      }
    expect(seen.size).toBeGreaterThan(5);
    expect(seen.get('DRAM')).toBe(COMPONENT_COLORS.dram);
    const palette = Object.values(COMPONENT_COLORS);
    expect(new Set(palette).size).toBe(palette.length);
    expect(palette).not.toContain(COLORS.hps);
    expect(palette).not.toContain(COLORS.baseline);
  });
});

describe('captions follow the objectives', () => {
  const acc = metricInfo('accuracy');
  const energy = metricInfo('energyPerEpoch');
  const latency = metricInfo('latencyPerEpoch');

  it('names the better corner from the directions (never "lower-left" with a maximised axis)', () => {
    expect(paretoCaption(energy, latency)).toContain('toward the lower-left is better');
    expect(paretoCaption(acc, energy)).toContain('toward the lower-right is better');
    expect(paretoCaption(energy, acc)).toContain('toward the upper-left is better');
    expect(paretoCaption(acc, metricInfo('topsPerWatt'))).toContain('toward the upper-right is better');
    expect(paretoCaption(acc, null)).toBe('One objective (accuracy maximised): higher is better.');
  });

  it('the cost-only report and an accuracy-vs-energy report use the right caption', () => {
    const pareto = model.sections.flatMap(charts).find((c) => c.id === 'pareto')!;
    expect(pareto.caption).toContain('lower-left');
    const accInput = costOnlyInput({ ...COST_ONLY_SPEC, name: 'tops/W vs energy', objectives: [{ metric: 'topsPerWatt', direction: 'max' }, { metric: 'energyPerEpoch', direction: 'min' }] });
    const accPareto = buildReportModel(accInput).sections.flatMap(charts).find((c) => c.id === 'pareto')!;
    expect(accPareto.caption).toContain('x: energy efficiency maximised; y: energy per epoch minimised; toward the lower-right is better');
  });
});

describe('one unit per metric across the summary', () => {
  it('the key-metrics row, the Pareto picks column and the Pareto axis of a metric share its unit', () => {
    const summary = section('summary');
    const [keyMetrics, picks] = tables(summary);
    const pareto = charts(summary).find((c) => c.id === 'pareto')!;
    for (const [label, axis] of [
      ['Energy per epoch', pareto.option.xAxis as { name: string }],
      ['Latency per epoch', pareto.option.yAxis as { name: string }],
    ] as const) {
      const row = keyMetrics!.rows.find((r) => r[0]!.startsWith(`${label} (`))!;
      const unit = /\(([^)]+)\)/.exec(row[0]!)![1]!;
      expect(axis.name, label).toBe(`${label} (${unit})`);
      expect(picks!.columns.map((c) => c.header), label).toContain(`${label} (${unit})`);
    }
  });
});

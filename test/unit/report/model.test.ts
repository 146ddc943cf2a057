import { describe, expect, it } from 'vitest';
import { buildReportModel, changesFromDefaults, geometricMean, median, pickFront } from '../../../src/core/report/model';
import { costView } from '../../../src/core/report/adapters';
import { buildBundle, parseBundle } from '../../../src/core/report/bundle';
import { ConfigError } from '../../../src/core/errors';
import { syntheticInput } from './synthetic';

describe('report model from a synthetic study', () => {
  const input = syntheticInput();
  const model = buildReportModel(input);

  it('title facts name the study, versions, backend and seeds', () => {
    expect(model.title.studyName).toBe('Synthetic, "quoted" study');
    const facts = Object.fromEntries(model.title.facts);
    expect(facts['Backend(s)']).toBe('tfjs-wasm');
    expect(facts['Seed(s)']).toBe('sampler 1; config 3; runs 7');
    expect(facts['Generated']).toBe('2025-02-03 04:05 UTC');
    expect(facts['Points']).toBe('6 (5 HPS, 1 baseline): 5 done, 0 infeasible, 1 failed');
  });

  it('summary: medians, best values and twin ratios (hand-computed)', () => {
    const e = model.summary.find((s) => s.metric.key === 'energyPerEpoch')!;
    // HPS energies 0.4, 0.45, 0.6, 0.7 -> median 0.525; baseline 0.5.
    expect(e.hpsMedian).toBeCloseTo(0.525, 12);
    expect(e.baselineMedian).toBe(0.5);
    expect(e.hpsBest).toBe(0.4);
    // Ratios 0.8, 0.9, 1.2, 1.4 -> geometric mean (0.8*0.9*1.2*1.4)^(1/4).
    expect(e.meanComparison).toBeCloseTo((0.8 * 0.9 * 1.2 * 1.4) ** 0.25, 12);
    expect(e.hpsBetter).toBe(2);
    expect(e.pairs).toBe(4);
    const a = model.summary.find((s) => s.metric.key === 'accuracy')!;
    // Differences 0.05, 0.04, 0.06, 0.03 -> mean 0.045.
    expect(a.meanComparison).toBeCloseTo(0.045, 12);
    expect(a.metric.compare).toBe('difference');
  });

  it('Pareto front: h3 is dominated by h1; the knee is h1', () => {
    expect(model.hpsFront.map((p) => p.hash)).toEqual(['h0', 'h1', 'h2']);
    expect(model.picks.find((p) => p.knee)?.point.hash).toBe('h1');
    expect(model.representative.hps?.hash).toBe('h1');
  });

  it('sections and tables carry formatted values', () => {
    expect(model.sections.map((s) => s.id)).toEqual(['summary', 'knobs', 'config', 'breakdown', 'training', 'fairness', 'assumptions', 'methodology']);
    const summary = model.sections[0]!;
    const table = summary.blocks.find((b) => b.kind === 'table')!;
    if (table.kind !== 'table') throw new Error('expected a table');
    const energyRow = table.table.rows.find((r) => r[0]!.startsWith('Energy per epoch'))!;
    expect(energyRow[0]).toBe('Energy per epoch (mJ) ↓');
    expect(energyRow.slice(1, 5)).toEqual(['525', '500', '400', '500']);
    expect(summary.blocks.some((b) => b.kind === 'chart' && b.chart.id === 'pareto')).toBe(true);
    expect(model.assumptions).toEqual(['Training statistics: defaults.']);
    expect(model.warnings).toEqual(['ADC fit extrapolated']);
  });

  it('each objective is drawn against the swept knob, HPS and its baseline twin', () => {
    const knobs = model.sections.find((s) => s.id === 'knobs')!;
    const charts = knobs.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : []));
    expect(charts.map((c) => c.title)).toEqual(['Energy per epoch against synapse.transfer.everyImages', 'Latency per epoch against synapse.transfer.everyImages']);
    // Four done HPS points (500 ... 32000 images) and the twin b0 drawn at each of their x.
    const series = (charts[0]!.option as { series: { name: string; data: [number, number][] }[] }).series;
    expect(series.map((s) => s.name)).toEqual(['HPS', 'Baseline']);
    expect(series[0]!.data.map(([x]) => x)).toEqual([500, 2000, 8000, 32000]);
    expect(series[0]!.data.map(([, y]) => Number(y.toPrecision(12)))).toEqual([400, 450, 600, 700]); // mJ
    expect(series[1]!.data.map(([, y]) => y)).toEqual([500, 500, 500, 500]);
  });

  it('configuration is printed as changes from the defaults', () => {
    const diff = changesFromDefaults(input.study.spec && (input.study.spec as { base: unknown }).base);
    expect(diff).toEqual([
      ['seed', '1', '3'],
      ['training.epochs', '5', '2'],
      ['circuit.node', '32', '22'],
    ]);
  });

  it('citations cover the cost model, HPS references and the dataset', () => {
    const keys = model.citations.map((c) => c.key);
    expect(keys).toContain('dnn-neurosim-v2');
    expect(keys).toContain('mlp-neurosim-v3');
    expect(keys).toContain('luo-yu-2020');
  });

  it('statistics helpers', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(geometricMean([1, 4])).toBe(2);
    expect(geometricMean([1, 0])).toBeNull();
    expect(pickFront([], [], 8)).toEqual([]);
  });
});

describe('cost result adapter', () => {
  it('reads phases, layers and components from the cost model shape', () => {
    const v = costView(syntheticInput().runs[0]!.cost);
    expect(v.phases.map((p) => p.name)).toEqual(['fw', 'ag', 'wg', 'wu', 'transfer']);
    expect(v.phases[0]).toEqual({ name: 'fw', energy: 0.012, latency: 1 });
    expect(v.layers).toEqual([{ name: 'fc1', energy: 0.315, latency: 1.95 }].map((r) => ({ ...r, energy: expect.closeTo(0.315, 12), latency: expect.closeTo(1.95, 12) })));
    expect(v.components).toEqual([
      { name: 'adc', area: 6e-6 },
      { name: 'array', area: 5e-6 },
    ]);
  });
  it('reads flat metric records (energy.fw, area.adc)', () => {
    const v = costView({ 'energy.fw': 1, 'latency.fw': 2, 'area.adc': 3, 'energyByComponent.dram': 4, area: 9 });
    expect(v.phases).toEqual([{ name: 'fw', energy: 1, latency: 2 }]);
    expect(v.components).toEqual([
      { name: 'adc', area: 3 },
      { name: 'dram', energy: 4 },
    ]);
  });
  it('ignores what it does not understand', () => {
    expect(costView(null).phases).toEqual([]);
    expect(costView({ ok: false, reason: 'x' }).ok).toBe(false);
  });
});

describe('bundle schema', () => {
  const b = buildBundle(syntheticInput(), '2025-02-03T00:00:00.000Z');
  it('accepts its own output', () => {
    expect(parseBundle(JSON.parse(JSON.stringify(b)))).toEqual(b);
  });
  it('rejects unknown keys and names the field', () => {
    const bad = JSON.parse(JSON.stringify(b));
    bad.points[2].colour = 'red';
    expect(() => parseBundle(bad)).toThrow(ConfigError);
    expect(() => parseBundle(bad)).toThrow(/points\[2\]\.colour: unknown key/);
  });
  it('names a bad run config field and a dangling run id', () => {
    const bad = JSON.parse(JSON.stringify(b));
    bad.runs[0].config = { training: { epochs: -1 } };
    bad.points[0].runId = 'nope';
    try {
      parseBundle(bad);
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const paths = (e as ConfigError).issues.map((i) => i.path);
      expect(paths).toContain('runs[0].config.training.epochs');
      expect(paths).toContain('points[0].runId');
    }
  });
  it('refuses a newer format version with a clear message', () => {
    expect(() => parseBundle({ ...b, formatVersion: 99 })).toThrow(/formatVersion: written by a newer HPS Studio/);
  });
});

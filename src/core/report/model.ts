/**
 * The report model: everything a comparison report says about a study, as plain data (formatted
 * strings, tables, chart options), so the PDF writer only lays it out and tests can check the
 * content without a PDF. Pure: no DOM, no node, no clock (the generation time is an input).
 *
 * Sections: title facts; summary of HPS versus baseline (medians, best values, per-twin ratios,
 * Pareto points worth a look, Pareto chart); configuration as changes from defaults, the iso set and
 * the knobs; per-phase, per-layer and per-component energy, latency and area of a representative
 * pair; training curves; failures; cost-model assumptions and warnings; methodology and citations.
 */
import { runConfigSchema } from '../config/schema';
import {
  citationsFor,
  costView,
  frontIndices,
  getAt,
  isObj,
  metricInfo,
  satisfies,
  studyView,
  type Citation,
  type MetricInfo,
  type ObjectiveView,
  type StudyView,
} from './adapters';
import { breakdownSection } from './breakdown';
import { paretoChart, trainingChart } from './charts';
import { ratioExplanations } from './explain';
import { pricePair } from './recompute';
import { fairnessSection } from './fairness';
import { studyKnobCharts } from './knob-chart';
import { compareToTwin, metricKeys, orderedPoints, twinOf } from './csv';
import type { ReportInput, ReportPoint, ReportRun } from './types';
import { formatEng, formatNumber, formatRatio, formatScaled, pickScale, unitLabel, type Scale } from '../format/units';
import { dropEmptyColumns, type Block, type Section, type Table, type TableColumn } from './blocks';

export { dropEmptyColumns, type Block, type Section, type Table, type TableColumn };

export interface SummaryRow {
  readonly metric: MetricInfo;
  readonly hpsMedian: number | null;
  readonly baselineMedian: number | null;
  readonly hpsBest: number | null;
  readonly baselineBest: number | null;
  /** Geometric mean of HPS/baseline ratios (ratio metrics) or mean difference (accuracy). */
  readonly meanComparison: number | null;
  readonly minComparison: number | null;
  readonly maxComparison: number | null;
  /** Pairs where HPS is better than its twin, out of `pairs`. */
  readonly hpsBetter: number;
  readonly pairs: number;
}

export interface ParetoPick {
  readonly point: ReportPoint;
  readonly knee: boolean;
}

export interface ReportModel {
  readonly title: {
    readonly heading: string;
    readonly studyName: string;
    readonly description: string;
    readonly facts: readonly (readonly [string, string])[];
  };
  readonly metrics: readonly MetricInfo[];
  readonly summary: readonly SummaryRow[];
  readonly objectives: readonly ObjectiveView[];
  readonly hpsFront: readonly ReportPoint[];
  readonly baselineFront: readonly ReportPoint[];
  readonly picks: readonly ParetoPick[];
  readonly representative: { readonly hps: ReportPoint | null; readonly baseline: ReportPoint | null; readonly source: string };
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
  readonly citations: readonly Citation[];
  readonly sections: readonly Section[];
  /** Footer text on every page. */
  readonly footer: string;
}

export interface ReportOptions {
  /** Cost metric catalog (core/cost costMetricCatalog) for labels, units and directions. */
  readonly catalog?: unknown;
  /** Points shown per cloud in the Pareto chart (the front is always drawn in full). */
  readonly maxChartPoints?: number;
  /** Pareto points listed in the summary. */
  readonly maxPicks?: number;
}

/** Metrics always shown in the summary when present (after the study's objectives). */
export const HEADLINE_METRICS = ['energyPerEpoch', 'latencyPerEpoch', 'area', 'accuracy', 'testAccuracy', 'topsPerWatt', 'tops', 'energy.wu', 'latency.wu', 'energy.transfer'];

// ---- statistics ---------------------------------------------------------------------------------

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function geometricMean(xs: readonly number[]): number | null {
  const pos = xs.filter((x) => x > 0 && Number.isFinite(x));
  if (pos.length === 0 || pos.length !== xs.length) return null;
  let s = 0;
  for (const x of pos) s += Math.log(x);
  return Math.exp(s / pos.length);
}

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function best(xs: readonly number[], dir: 'min' | 'max'): number | null {
  if (!xs.length) return null;
  let b = xs[0]!;
  for (const x of xs) if (dir === 'min' ? x < b : x > b) b = x;
  return b;
}

// ---- config -------------------------------------------------------------------------------------

/** Leaves of a config (arrays are leaves), as dot paths in key order. */
export function configLeaves(v: unknown, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) configLeaves(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix, v]);
  return out;
}

export const showValue = (v: unknown): string => {
  if (v === undefined) return '(unset)';
  if (typeof v === 'number') return formatNumber(v, 6);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
};

/** Paths where `config` differs from the RunConfig defaults: [path, default, value]. */
export function changesFromDefaults(config: unknown): [string, string, string][] {
  const defaults = runConfigSchema.parse({});
  const d = new Map(configLeaves(defaults));
  const c = new Map(configLeaves(config));
  const out: [string, string, string][] = [];
  for (const [path, v] of c) {
    const dv = d.get(path);
    if (JSON.stringify(dv) !== JSON.stringify(v)) out.push([path, showValue(dv), showValue(v)]);
  }
  // A default the config does not state is not a change (the schema fills it in).
  return out;
}

// ---- the model ----------------------------------------------------------------------------------

export function buildReportModel(input: ReportInput, opts: ReportOptions = {}): ReportModel {
  const sv = studyView(input.study.spec);
  const keys = metricKeys(input);
  const metrics = keys.map((k) => metricInfo(k, opts.catalog));
  const infoOf = new Map(metrics.map((m) => [m.key, m]));
  const points = orderedPoints(input.points);
  const twin = twinOf(points);
  const hps = points.filter((p) => p.role === 'hps');
  const base = points.filter((p) => p.role === 'baseline');
  const done = (ps: readonly ReportPoint[]): ReportPoint[] => ps.filter((p) => p.status === 'done' && p.metrics);
  const runsById = new Map(input.runs.map((r) => [r.id, r]));

  // Summary rows: the objectives and the headline metrics (the CSV holds all of them).
  const headline = [...sv.objectives.map((o) => o.metric), ...HEADLINE_METRICS, ...sv.constraints.map((c) => c.metric)];
  let keyMetrics = metrics.filter((m) => headline.includes(m.key));
  keyMetrics.sort((a, b) => headline.indexOf(a.key) - headline.indexOf(b.key));
  if (keyMetrics.length === 0) keyMetrics = metrics.slice(0, 8);
  const summary: SummaryRow[] = keyMetrics.map((m) => {
    const hv = done(hps).map((p) => p.metrics![m.key]).filter((x): x is number => x !== undefined);
    const bv = done(base).map((p) => p.metrics![m.key]).filter((x): x is number => x !== undefined);
    const cmp: number[] = [];
    let better = 0;
    for (const p of hps) {
      const c = compareToTwin(p, twin(p), m);
      if (c === null) continue;
      cmp.push(c);
      const hpsWins = m.compare === 'difference' ? (m.direction === 'max' ? c > 0 : c < 0) : m.direction === 'max' ? c > 1 : c < 1;
      if (hpsWins) better++;
    }
    return {
      metric: m,
      hpsMedian: median(hv),
      baselineMedian: median(bv),
      hpsBest: best(hv, m.direction),
      baselineBest: best(bv, m.direction),
      meanComparison: m.compare === 'difference' ? mean(cmp) : geometricMean(cmp),
      minComparison: cmp.length ? Math.min(...cmp) : null,
      maxComparison: cmp.length ? Math.max(...cmp) : null,
      hpsBetter: better,
      pairs: cmp.length,
    };
  });

  // Objectives (the study's, else the first two metrics).
  const objectives: ObjectiveView[] = sv.objectives.filter((o) => infoOf.has(o.metric));
  if (objectives.length === 0) for (const m of metrics.slice(0, 2)) objectives.push({ metric: m.key, direction: m.direction });
  const feasible = (p: ReportPoint): boolean =>
    p.status === 'done' && !!p.metrics && objectives.every((o) => Number.isFinite(p.metrics![o.metric])) && sv.constraints.every((c) => satisfies(p.metrics![c.metric], c));
  const front = (ps: readonly ReportPoint[]): ReportPoint[] => {
    const cand = ps.filter(feasible);
    const idx = frontIndices(
      cand.map((p) => objectives.map((o) => p.metrics![o.metric]!)),
      objectives.map((o) => o.direction),
    );
    const f = idx.map((i) => cand[i]!);
    const o0 = objectives[0]?.metric;
    if (o0) f.sort((a, b) => a.metrics![o0]! - b.metrics![o0]! || a.idx - b.idx);
    return f;
  };
  const hpsFront = objectives.length ? front(hps) : [];
  const baselineFront = objectives.length ? front(base) : [];
  const picks = pickFront(hpsFront, objectives, opts.maxPicks ?? 8);

  // Representative pair for breakdowns: the knee of the HPS front when it has a cost result.
  const withCost = (p: ReportPoint | undefined | null): boolean => !!p && !!p.runId && runsById.get(p.runId)?.cost != null;
  const knee = picks.find((x) => x.knee)?.point;
  // The knee (or first front point) is shown from its run's cost result, else from its own metrics;
  // without a front, the first HPS point with a stored cost result.
  const repHps = knee ?? picks[0]?.point ?? done(hps).find(withCost) ?? done(hps)[0] ?? null;
  const repBase = repHps ? (twin(repHps) ?? null) : (done(base)[0] ?? null);
  const storedCost = (p: ReportPoint): unknown => (p.runId ? (runsById.get(p.runId)?.cost ?? null) : null);
  const pair = pricePair(input.study.spec, repHps, repBase, storedCost);
  const source = repHps
    ? `point #${repHps.idx} (${shortHash(repHps.hash)})${repHps === knee ? ', the knee of the HPS Pareto front' : ''}${repBase ? ` and its baseline twin #${repBase.idx} (${shortHash(repBase.hash)})` : ''}`
    : 'no evaluated point';

  // Assumptions and warnings across all cost results.
  const assumptionCount = new Map<string, number>();
  const warningCount = new Map<string, number>();
  let costResults = 0;
  for (const r of input.runs) {
    if (r.cost == null) continue;
    costResults++;
    const v = costView(r.cost);
    for (const a of v.assumptions) assumptionCount.set(a, (assumptionCount.get(a) ?? 0) + 1);
    for (const w of v.warnings) warningCount.set(w, (warningCount.get(w) ?? 0) + 1);
  }
  const counted = (m: Map<string, number>): string[] =>
    [...m.entries()].map(([t, n]) => (n === costResults || costResults <= 1 ? t : `${t} (${n} of ${costResults} cost results)`));
  // A cost-only study stores no cost results: the re-priced pair's assumptions stand for it.
  const assumptions = costResults ? counted(assumptionCount) : [...pair.assumptions];
  const warnings = costResults ? counted(warningCount) : [...pair.warnings];

  // Configs used (for citations): the base, every run config.
  // Preset knobs hold bare ids ('synapse.device.preset' = 'pcmo'): wrap them so they are found.
  const presetKnobValues = sv.knobs.filter((k) => k.path.endsWith('.preset')).flatMap((k) => (k.values ?? []).map((v) => ({ preset: v })));
  const configs: unknown[] = [sv.base, sv.baseline, ...input.runs.map((r) => r.config), ...sv.knobs.flatMap((k) => k.values ?? []), ...presetKnobValues];
  const citations = citationsFor(configs, metrics.some((m) => m.compare === 'difference') || input.runs.some((r) => r.epochs.length > 0));

  const backends = uniqueSorted(input.runs.map((r) => r.backend).filter((b): b is string => !!b));
  const seeds = uniqueSorted(input.runs.map((r) => r.seed)).map(String);
  const baseSeed = getAt(sv.base, 'seed');
  const count = (s: string): number => points.filter((p) => p.status === s).length;

  const facts: [string, string][] = [
    ['Study id', input.study.id],
    ['Generated', formatDate(input.generatedAt)],
    ['Report written by', `HPS Studio ${input.appVersion}`],
    ['Study created', `${formatDate(input.study.createdAt)} with HPS Studio ${input.study.appVersion}`],
    ['Status', input.study.status],
    ['Evaluation', sv.evaluation ?? 'cost'],
    ['Backend(s)', backends.length ? backends.join(', ') : 'none recorded (cost-only evaluation)'],
    [
      'Seed(s)',
      [
        sv.sampler?.seed !== undefined ? `sampler ${sv.sampler.seed}` : null,
        typeof baseSeed === 'number' ? `config ${baseSeed}` : null,
        seeds.length ? `runs ${abbreviateList(seeds, 12)}` : null,
      ]
        .filter(Boolean)
        .join('; ') || 'none recorded',
    ],
    ['Points', `${points.length} (${hps.length} HPS, ${base.length} baseline${points.length - hps.length - base.length ? `, ${points.length - hps.length - base.length} other` : ''}): ${count('done')} done, ${count('infeasible')} infeasible, ${count('failed')} failed`],
    ['Runs', `${input.runs.length} (${input.runs.filter((r) => r.epochs.length).length} with training curves, ${costResults} with cost results)`],
    ['Objectives', objectives.map((o) => `${o.direction} ${infoOf.get(o.metric)?.label ?? o.metric}`).join(', ') || 'none'],
  ];
  if (input.study.tags.length) facts.push(['Tags', input.study.tags.join(', ')]);

  const sections: Section[] = [];
  sections.push(summarySection(summary, picks, hpsFront, baselineFront, objectives, sv, points, infoOf, opts));
  const knobCharts = studyKnobCharts(points, sv, opts.catalog);
  if (knobCharts.length) sections.push({ id: 'knobs', title: 'Metrics against the swept settings', blocks: knobCharts.map((chart) => ({ kind: 'chart', chart })), newPage: true });
  sections.push(configSection(sv, input.runs));
  sections.push(breakdownSection({ hps: pair.hps, baseline: pair.baseline, source, provenance: pair.provenance }));
  const curves = trainingSection(input.runs);
  if (curves) sections.push(curves);
  const fair = fairnessSection(input);
  if (fair) sections.push(fair);
  sections.push(failuresAndAssumptions(points, assumptions, warnings, costResults, pair.assumptions.length > 0 && costResults === 0));
  sections.push(methodologySection(citations, sv, metrics));

  return {
    title: { heading: 'HPS vs eNVM-only baseline: comparison report', studyName: input.study.name, description: input.study.description, facts },
    metrics,
    summary,
    objectives,
    hpsFront,
    baselineFront,
    picks,
    representative: { hps: repHps, baseline: repBase, source },
    assumptions,
    warnings,
    citations,
    sections,
    footer: `HPS Studio ${input.appVersion} · ${input.study.name} · ${input.study.id.slice(0, 8)}`,
  };
}

function uniqueSorted<T extends string | number>(xs: readonly T[]): T[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function abbreviateList(xs: readonly string[], n: number): string {
  return xs.length <= n ? xs.join(', ') : `${xs.slice(0, n).join(', ')} … (${xs.length} distinct)`;
}

export const shortHash = (h: string): string => h.slice(0, 10);

/** '2025-06-24T10:11:12.345Z' -> '2025-06-24 10:11 UTC' (unparseable text is returned as is). */
export function formatDate(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** Up to `n` front points spread along the first objective, plus the knee (closest to utopia). */
export function pickFront(front: readonly ReportPoint[], objectives: readonly ObjectiveView[], n: number): ParetoPick[] {
  if (front.length === 0 || n <= 0) return [];
  // Knee: smallest normalised distance to the ideal point.
  let kneeIdx = 0;
  if (objectives.length >= 2) {
    const lo = objectives.map((o) => Math.min(...front.map((p) => p.metrics![o.metric]!)));
    const hi = objectives.map((o) => Math.max(...front.map((p) => p.metrics![o.metric]!)));
    let bestD = Infinity;
    front.forEach((p, i) => {
      let d = 0;
      objectives.forEach((o, k) => {
        const span = hi[k]! - lo[k]! || 1;
        const x = (p.metrics![o.metric]! - lo[k]!) / span;
        const dist = o.direction === 'min' ? x : 1 - x;
        d += dist * dist;
      });
      if (d < bestD) [bestD, kneeIdx] = [d, i];
    });
  }
  const chosen = new Set<number>([kneeIdx]);
  if (front.length <= n) front.forEach((_, i) => chosen.add(i));
  else for (let k = 0; chosen.size < n && k < n; k++) chosen.add(Math.round((k * (front.length - 1)) / (n - 1)));
  return [...chosen].sort((a, b) => a - b).map((i) => ({ point: front[i]!, knee: i === kneeIdx && objectives.length >= 2 }));
}

function knobText(p: ReportPoint, sv: StudyView, max = 4): string {
  const paths = sv.knobs.length ? sv.knobs.map((k) => k.path) : Object.keys(p.knobs);
  const parts = paths.filter((k) => k in p.knobs).map((k) => `${lastSeg(k)}=${showValue(p.knobs[k])}`);
  return parts.length > max ? `${parts.slice(0, max).join(', ')}, …` : parts.join(', ') || '(base)';
}

const lastSeg = (p: string): string => p.split('.').slice(-2).join('.');

function summarySection(
  summary: readonly SummaryRow[],
  picks: readonly ParetoPick[],
  hpsFront: readonly ReportPoint[],
  baselineFront: readonly ReportPoint[],
  objectives: readonly ObjectiveView[],
  sv: StudyView,
  points: readonly ReportPoint[],
  infoOf: ReadonlyMap<string, MetricInfo>,
  opts: ReportOptions,
): Section {
  const blocks: Block[] = [];
  // One unit per metric on the whole summary: its row in the key-metrics table, its column of the
  // Pareto picks and its axis of the Pareto chart, chosen from every evaluated value of it.
  const scaleOf = metricScales(points, infoOf);
  const rows = summary.map((s) => {
    const sc = scaleOf(s.metric.key);
    const f = (x: number | null): string => formatScaled(x, sc);
    const cmp =
      s.metric.compare === 'difference'
        ? s.meanComparison === null
          ? '–'
          : `${s.meanComparison >= 0 ? '+' : ''}${formatNumber(s.meanComparison * 100, 3)} pp`
        : formatRatio(s.meanComparison);
    const range =
      s.minComparison === null
        ? '–'
        : s.metric.compare === 'difference'
          ? `${formatNumber(s.minComparison * 100, 3)} … ${formatNumber(s.maxComparison! * 100, 3)} pp`
          : `${formatRatio(s.minComparison)} … ${formatRatio(s.maxComparison)}`;
    return [
      `${s.metric.label}${sc.label ? ` (${sc.label})` : ''} ${s.metric.direction === 'min' ? '↓' : '↑'}`,
      f(s.hpsMedian),
      f(s.baselineMedian),
      f(s.hpsBest),
      f(s.baselineBest),
      cmp,
      range,
      s.pairs ? `${s.hpsBetter} / ${s.pairs}` : '–',
    ];
  });
  blocks.push({
    kind: 'paragraph',
    text:
      'Each HPS design point is paired with its eNVM-only baseline twin (same configuration, synapse scheme set to the baseline). ' +
      'Ratios are HPS / baseline over twin pairs (below 1× means HPS is lower), summarised by their geometric mean; accuracy is compared by difference in percentage points (pp).',
  });
  blocks.push({
    kind: 'table',
    table: {
      title: 'Key metrics: HPS versus baseline',
      columns: [
        { header: 'Metric (unit)', align: 'left', weight: 2.4 },
        { header: 'HPS median', align: 'right' },
        { header: 'Baseline median', align: 'right' },
        { header: 'HPS best', align: 'right' },
        { header: 'Baseline best', align: 'right' },
        { header: 'HPS / base (geo-mean)', align: 'right', weight: 1.05 },
        { header: 'Range over pairs', align: 'right', weight: 1.7 },
        { header: 'HPS better', align: 'right', weight: 0.8 },
      ],
      rows,
      note: summary.length ? '↓ lower is better, ↑ higher is better. Medians and best values over evaluated points of each scheme; "HPS better" counts twin pairs.' : 'No evaluated metrics yet.',
    },
  });

  const twin = twinOf(points);
  const why = ratioExplanations(
    points.flatMap((p) => {
      const t = p.role === 'hps' && p.status === 'done' && p.metrics ? twin(p) : undefined;
      return t && t.status === 'done' && t.metrics ? [{ hps: { idx: p.idx, knobs: knobText(p, sv), metrics: p.metrics! }, baseline: { idx: t.idx, metrics: t.metrics } }] : [];
    }),
  );
  if (why.length) {
    blocks.push({ kind: 'heading', text: 'What decides each ratio' });
    blocks.push({
      kind: 'paragraph',
      text: 'A total is the sum of its training phases (energy, latency) or of its components (area). Each line names the parts where HPS and its twin differ, how much each moves the total, and the part common to both that makes up most of it: when that part dominates, the ratio stays near 1 however much the others differ (docs/cost.md#hps-vs-baseline).',
    });
    blocks.push({ kind: 'list', items: why });
  }

  if (picks.length) {
    const cols: TableColumn[] = [
      { header: '#', align: 'right', weight: 0.4 },
      { header: 'Hash', align: 'left', weight: 0.9 },
      { header: 'Knobs', align: 'left', weight: 3 },
      ...objectives.map((o) => ({ header: withUnit(infoOf.get(o.metric)?.label ?? o.metric, scaleOf(o.metric)), align: 'right' as const })),
      ...objectives.map((o) => ({ header: `${shortLabel(infoOf.get(o.metric))} vs twin`, align: 'right' as const, weight: 0.9 })),
    ];
    const prow = picks.map(({ point: p, knee }) => [
      String(p.idx),
      shortHash(p.hash) + (knee ? ' (knee)' : ''),
      knobText(p, sv),
      ...objectives.map((o) => formatScaled(p.metrics![o.metric], scaleOf(o.metric))),
      ...objectives.map((o) => {
        const m = infoOf.get(o.metric)!;
        const c = compareToTwin(p, twin(p), m);
        return m.compare === 'difference' ? (c === null ? '–' : `${c >= 0 ? '+' : ''}${formatNumber(c * 100, 3)} pp`) : formatRatio(c);
      }),
    ]);
    blocks.push({
      kind: 'table',
      table: {
        title: `Pareto points worth a look (${picks.length} of ${hpsFront.length} non-dominated HPS points)`,
        columns: cols,
        rows: prow,
        note: 'Spread along the first objective; the knee is the front point closest to the ideal (each objective normalised to its range on the front). Constraints are applied before ranking.',
      },
    });
  } else blocks.push({ kind: 'paragraph', text: 'No feasible HPS point has every objective evaluated, so there is no Pareto front yet.' });

  if (objectives.length >= 1) {
    const chart = paretoChart({
      hps: points.filter((p) => p.role === 'hps' && p.status === 'done' && p.metrics),
      baseline: points.filter((p) => p.role === 'baseline' && p.status === 'done' && p.metrics),
      hpsFront,
      baselineFront,
      x: infoOf.get(objectives[0]!.metric)!,
      y: objectives[1] ? infoOf.get(objectives[1].metric)! : null,
      maxPoints: opts.maxChartPoints ?? 800,
      scales: { x: scaleOf(objectives[0]!.metric), ...(objectives[1] ? { y: scaleOf(objectives[1].metric) } : {}) },
    });
    if (chart) blocks.push({ kind: 'chart', chart });
  }
  return { id: 'summary', title: 'Summary: HPS versus eNVM-only baseline', blocks, newPage: true };
}

const shortLabel = (m: MetricInfo | undefined): string => (m ? m.label.replace(/ per epoch$/, '') : '?');

const withUnit = (label: string, sc: Scale): string => (sc.label ? `${label} (${sc.label})` : label);

/** The display unit of each metric: one prefix for every evaluated value of it in the study. */
function metricScales(points: readonly ReportPoint[], infoOf: ReadonlyMap<string, MetricInfo>): (key: string) => Scale {
  const cache = new Map<string, Scale>();
  return (key) => {
    let sc = cache.get(key);
    if (!sc) {
      const unit = infoOf.get(key)?.unit ?? '';
      sc = pickScale(points.map((p) => (p.status === 'done' ? p.metrics?.[key] : undefined)), unit);
      cache.set(key, sc);
    }
    return sc;
  };
}

function configSection(sv: StudyView, runs: readonly ReportRun[]): Section {
  const blocks: Block[] = [];
  const base = sv.base ?? runs[0]?.config;
  const diff = base === undefined ? [] : changesFromDefaults(base);
  blocks.push({
    kind: 'table',
    table: {
      title: 'Base configuration: changes from the defaults',
      columns: [
        { header: 'Field', align: 'left', weight: 2.2 },
        { header: 'Default', align: 'left', weight: 1.6 },
        { header: 'Study', align: 'left', weight: 1.6 },
      ],
      rows: diff,
      note: diff.length ? 'Every other field has its default value (units SI unless the field name says otherwise).' : 'The base configuration is the default configuration.',
    },
  });
  blocks.push({
    kind: 'table',
    table: {
      title: 'Iso set (held fixed: only points sharing it are compared)',
      columns: [
        { header: 'Field', align: 'left', weight: 1.5 },
        { header: 'Value', align: 'left', weight: 3 },
      ],
      rows: sv.iso.flatMap((p) => {
        const v = getAt(base, p);
        // An object-valued iso path is shown field by field.
        return isObj(v) ? configLeaves(v, p).map(([k, x]) => [k, showValue(x)]) : [[p, showValue(v)]];
      }),
      note: sv.iso.length ? undefined : 'The study states no iso set.',
    },
  });
  blocks.push({
    kind: 'table',
    table: {
      title: 'Free knobs',
      columns: [
        { header: 'Field', align: 'left', weight: 2 },
        { header: 'Type', align: 'left', weight: 0.8 },
        { header: 'Values', align: 'left', weight: 3 },
      ],
      rows: sv.knobs.map((k) => [
        k.label !== k.path ? `${k.path} (${k.label})` : k.path,
        k.type,
        k.values
          ? abbreviateList(k.values.map(showValue), 10)
          : `${showValue(k.min)} … ${showValue(k.max)}${k.steps ? `, ${k.steps} steps` : ''}${k.scale === 'log' ? ', log scale' : ''}`,
      ]),
      note: sv.knobs.length ? undefined : 'The study sweeps no knobs.',
    },
  });
  const facts: [string, string][] = [];
  if (sv.sampler) facts.push(['Sampler', `${sv.sampler.kind}${sv.sampler.samples ? `, ${sv.sampler.samples} samples` : ''}${sv.sampler.seed !== undefined ? `, seed ${sv.sampler.seed}` : ''}`]);
  facts.push(['Objectives', sv.objectives.map((o) => `${o.direction} ${o.metric}`).join(', ') || 'none']);
  facts.push(['Constraints', sv.constraints.map((c) => `${c.metric} ${c.op} ${formatNumber(c.value, 6)}`).join(', ') || 'none']);
  facts.push(['Baseline twin', `scheme baseline${isObj(sv.baseline) && isObj(sv.baseline.device) ? `, device ${showValue(sv.baseline.device.preset)}` : ', device of the point'}${isObj(sv.baseline) && typeof sv.baseline.mapping === 'string' ? `, ${sv.baseline.mapping} mapping` : ''}`]);
  blocks.push({ kind: 'facts', rows: facts });
  return { id: 'config', title: 'Configuration', blocks, newPage: true };
}

function trainingSection(runs: readonly ReportRun[]): Section | null {
  const withEpochs = runs.filter((r) => r.epochs.length > 0);
  if (!withEpochs.length) return null;
  const blocks: Block[] = [];
  const chart = trainingChart(withEpochs);
  if (chart) blocks.push({ kind: 'chart', chart });
  const rows = withEpochs.slice(0, 40).map((r) => {
    const last = r.epochs[r.epochs.length - 1]!;
    const acc = firstNumber(last.metrics, ['testAccuracy', 'accuracy', 'trainAccuracy']);
    return [r.id.slice(0, 8), r.role, r.pointHash ? shortHash(r.pointHash) : '–', r.backend ?? '–', String(r.seed), String(r.epochs.length), acc === undefined ? '–' : formatEng(acc, 'fraction'), r.status];
  });
  blocks.push({
    kind: 'table',
    table: {
      title: 'Training runs',
      columns: [
        { header: 'Run', align: 'left' },
        { header: 'Role', align: 'left', weight: 0.8 },
        { header: 'Point', align: 'left' },
        { header: 'Backend', align: 'left' },
        { header: 'Seed', align: 'right', weight: 0.6 },
        { header: 'Epochs', align: 'right', weight: 0.6 },
        { header: 'Final accuracy', align: 'right' },
        { header: 'Status', align: 'left', weight: 0.8 },
      ],
      rows,
      note: withEpochs.length > 40 ? `First 40 of ${withEpochs.length} runs; the JSON bundle holds all of them.` : undefined,
    },
  });
  return { id: 'training', title: 'Training curves', blocks, newPage: true };
}

export function firstNumber(m: Readonly<Record<string, unknown>>, keys: readonly string[]): number | undefined {
  for (const k of keys) if (typeof m[k] === 'number' && Number.isFinite(m[k])) return m[k] as number;
  return undefined;
}

function failuresAndAssumptions(points: readonly ReportPoint[], assumptions: readonly string[], warnings: readonly string[], costResults: number, repriced: boolean): Section {
  const blocks: Block[] = [];
  const reasons = new Map<string, number>();
  for (const p of points) if (p.status !== 'done') {
    const r = `${p.status}: ${p.reason ?? 'no reason recorded'}`;
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  if (reasons.size) {
    const rows = [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    blocks.push({
      kind: 'table',
      table: {
        title: 'Design points without results',
        columns: [
          { header: 'Status and reason', align: 'left', weight: 5 },
          { header: 'Points', align: 'right', weight: 0.7 },
        ],
        rows: rows.slice(0, 25).map(([r, n]) => [r, String(n)]),
        note: rows.length > 25 ? `${rows.length - 25} more reasons in the CSV and JSON exports.` : 'A bad design point is a result: it is stored with its reason and left out of the Pareto ranking.',
      },
    });
  }
  blocks.push({ kind: 'heading', text: 'Cost-model assumptions' });
  blocks.push({
    kind: 'paragraph',
    text:
      (repriced
        ? 'A cost-only study stores no assumptions with its points: these are the assumptions of the pair shown in the breakdowns, re-priced from the study. Every point of the study is priced under them; only the lines naming a scheme, a pulse width or a transfer interval change from point to point. '
        : '') + 'The cost model, its calibration and its differences from NeuroSim are described in docs/cost.md (assumptions: docs/cost.md#assumptions).',
  });
  blocks.push(assumptions.length ? { kind: 'list', items: assumptions } : { kind: 'paragraph', text: costResults ? 'The stored cost results state no assumptions.' : 'No cost result of this study could be stored or re-priced; see the methodology for the model used.' });
  blocks.push({ kind: 'heading', text: 'Cost-model warnings' });
  blocks.push(warnings.length ? { kind: 'list', items: warnings } : { kind: 'paragraph', text: 'None.' });
  return { id: 'assumptions', title: 'Failures, assumptions and warnings', blocks, newPage: true };
}

function methodologySection(citations: readonly Citation[], sv: StudyView, metrics: readonly MetricInfo[]): Section {
  const blocks: Block[] = [];
  blocks.push({
    kind: 'paragraph',
    text:
      'Cost. Area, energy and latency of in-situ training are estimated by HPS Studio\'s analytical cost model, which follows the DNN+NeuroSim V2.1 conventions for the chip hierarchy, ' +
      'the training phases (forward FW, activation gradient AG, weight gradient WG, weight update WU) and the per-epoch scaling, and the MLP+NeuroSim V3.0 conventions for the hybrid cell and its periodic LSB-to-MSB transfer. ' +
      'Counting of actions (reads, conversions, pulses, bits moved) is separate from pricing them at the technology node of the iso set.',
  });
  blocks.push({
    kind: 'paragraph',
    text:
      'Documentation. Every model, value and assumption behind these numbers is stated, with its source and check values, in the HPS Studio documentation of the version on the title page: ' +
      'device model and presets docs/devices.md, synapse schemes, transfer and retention docs/synapses.md, training conventions docs/training.md, cost model docs/cost.md. Cite the publications below for the models and the HPS Studio version for the numbers.',
  });
  blocks.push({
    kind: 'paragraph',
    text:
      'Comparison. Every HPS point has an eNVM-only baseline twin; twins of points that differ only in HPS-specific knobs coincide and are evaluated once. ' +
      `Pareto fronts rank only feasible points (constraints: ${sv.constraints.length || 'none'}) that share the iso set, with non-dominated sorting on the study objectives. ` +
      'Values are stored in SI base units and printed with engineering prefixes; a table column shares one prefix.',
  });
  const shown = metrics.filter((m) => HEADLINE_METRICS.includes(m.key) || sv.objectives.some((o) => o.metric === m.key) || sv.constraints.some((c) => c.metric === m.key));
  const families = [...new Set(metrics.filter((m) => !shown.includes(m)).map((m) => (m.key.includes('.') ? `${m.key.split('.')[0]}.*` : m.key)))];
  if (shown.length)
    blocks.push({
      kind: 'table',
      table: {
        title: 'Metrics',
        columns: [
          { header: 'Key', align: 'left', weight: 1.4 },
          { header: 'Label', align: 'left', weight: 1.6 },
          { header: 'Unit', align: 'left', weight: 0.7 },
          { header: 'Better', align: 'left', weight: 0.6 },
          { header: 'HPS vs baseline', align: 'left' },
        ],
        rows: shown.map((m) => [m.key, m.label, unitLabel(m.unit) || '–', m.direction === 'min' ? 'lower' : 'higher', m.compare === 'ratio' ? 'ratio' : 'difference']),
        note: families.length ? `Also stored for every point (CSV and JSON exports, docs/csv-format.md): ${families.join(', ')}.` : undefined,
      },
    });
  blocks.push({
    kind: 'table',
    table: {
      title: 'References (every model and preset used)',
      columns: [
        { header: 'Key', align: 'left', weight: 0.9 },
        { header: 'Reference', align: 'left', weight: 3.6 },
        { header: 'Used for', align: 'left', weight: 1.5 },
      ],
      rows: citations.map((c) => [c.key, c.text, c.usedFor]),
    },
  });
  return { id: 'methodology', title: 'Methodology and references', blocks, newPage: true };
}

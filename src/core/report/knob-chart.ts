/**
 * The line chart of one metric against one knob (knob-series.ts), as an ECharts option: the same
 * option in the app (with tooltips and the app's theme) and, rendered to SVG, in the PDF report.
 *
 * - x: the knob; a log axis where the study sweeps it on a log scale, categories for categorical
 *   knobs; tick labels carry their unit with an SI prefix each (1 ms, 10 s) on log axes.
 * - y: the metric in one engineering unit for the axis (accuracy in %), ratios as ×, accuracy
 *   differences in percentage points.
 * - one colour per group of the other knobs, HPS solid, baseline dashed (one group: HPS blue,
 *   baseline orange as everywhere else); error bars (95 % interval of the mean) where a cell has
 *   replicates.
 */
import { configField } from '../config/fields';
import type { StudyView } from './adapters';
import { buildKnobSeries, plottableKnobs, type KnobSeries, type KnobSeriesResult, type SeriesCell, type SeriesSourcePoint } from './knob-series';
import { powerOfTen, type ChartSpec } from './charts';
import { escapeHtml, formatEng, formatNumber, isPrefixable, pickScale, unitLabel, type Scale } from '../format/units';

/** Colour-blind-safe palette (Okabe & Ito) with HPS blue and baseline orange first. */
export const SERIES_PALETTE = ['#1f5fbf', '#d9591b', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#000000', '#7f7f7f'] as const;
const PALETTE_DARK = ['#6ea1ff', '#f5a524', '#34d399', '#f0a6d0', '#7dd3fc', '#fcd34d', '#e6ebf1', '#a5b0bf'] as const;

/**
 * The colour of group `i` when lines are coloured by a knob's values: the baseline orange comes
 * last, so it is not read as "the baseline" on an HPS line.
 */
export function groupColour(i: number, dark = false): string {
  const order = [0, 2, 3, 4, 5, 6, 7, 1];
  return (dark ? PALETTE_DARK : SERIES_PALETTE)[order[i % order.length]!]!;
}

export interface KnobChartOptions {
  /** Display label of a config path (default: the knob's label, else the path). */
  readonly labelOf?: (path: string) => string;
  readonly logY?: boolean;
  readonly dark?: boolean;
  /** Tooltips and a font that follows the app (the PDF gets none and fixed sizes). */
  readonly interactive?: boolean;
  /** Chart width in px, for laying out the legend. */
  readonly width?: number;
}

/** Legend rows needed for `names` in `width` px (items are about 6 px a character plus the marker). */
export function legendRows(names: readonly string[], width: number, charWidth = 6): number {
  let rows = 1;
  let x = 0;
  for (const n of names) {
    const w = 30 + n.length * charWidth;
    if (x > 0 && x + w > width) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return names.length ? rows : 0;
}

/** The y scale of a result: the metric's unit, '×' for ratios, percentage points for differences. */
function yScale(r: KnobSeriesResult, values: readonly number[]): { scale: Scale; name: string } {
  const label = r.metric.label;
  if (r.quantity === 'ratio') return { scale: { divisor: 1, label: '×' }, name: `${label}, HPS / baseline (×)` };
  if (r.quantity === 'difference') return { scale: { divisor: 0.01, label: 'pp' }, name: `${label}, HPS − baseline (percentage points)` };
  const scale = pickScale(values, r.metric.unit);
  return { scale, name: scale.label ? `${label} (${scale.label})` : label };
}

/** x axis name and tick formatter: per-tick SI prefixes on log axes, one scale on linear ones. */
function xAxisOf(r: KnobSeriesResult, labelOf: (p: string) => string): { name: string; scale: Scale; formatter: ((v: number) => string) | null } {
  const unit = configField(r.x.path)?.unit ?? '';
  const label = labelOf(r.x.path);
  const hasUnit = /\(.*\)$/.test(label);
  if (r.x.categorical || !unit) return { name: !hasUnit && unit ? `${label} (${unitLabel(unit)})` : label, scale: { divisor: 1, label: '' }, formatter: null };
  const xs = r.series.flatMap((s) => s.cells.map((c) => c.x as number));
  // Log axes of an SI quantity label each tick with its own prefix (1 µs ... 100 s); counts keep the unit in the name.
  if (r.x.log && isPrefixable(unit)) return { name: label, scale: { divisor: 1, label: '' }, formatter: (v: number) => formatEng(v, unit, { digits: 3 }) };
  if (r.x.log) return { name: hasUnit ? label : `${label} (${unitLabel(unit)})`, scale: { divisor: 1, label: '' }, formatter: powerOfTen };
  const scale = pickScale(xs, unit);
  return { name: hasUnit || !scale.label ? label : `${label} (${scale.label})`, scale, formatter: null };
}

const fmtCell = (c: SeriesCell, f: (v: number) => string): string =>
  c.n > 1 && c.lo !== null ? `${f(c.mean)} (95 % CI ${f(c.lo)} … ${f(c.hi!)}, n = ${c.n})` : f(c.mean);

/** ECharts option for a knob-series result (null when there is nothing to draw). */
export function knobChartOption(r: KnobSeriesResult, opts: KnobChartOptions = {}): Record<string, unknown> | null {
  if (!r.series.some((s) => s.cells.length)) return null;
  const labelOf = opts.labelOf ?? ((p: string) => (p === r.x.path ? r.x.label : p));
  const values = r.series.flatMap((s) => s.cells.flatMap((c) => [c.mean, c.lo, c.hi].filter((v): v is number => v !== null)));
  const y = yScale(r, values);
  const x = xAxisOf(r, labelOf);
  const palette = opts.dark ? PALETTE_DARK : SERIES_PALETTE;
  const groups = new Set(r.series.map((s) => s.colour)).size;
  const colourOf = (s: KnobSeries): string => (groups === 1 ? palette[s.role === 'baseline' ? 1 : 0]! : groupColour(s.colour, opts.dark));
  const xv = (c: SeriesCell): number | string => (r.x.categorical ? (c.x as string) : (c.x as number) / x.scale.divisor);
  const yv = (v: number): number => v / y.scale.divisor;
  const series: Record<string, unknown>[] = [];
  for (const s of r.series) {
    const colour = colourOf(s);
    series.push({
      name: s.name,
      type: 'line',
      symbol: s.role === 'baseline' ? 'diamond' : 'circle',
      symbolSize: 6,
      lineStyle: { color: colour, width: 1.6, type: s.role === 'baseline' ? 'dashed' : 'solid' },
      itemStyle: { color: colour },
      data: s.cells.map((c) => [xv(c), yv(c.mean)]),
    });
    // Error bars: one vertical segment per cell with replicates, broken between cells, capped.
    const bars = s.cells.filter((c) => c.lo !== null && c.hi !== null);
    if (bars.length)
      series.push({
        name: s.name,
        type: 'line',
        silent: true,
        symbol: 'rect',
        symbolSize: [8, 1.5],
        lineStyle: { color: colour, width: 1.2 },
        itemStyle: { color: colour },
        tooltip: { show: false },
        data: bars.flatMap((c) => [[xv(c), yv(c.lo!)], [xv(c), yv(c.hi!)], [xv(c), '-']]),
      });
  }
  const names = r.series.map((s) => s.name);
  const width = opts.width ?? 560;
  const rows = legendRows(names, width - 20);
  const fmtY = (v: number): string => `${formatNumber(v, 4)}${y.scale.label === '×' ? '×' : y.scale.label ? ` ${y.scale.label}` : ''}`;
  const text = opts.interactive ? {} : { fontSize: 9 };
  const option: Record<string, unknown> = {
    animation: false,
    grid: { left: 64, right: 24, top: 16, bottom: 46 + 18 * rows, containLabel: false },
    legend: { bottom: 0, type: 'plain', itemWidth: 18, itemHeight: 8, data: names, textStyle: { ...text } },
    xAxis: {
      type: r.x.categorical ? 'category' : r.x.log ? 'log' : 'value',
      ...(r.x.categorical ? { data: r.x.categories } : { scale: true }),
      name: x.name,
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { hideOverlap: true, ...text, ...(x.formatter ? { formatter: x.formatter } : {}) },
    },
    yAxis: {
      type: opts.logY && values.every((v) => v > 0) ? 'log' : 'value',
      scale: true,
      name: y.name,
      nameLocation: 'middle',
      nameGap: 48,
      axisLabel: { ...text, formatter: (v: number) => formatNumber(v, 4) },
    },
    series,
  };
  if (opts.interactive)
    option.tooltip = {
      trigger: 'item',
      confine: true,
      formatter: (p: { seriesIndex: number; dataIndex: number }) => {
        const line = series[p.seriesIndex];
        const s = r.series.find((q) => q.name === line?.name);
        const c = s?.cells[p.dataIndex];
        if (!s || !c) return '';
        const xs = r.x.categorical ? String(c.x) : x.formatter ? x.formatter(c.x as number) : formatNumber(c.x as number, 4);
        return `${escapeHtml(s.name)}<br>${escapeHtml(labelOf(r.x.path))}: <b>${escapeHtml(xs)}</b><br>${escapeHtml(r.metric.label)}: <b>${escapeHtml(fmtCell(c, (v) => fmtY(yv(v))))}</b>`;
      },
    };
  return option;
}


/** The chart for the PDF report: fixed size, white background, DejaVu text. */
export function knobChart(r: KnobSeriesResult, id: string, opts: KnobChartOptions = {}): ChartSpec | null {
  const width = 500;
  const option = knobChartOption(r, { ...opts, width, interactive: false });
  if (!option) return null;
  const rows = legendRows(r.series.map((s) => s.name), width - 20);
  const bars = r.replicates > 1 ? ` Error bars: 95 % confidence interval of the mean over up to ${r.replicates} seeds.` : '';
  const roles = r.mode === 'ratio' ? 'HPS against its eNVM-only twin at each point.' : 'HPS solid, eNVM-only baseline twin dashed (drawn at the x of its HPS points).';
  return {
    id,
    title: `${r.metric.label} against ${r.x.label}`,
    caption: `${roles}${r.groupBy.length ? ` One line per value of ${r.groupBy.join(', ')}.` : ''}${bars}${r.missing ? ` ${r.missing} point(s) without this metric are not drawn.` : ''}`,
    width,
    height: 250 + 18 * rows,
    option: { ...option, backgroundColor: '#ffffff', textStyle: { fontFamily: 'DejaVu Sans, Helvetica, sans-serif', fontSize: 10, color: '#333333' } },
  };
}

/** Charts of a study against its knobs, at most this many. */
export const MAX_KNOB_CHARTS = 6;

/**
 * The study's headline figures against its swept settings: each objective (and the non-volatile
 * accuracy next to the live one) against the first knob, then the first objective against each
 * further knob.
 */
export function studyKnobCharts(points: readonly SeriesSourcePoint[], sv: StudyView, catalog?: unknown): ChartSpec[] {
  const knobs = plottableKnobs(sv.knobs, points);
  if (!knobs.length) return [];
  const present = new Set(points.flatMap((p) => (p.metrics ? Object.keys(p.metrics) : [])));
  const objectives = sv.objectives.map((o) => o.metric).filter((m) => present.has(m));
  const metrics = objectives.flatMap((m) => (m === 'accuracy' && present.has('accuracyNonVolatile') && !objectives.includes('accuracyNonVolatile') ? [m, 'accuracyNonVolatile'] : [m]));
  const pairs: [string, string][] = [...metrics.map((m): [string, string] => [knobs[0]!.path, m]), ...knobs.slice(1).flatMap((k): [string, string][] => (metrics[0] ? [[k.path, metrics[0]]] : []))];
  const out: ChartSpec[] = [];
  for (const [x, metric] of pairs.slice(0, MAX_KNOB_CHARTS)) {
    const chart = knobChart(buildKnobSeries({ points, knobs: sv.knobs, x, metric, catalog }), `knob-${out.length}`);
    if (chart) out.push(chart);
  }
  return out;
}

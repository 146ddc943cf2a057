/**
 * ECharts option builders for reports (pure data; the host renders them to SVG server-side and the
 * renderer can show the same options). Values are scaled to one engineering prefix per axis so
 * the axis names carry the unit ('Energy per epoch (mJ)').
 *
 * Options are built for static rendering: no animation, no tooltips, explicit font sizes.
 */
import type { MetricInfo } from './adapters';
import type { ReportPoint, ReportRun } from './types';
import { pickScale, type Scale } from '../format/units';

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly caption?: string;
  /** Size in CSS pixels (= PDF points at scale 1). */
  readonly width: number;
  readonly height: number;
  readonly option: Record<string, unknown>;
}

export const COLORS = { hps: '#1f5fbf', baseline: '#d9591b', hpsLight: '#7fa6e0', baselineLight: '#f0a37c', grid: '#d8dde6', text: '#333333' } as const;

const FONT = 'DejaVu Sans, Helvetica, sans-serif';
const base = (): Record<string, unknown> => ({
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: FONT, fontSize: 10, color: COLORS.text },
});

const axisCommon = {
  nameTextStyle: { fontSize: 10, color: COLORS.text },
  axisLabel: { fontSize: 9, color: COLORS.text },
  axisLine: { lineStyle: { color: '#888888' } },
  splitLine: { lineStyle: { color: COLORS.grid } },
};

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** Log-axis tick label: 0.001 … 1000, and 10⁴, 10⁻⁴ beyond (keeps labels short). */
export function powerOfTen(v: number): string {
  if (!(v > 0)) return String(v);
  const e = Math.round(Math.log10(v));
  if (Math.abs(v - 10 ** e) > 1e-9 * v || (e < 4 && e > -4)) return String(Number(v.toPrecision(3)));
  return `10${String(e).split('').map((d) => (d === '-' ? '⁻' : (SUPERSCRIPT[Number(d)] ?? d))).join('')}`;
}

/** Deterministic thinning: keep every k-th point so at most `max` remain. */
export function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = xs.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.floor(i * step)]!);
  return out;
}

const axisLabel = (m: MetricInfo, s: Scale): string => (s.label ? `${m.label} (${s.label})` : m.label);

/** Log axis when every value is positive and they span more than two decades. */
function axisType(values: readonly number[]): 'log' | 'value' {
  if (values.length < 2) return 'value';
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0)) return 'value';
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi / lo > 100 ? 'log' : 'value';
}

export interface ParetoChartInput {
  readonly hps: readonly ReportPoint[];
  readonly baseline: readonly ReportPoint[];
  readonly hpsFront: readonly ReportPoint[];
  readonly baselineFront: readonly ReportPoint[];
  readonly x: MetricInfo;
  /** Second objective; null plots the first objective against the point index. */
  readonly y: MetricInfo | null;
  readonly maxPoints: number;
  /** Units of the axes (the tables next to the chart use the same), else picked from the values. */
  readonly scales?: { readonly x?: Scale; readonly y?: Scale };
}

export function paretoChart(inp: ParetoChartInput): ChartSpec | null {
  const xk = inp.x.key;
  const yk = inp.y?.key;
  const has = (p: ReportPoint): boolean => p.metrics![xk] !== undefined && (yk === undefined || p.metrics![yk] !== undefined);
  const hps = inp.hps.filter(has);
  const bas = inp.baseline.filter(has);
  if (!hps.length && !bas.length) return null;
  const all = [...hps, ...bas];
  const xs = inp.scales?.x ?? pickScale(all.map((p) => p.metrics![xk]!), inp.x.unit);
  const ys = inp.y ? (inp.scales?.y ?? pickScale(all.map((p) => p.metrics![yk!]!), inp.y.unit)) : null;
  const pt = (p: ReportPoint): [number, number] => [p.metrics![xk]! / xs.divisor, yk ? p.metrics![yk]! / ys!.divisor : p.idx];
  const hpsShown = thin(hps, inp.maxPoints);
  const basShown = thin(bas, inp.maxPoints);
  const xv = all.map((p) => p.metrics![xk]! / xs.divisor);
  const yv = all.map((p) => pt(p)[1]);
  const series: Record<string, unknown>[] = [
    { name: 'HPS points', type: 'scatter', symbolSize: 3, itemStyle: { color: COLORS.hpsLight, opacity: 0.6 }, data: hpsShown.map(pt), silent: true },
    { name: 'Baseline points', type: 'scatter', symbolSize: 3, itemStyle: { color: COLORS.baselineLight, opacity: 0.6 }, data: basShown.map(pt), silent: true },
  ];
  if (yk) {
    series.push(
      { name: 'HPS front', type: 'line', step: false, symbol: 'circle', symbolSize: 5, lineStyle: { color: COLORS.hps, width: 1.5 }, itemStyle: { color: COLORS.hps }, data: inp.hpsFront.filter(has).map(pt) },
      { name: 'Baseline front', type: 'line', symbol: 'diamond', symbolSize: 6, lineStyle: { color: COLORS.baseline, width: 1.5, type: 'dashed' }, itemStyle: { color: COLORS.baseline }, data: inp.baselineFront.filter(has).map(pt) },
    );
  }
  const shownNote = hps.length > hpsShown.length || bas.length > basShown.length ? ` Showing ${hpsShown.length} of ${hps.length} HPS and ${basShown.length} of ${bas.length} baseline points (every k-th); fronts are complete.` : '';
  return {
    id: 'pareto',
    title: yk ? `Pareto front: ${inp.x.label} vs ${inp.y!.label}` : `${inp.x.label} by point`,
    caption: `${paretoCaption(inp.x, inp.y)}${shownNote}`,
    width: 500,
    height: 300,
    option: {
      ...base(),
      grid: { left: 64, right: 20, top: 36, bottom: 46 },
      legend: { top: 4, itemWidth: 14, itemHeight: 8, itemGap: 16, textStyle: { fontSize: 9 } },
      xAxis: { ...axisCommon, type: axisType(xv), name: axisLabel(inp.x, xs), nameLocation: 'middle', nameGap: 26, scale: true },
      yAxis: { ...axisCommon, type: yk ? axisType(yv) : 'value', name: yk ? axisLabel(inp.y!, ys!) : 'point index', nameLocation: 'middle', nameGap: 46, scale: true },
      series,
    },
  };
}

/**
 * What is better on a Pareto chart, from the objectives' directions: x minimised and y maximised is
 * "upper-left", both minimised "lower-left" and so on; one objective plotted by point index says
 * whether lower or higher is better.
 */
export function paretoCaption(x: MetricInfo, y: MetricInfo | null): string {
  const word = (m: MetricInfo): string => `${m.label.toLowerCase()} ${m.direction === 'min' ? 'minimised' : 'maximised'}`;
  if (!y) return `One objective (${word(x)}): ${x.direction === 'min' ? 'lower' : 'higher'} is better.`;
  const corner = `${y.direction === 'min' ? 'lower' : 'upper'}-${x.direction === 'min' ? 'left' : 'right'}`;
  return `Non-dominated points of each scheme joined by lines. x: ${word(x)}; y: ${word(y)}; toward the ${corner} is better.`;
}

export interface BarSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/**
 * Grouped bars per category; with `right` given, a second panel (energy left, latency right).
 * `unit` of the left panel defaults to J, the right panel is in s. `scales` fixes the unit prefix of
 * each panel (the tables next to the chart use the same), else one is picked from the values.
 */
export function breakdownChart(
  categories: readonly string[],
  left: readonly BarSeries[],
  right: readonly BarSeries[] | null,
  title: string,
  unit = 'J',
  scales?: readonly Scale[],
): ChartSpec | null {
  if (!categories.length) return null;
  const panels = right ? [left, right] : [left];
  const units = right ? [unit, 's'] : [unit];
  const grids = panels.map((_, i) => (right ? { left: i === 0 ? 56 : 306, width: 180, top: 50, bottom: 46 } : { left: 60, right: 20, top: 50, bottom: 56 }));
  const xAxis: Record<string, unknown>[] = [];
  const logPanels: string[] = [];
  const yAxis: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  panels.forEach((panel, i) => {
    const vals = panel.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
    const pos = vals.filter((v) => v > 0);
    // Log scale when the positive values span more than two decades (zeros are left out). Bars start
    // at the axis minimum, the power of ten at or below the smallest value in the panel's unit.
    const logScale = pos.length > 1 && Math.max(...pos) / Math.min(...pos) > 100 && vals.every((v) => v >= 0);
    if (logScale) logPanels.push(right ? (i === 0 ? 'energy' : 'latency') : 'values');
    const sc = scales?.[i] ?? pickScale(vals, units[i]!);
    const floor = logScale ? 10 ** Math.floor(Math.log10(Math.min(...pos) / sc.divisor)) : 0;
    xAxis.push({ ...axisCommon, gridIndex: i, type: 'category', data: categories.map(shortCat), axisLabel: { fontSize: 8, rotate: categories.length > 6 ? 30 : 0, interval: 0, color: COLORS.text } });
    yAxis.push({ ...axisCommon, gridIndex: i, type: logScale ? 'log' : 'value', ...(logScale ? { min: floor, startValue: floor, axisLabel: { fontSize: 9, color: COLORS.text, formatter: powerOfTen } } : {}), name: sc.label ? `${units[i] === 'J' ? 'Energy' : units[i] === 's' ? 'Latency' : 'Area'} (${sc.label})` : '', nameTextStyle: { fontSize: 9, color: COLORS.text, align: 'left' }, nameGap: 12 });
    panel.forEach((s, k) =>
      series.push({
        name: s.name.startsWith('HPS') ? 'HPS' : 'Baseline',
        type: 'bar',
        xAxisIndex: i,
        yAxisIndex: i,
        barMaxWidth: 16,
        itemStyle: { color: k === 0 ? COLORS.hps : COLORS.baseline },
        data: s.values.map((v) => (v === null || !Number.isFinite(v) || (logScale && v <= 0) ? '-' : v / sc.divisor)),
        label: { show: false },
      }),
    );
  });
  return {
    id: `breakdown-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    title,
    caption: `${right ? 'Left: energy; right: latency. ' : ''}Blue HPS, orange baseline.${logPanels.length ? ` Log scale (${logPanels.join(', ')}); zero values are not drawn.` : ''}`,
    width: 500,
    height: right ? 250 : 210,
    option: { ...base(), grid: grids, legend: { top: 2, right: 10, data: ['HPS', 'Baseline'], itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 9 } }, xAxis, yAxis, series },
  };
}

/** 'Forward (FW)' -> 'FW', 'LSB→MSB transfer' -> 'Transfer'. */
const shortCat = (s: string): string => {
  const m = / \((FW|AG|WG|WU)\)$/.exec(s);
  if (m) return m[1]!;
  return s.endsWith('transfer') ? 'Transfer' : s;
};

/** Axis names of the per-epoch metrics a training run stores. */
const EPOCH_METRIC_LABELS: Readonly<Record<string, string>> = {
  testAccuracy: 'Test accuracy (live)',
  accuracy: 'Accuracy',
  trainAccuracy: 'Training accuracy',
  loss: 'Loss',
  trainLoss: 'Training loss',
};

/** Accuracy (or loss) per epoch for up to 12 runs, coloured by role. */
export function trainingChart(runs: readonly ReportRun[]): ChartSpec | null {
  const keyOrder = ['testAccuracy', 'accuracy', 'trainAccuracy', 'loss', 'trainLoss'];
  let key: string | undefined;
  for (const k of keyOrder) if (runs.some((r) => r.epochs.some((e) => typeof e.metrics[k] === 'number'))) {
    key = k;
    break;
  }
  if (!key) return null;
  const isAcc = key.toLowerCase().includes('accuracy');
  const shown = runs.slice(0, 12);
  const series = shown.map((r) => ({
    name: r.role === 'baseline' ? 'Baseline' : r.role === 'hps' ? 'HPS' : r.role,
    type: 'line',
    symbol: 'circle',
    symbolSize: 4,
    lineStyle: { width: 1.2, color: r.role === 'baseline' ? COLORS.baseline : COLORS.hps },
    itemStyle: { color: r.role === 'baseline' ? COLORS.baseline : COLORS.hps },
    data: r.epochs.filter((e) => typeof e.metrics[key!] === 'number').map((e) => [e.epoch, (e.metrics[key!] as number) * (isAcc ? 100 : 1)]),
  }));
  return {
    id: 'training',
    title: `Training curves: ${(EPOCH_METRIC_LABELS[key] ?? key).toLowerCase()} per epoch`,
    caption: `${shown.length} of ${runs.length} runs; blue HPS, orange baseline.`,
    width: 500,
    height: 260,
    option: {
      ...base(),
      grid: { left: 56, right: 20, top: 36, bottom: 44 },
      legend: { top: 4, textStyle: { fontSize: 9 } },
      xAxis: { ...axisCommon, type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 'dataMin', max: 'dataMax' },
      yAxis: { ...axisCommon, type: 'value', name: isAcc ? `${EPOCH_METRIC_LABELS[key] ?? key} (%)` : (EPOCH_METRIC_LABELS[key] ?? key), nameLocation: 'middle', nameGap: 40, scale: true },
      series,
    },
  };
}

/**
 * One colour per cost component, the same in every chart of a report; none of them is the HPS blue or
 * the baseline orange, which always mean the two schemes.
 */
export const COMPONENT_COLORS: Readonly<Record<string, string>> = {
  dram: '#7f7f7f',
  buffer: '#bcbd22',
  interconnect: '#17becf',
  wgUnit: '#9467bd',
  adc: '#2ca02c',
  accumulation: '#e7ba52',
  array: '#8c564b',
  write: '#d62728',
  other: '#c7c7c7',
};
const SPARE_COLORS = ['#393b79', '#637939', '#843c39', '#7b4173', '#3182bd'];

/** The colour of a component: fixed for the known ones, else a spare colour by the order of first use. */
export function componentColor(key: string, others: string[] = []): string {
  const c = COMPONENT_COLORS[key];
  if (c) return c;
  if (!others.includes(key)) others.push(key);
  return SPARE_COLORS[others.indexOf(key) % SPARE_COLORS.length]!;
}

export interface StackPanel {
  /** 'Energy', 'Latency', 'Area'. */
  readonly name: string;
  readonly scale: Scale;
  readonly hps: Readonly<Record<string, number>>;
  readonly baseline: Readonly<Record<string, number>>;
}

/**
 * Stacked horizontal bars, one panel per quantity, HPS above baseline: each bar is the total split by
 * component, so shares and the HPS-baseline difference show together. Components keep their colour
 * in every panel (`COMPONENT_COLORS`); `labels` maps component keys to legend names.
 */
export function componentChart(panels: readonly StackPanel[], labels: Readonly<Record<string, string>>, title: string, caption: string): ChartSpec | null {
  const shown = panels.filter((p) => Object.values(p.hps).some((v) => v > 0) || Object.values(p.baseline).some((v) => v > 0));
  if (!shown.length) return null;
  const keys = [...new Set(shown.flatMap((p) => [...Object.keys(p.hps), ...Object.keys(p.baseline)]))];
  const spare: string[] = [];
  const panelH = 58;
  const top = 40;
  const grid = shown.map((_, i) => ({ left: 62, right: 24, top: top + i * panelH, height: panelH - 34 }));
  const xAxis = shown.map((p, i) => ({
    ...axisCommon,
    gridIndex: i,
    type: 'value',
    name: `${p.name} (${p.scale.label})`,
    nameLocation: 'middle',
    nameGap: 16,
    nameTextStyle: { fontSize: 8.5, color: COLORS.text },
    axisLabel: { fontSize: 8, color: COLORS.text },
  }));
  const yAxis = shown.map((_, i) => ({ ...axisCommon, gridIndex: i, type: 'category', data: ['Baseline', 'HPS'], axisLabel: { fontSize: 8.5, color: COLORS.text }, splitLine: { show: false } }));
  const series: Record<string, unknown>[] = [];
  shown.forEach((p, i) => {
    for (const k of keys) {
      const h = p.hps[k] ?? 0;
      const b = p.baseline[k] ?? 0;
      if (!(h > 0) && !(b > 0)) continue;
      series.push({
        name: labels[k] ?? k,
        type: 'bar',
        stack: `panel${i}`,
        xAxisIndex: i,
        yAxisIndex: i,
        barWidth: 9,
        itemStyle: { color: componentColor(k, spare) },
        data: [b / p.scale.divisor, h / p.scale.divisor],
      });
    }
  });
  return {
    id: `components-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    title,
    caption,
    width: 500,
    height: top + shown.length * panelH + 6,
    option: {
      ...base(),
      grid,
      legend: { top: 2, left: 'center', data: keys.map((k) => labels[k] ?? k), itemWidth: 10, itemHeight: 8, itemGap: 14, textStyle: { fontSize: 8.5 } },
      xAxis,
      yAxis,
      series,
    },
  };
}

export interface DeviceCurveInput {
  readonly title: string;
  /** Model curves: conductance (S) after p pulses, LTP from Gmin and LTD from Gmax. */
  readonly ltp: { readonly p: readonly number[]; readonly g: readonly number[] };
  readonly ltd: { readonly p: readonly number[]; readonly g: readonly number[] };
  /** Measured sweeps (pulse, S), drawn as points over the model. */
  readonly data?: { readonly ltp: readonly (readonly [number, number])[]; readonly ltd: readonly (readonly [number, number])[] };
}

/**
 * Pulse response of a device: conductance against pulse number, LTP then LTD on one pulse axis
 * (LTD continues where LTP ends, as device papers draw it), measured points over the model.
 */
export function deviceCurveChart(inp: DeviceCurveInput): ChartSpec {
  const all = [...inp.ltp.g, ...inp.ltd.g, ...(inp.data?.ltp ?? []).map((d) => d[1]), ...(inp.data?.ltd ?? []).map((d) => d[1])];
  const ys = pickScale(all, 'S');
  const offset = inp.ltp.p[inp.ltp.p.length - 1] ?? 0;
  const line = (c: DeviceCurveInput['ltp'], dx: number): [number, number][] => c.p.map((p, k) => [p + dx, c.g[k]! / ys.divisor]);
  const measured = (d: readonly (readonly [number, number])[], dx: number): [number, number][] => d.map(([p, g]) => [p - (d[0]?.[0] ?? 0) + dx, g / ys.divisor]);
  const series: Record<string, unknown>[] = [
    { name: 'LTP (model)', type: 'line', showSymbol: false, lineStyle: { color: COLORS.hps, width: 1.5 }, itemStyle: { color: COLORS.hps }, data: line(inp.ltp, 0) },
    { name: 'LTD (model)', type: 'line', showSymbol: false, lineStyle: { color: COLORS.baseline, width: 1.5 }, itemStyle: { color: COLORS.baseline }, data: line(inp.ltd, offset) },
  ];
  if (inp.data)
    series.push(
      { name: 'LTP (measured)', type: 'scatter', symbolSize: 4, itemStyle: { color: COLORS.hpsLight }, data: measured(inp.data.ltp, 0) },
      { name: 'LTD (measured)', type: 'scatter', symbolSize: 4, itemStyle: { color: COLORS.baselineLight }, data: measured(inp.data.ltd, offset) },
    );
  return {
    id: 'device-curve',
    title: inp.title,
    caption: `Conductance after each programming pulse: LTP from Gmin (pulses 0 to ${offset}), then LTD from Gmax.`,
    width: 560,
    height: 320,
    option: {
      ...base(),
      title: { text: inp.title, left: 'center', top: 4, textStyle: { fontSize: 11, color: COLORS.text } },
      grid: { left: 64, right: 20, top: 50, bottom: 46 },
      legend: { top: 24, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 9 } },
      xAxis: { ...axisCommon, type: 'value', name: 'pulse number', nameLocation: 'middle', nameGap: 26, min: 0, max: offset + (inp.ltd.p[inp.ltd.p.length - 1] ?? 0) },
      yAxis: { ...axisCommon, type: 'value', name: `conductance (${ys.label})`, nameLocation: 'middle', nameGap: 46, scale: true },
      series,
    },
  };
}

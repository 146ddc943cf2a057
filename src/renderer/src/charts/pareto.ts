/**
 * Chart-ready Pareto options from a pareto:compute result. Pure (no ECharts import), so it can be
 * unit-tested. Scales to 100,000 points: coordinates go into typed arrays, series switch to
 * `large` mode with progressive rendering above LARGE_AT points, and colour-by-value is binned
 * into a few large series (large mode draws one colour per series).
 */
import type { ParetoView } from '../../../shared/contract';
import { axisFormatter, formatAxis, formatMetric, sig } from '../format';
import { escapeHtml } from '../../../core/format/units';

export const LARGE_AT = 4000;
const BINS = 8;
const PALETTE = ['#313695', '#4575b4', '#74add1', '#abd9e9', '#fdae61', '#f46d43', '#d73027', '#a50026'];

export interface FlatPoint {
  hash: string;
  role: string;
  knobs: Record<string, unknown>;
  values: number[];
  rank: number;
  feasible: boolean;
  front: boolean;
  group: string;
}

/**
 * A point's standing in words. Ranks from pareto:compute count from 0 (the front); people count
 * from 1, so the front is rank 1 and rank k is behind k - 1 layers of better points.
 */
export function rankText(p: Pick<FlatPoint, 'rank' | 'front' | 'feasible'>): string {
  if (!p.feasible || p.rank < 0) return 'not ranked (infeasible or missing an objective)';
  if (p.front || p.rank === 0) return 'rank 1 · on the front';
  return `rank ${p.rank + 1} · behind the front (dominated)`;
}

export function flatten(p: ParetoView): FlatPoint[] {
  const out: FlatPoint[] = [];
  for (const g of p.groups) {
    const front = new Set(g.front);
    for (const pt of g.points) out.push({ ...pt, front: front.has(pt.hash), group: g.isoKey });
  }
  return out;
}

export type ColourBy = { kind: 'none' } | { kind: 'objective'; index: number } | { kind: 'knob'; path: string } | { kind: 'role' };

export interface ScatterInput {
  points: FlatPoint[];
  objectives: { metric: string; direction: 'min' | 'max' }[];
  x: number;
  y: number;
  colour: ColourBy;
  label: (metric: string) => string;
  unit: (metric: string) => string;
  logX?: boolean;
  logY?: boolean;
  dark?: boolean;
}

export interface ScatterBuilt {
  option: Record<string, unknown>;
  /** For each series, the index into `points` of each data item (tooltip / click / brush). */
  index: Int32Array[];
  large: boolean;
}

function colourValue(p: FlatPoint, c: ColourBy, cats: Map<string, number>): number {
  if (c.kind === 'objective') return p.values[c.index] ?? NaN;
  if (c.kind === 'role') return p.role === 'baseline' ? 1 : 0;
  if (c.kind === 'knob') {
    const v = p.knobs[c.path];
    if (typeof v === 'number') return v;
    const key = String(v);
    if (!cats.has(key)) cats.set(key, cats.size);
    return cats.get(key)!;
  }
  return 0;
}

export function buildScatter(inp: ScatterInput): ScatterBuilt {
  const { points, x, y } = inp;
  const n = points.length;
  const large = n > LARGE_AT;
  const cats = new Map<string, number>();
  const cv = new Float64Array(n);
  let cmin = Infinity;
  let cmax = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = colourValue(points[i]!, inp.colour, cats);
    cv[i] = v;
    if (Number.isFinite(v)) {
      if (v < cmin) cmin = v;
      if (v > cmax) cmax = v;
    }
  }
  const categorical = inp.colour.kind === 'role' || (inp.colour.kind === 'knob' && cats.size > 0);
  const catNames = inp.colour.kind === 'role' ? ['hps', 'baseline'] : [...cats.keys()];
  if (!Number.isFinite(cmin)) {
    cmin = 0;
    cmax = 1;
  }

  // Bucket points into series: infeasible, then colour bins (or one series when not colouring).
  const nb = inp.colour.kind === 'none' ? 1 : categorical ? Math.max(1, catNames.length) : large ? BINS : 1;
  const buckets: number[][] = Array.from({ length: nb + 1 }, () => []);
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    const px = p.values[x];
    const py = p.values[y];
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) continue;
    if (!p.feasible) {
      buckets[nb]!.push(i);
      continue;
    }
    let b = 0;
    if (nb > 1) {
      if (categorical) b = Math.min(nb - 1, Math.max(0, cv[i]!));
      else b = cmax > cmin ? Math.min(nb - 1, Math.floor(((cv[i]! - cmin) / (cmax - cmin)) * nb)) : 0;
    }
    buckets[b]!.push(i);
  }

  const index: Int32Array[] = [];
  const series: Record<string, unknown>[] = [];
  const continuousColour = !large && !categorical && inp.colour.kind !== 'none';
  const dims = continuousColour ? 3 : 2;
  const mk = (name: string, idx: number[], colour: string | undefined, extra: Record<string, unknown> = {}): void => {
    if (!idx.length) return;
    const data = new Float64Array(idx.length * dims);
    for (let j = 0; j < idx.length; j++) {
      const p = points[idx[j]!]!;
      data[j * dims] = p.values[x]!;
      data[j * dims + 1] = p.values[y]!;
      if (dims === 3) data[j * dims + 2] = cv[idx[j]!]!;
    }
    index.push(Int32Array.from(idx));
    series.push({
      name,
      type: 'scatter',
      dimensions: dims === 3 ? ['x', 'y', 'c'] : ['x', 'y'],
      data,
      symbolSize: large ? 3 : 7,
      large,
      largeThreshold: LARGE_AT,
      progressive: large ? 20000 : 0,
      progressiveThreshold: LARGE_AT,
      itemStyle: colour ? { color: colour, opacity: large ? 0.6 : 0.85 } : { opacity: 0.85 },
      emphasis: { focus: 'none', scale: !large },
      ...extra,
    });
  };
  const binLabel = (b: number): string => {
    if (categorical) return catNames[b] ?? String(b);
    if (nb === 1) return inp.colour.kind === 'none' ? 'Design points' : 'Design points';
    const lo = cmin + ((cmax - cmin) * b) / nb;
    const hi = cmin + ((cmax - cmin) * (b + 1)) / nb;
    return `${formatAxis(lo)} – ${formatAxis(hi)}`;
  };
  for (let b = 0; b < nb; b++) {
    const colour = nb === 1 ? (continuousColour ? undefined : inp.dark ? '#6ea1ff' : '#1d4ed8') : categorical ? ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a16207'][b % 8] : PALETTE[Math.round((b * (PALETTE.length - 1)) / Math.max(1, nb - 1))];
    mk(binLabel(b), buckets[b]!, colour);
  }
  mk('Infeasible', buckets[nb]!, inp.dark ? '#5b6573' : '#a3acb9');

  // The front: highlighted markers plus, for two objectives, the staircase through them.
  const frontIdx: number[] = [];
  for (let i = 0; i < n; i++) if (points[i]!.front && Number.isFinite(points[i]!.values[x]!) && Number.isFinite(points[i]!.values[y]!)) frontIdx.push(i);
  frontIdx.sort((a, b) => points[a]!.values[x]! - points[b]!.values[x]!);
  if (frontIdx.length) {
    const data = new Float64Array(frontIdx.length * 2);
    frontIdx.forEach((i, j) => {
      data[j * 2] = points[i]!.values[x]!;
      data[j * 2 + 1] = points[i]!.values[y]!;
    });
    index.push(Int32Array.from(frontIdx));
    series.push({
      name: 'Pareto front',
      type: 'scatter',
      dimensions: ['x', 'y'],
      data,
      symbol: 'diamond',
      symbolSize: 12,
      z: 5,
      itemStyle: { color: inp.dark ? '#fbbf24' : '#d97706', borderColor: inp.dark ? '#11151b' : '#ffffff', borderWidth: 1 },
    });
    if (inp.objectives.length === 2) {
      index.push(Int32Array.from(frontIdx));
      series.push({
        name: 'Pareto front',
        type: 'line',
        dimensions: ['x', 'y'],
        data: Array.from(frontIdx, (i) => [points[i]!.values[x]!, points[i]!.values[y]!]),
        showSymbol: false,
        silent: true,
        z: 4,
        lineStyle: { color: inp.dark ? '#fbbf24' : '#d97706', width: 2 },
      });
    }
  }

  const ox = inp.objectives[x]!;
  const oy = inp.objectives[y]!;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const p of points) {
    const a = p.values[x]!;
    const b = p.values[y]!;
    if (Number.isFinite(a)) { if (a < x0) x0 = a; if (a > x1) x1 = a; }
    if (Number.isFinite(b)) { if (b < y0) y0 = b; if (b > y1) y1 = b; }
  }
  const better = (d: 'min' | 'max'): string => (d === 'min' ? 'lower is better' : 'higher is better');
  const scatterIdx = series.map((s, i) => (s.type === 'scatter' ? i : -1)).filter((i) => i >= 0);
  const colourName = inp.colour.kind === 'objective' ? inp.label(inp.objectives[inp.colour.index]?.metric ?? '') : inp.colour.kind === 'knob' ? inp.colour.path : '';
  const option: Record<string, unknown> = {
    aria: { enabled: true, label: { description: `Pareto scatter of ${n} design points: ${inp.label(ox.metric)} against ${inp.label(oy.metric)}` } },
    animation: false,
    grid: { left: 80, right: continuousColour ? 110 : 40, top: 56, bottom: 80 },
    legend: { top: 0, type: 'scroll', data: [...new Set(series.map((s) => s.name as string))] },
    tooltip: { trigger: 'item', confine: true },
    toolbox: {
      right: continuousColour ? 110 : 20,
      top: 18,
      feature: { brush: { type: ['rect', 'polygon', 'clear'], title: { rect: 'Box select', polygon: 'Lasso select', clear: 'Clear selection' } }, restore: {} },
    },
    brush: { seriesIndex: scatterIdx, throttleType: 'debounce', throttleDelay: 150, outOfBrush: { colorAlpha: 0.15 } },
    xAxis: { type: inp.logX ? 'log' : 'value', name: `${inp.label(ox.metric)} (${better(ox.direction)})`, nameLocation: 'middle', nameGap: 28, scale: true, axisLabel: { formatter: axisFormatter(inp.unit(ox.metric), x0, x1), hideOverlap: true } },
    yAxis: { type: inp.logY ? 'log' : 'value', name: `${inp.label(oy.metric)} (${better(oy.direction)})`, nameLocation: 'end', nameTextStyle: { align: 'left' }, scale: true, axisLabel: { formatter: axisFormatter(inp.unit(oy.metric), y0, y1), hideOverlap: true } },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, filterMode: 'none', bottom: 10, height: 18 },
      { type: 'slider', yAxisIndex: 0, filterMode: 'none', right: continuousColour ? 90 : 6, width: 16 },
    ],
    series,
  };
  if (continuousColour) {
    option.visualMap = {
      type: 'continuous',
      dimension: 2,
      seriesIndex: series.map((s, i) => (s.name !== 'Pareto front' && s.name !== 'Infeasible' ? i : -1)).filter((i) => i >= 0),
      min: cmin,
      max: cmax,
      calculable: true,
      right: 4,
      top: 60,
      text: [colourName, ''],
      inRange: { color: PALETTE },
      formatter: (v: number) => formatAxis(v),
    };
  }
  return { option, index, large };
}

/** Tooltip HTML of one point (text escaped). */
export function pointHtml(p: FlatPoint, objectives: { metric: string }[], label: (m: string) => string, unit: (m: string) => string): string {
  const esc = escapeHtml;
  const rows = objectives.map((o, i) => `${esc(label(o.metric))}: <b>${esc(formatMetric(p.values[i], unit(o.metric)))}</b>`);
  const knobs = Object.entries(p.knobs).map(([k, v]) => `${esc(k)} = ${esc(typeof v === 'number' ? sig(v, 4) : String(v))}`);
  return [`<b>${esc(p.role)}</b> · ${esc(rankText(p))}`, ...rows, ...knobs].join('<br>');
}

export interface ParallelInput {
  points: FlatPoint[];
  objectives: { metric: string; direction: 'min' | 'max' }[];
  label: (metric: string) => string;
  unit: (metric: string) => string;
  dark?: boolean;
}

export function buildParallel(inp: ParallelInput): Record<string, unknown> {
  const { points, objectives } = inp;
  const rest: number[][] = [];
  const front: number[][] = [];
  for (const p of points) (p.front ? front : rest).push(p.values);
  const many = points.length > 2000;
  return {
    aria: { enabled: true, label: { description: `Parallel coordinates of ${points.length} points over ${objectives.length} objectives` } },
    animation: false,
    parallel: { left: 120, right: 120, top: 50, bottom: 30 },
    parallelAxis: objectives.map((o, i) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const p of points) {
        const v = p.values[i]!;
        if (Number.isFinite(v)) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      return {
        dim: i,
        name: `${inp.label(o.metric)} (${o.direction === 'min' ? 'lower' : 'higher'} is better)`,
        scale: true,
        inverse: o.direction === 'max',
        axisLabel: { formatter: axisFormatter(inp.unit(o.metric), lo, hi), hideOverlap: true },
      };
    }),
    series: [
      { name: 'Design points', type: 'parallel', data: rest, lineStyle: { width: 1, opacity: many ? 0.08 : 0.35, color: inp.dark ? '#6ea1ff' : '#1d4ed8' }, progressive: 2000, progressiveThreshold: 3000, smooth: false },
      { name: 'Pareto front', type: 'parallel', data: front, lineStyle: { width: 2, opacity: 0.9, color: inp.dark ? '#fbbf24' : '#d97706' } },
    ],
  };
}

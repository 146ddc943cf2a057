/**
 * HPS-vs-baseline breakdown charts (by phase, by component) and the per-phase ratio chart. Pure (no
 * ECharts import), so they can be unit-tested.
 *
 * Three readings of one breakdown: absolute stacked bars; shares (each bar 100 %), which show where
 * the two designs spend differently even when one part (DRAM traffic of the weight gradients) is
 * almost all of both totals; and a log axis with the parts side by side, where small parts such as
 * the weight update and the transfer are as readable as the large ones.
 */
import type { CostView } from '../costView';
import { componentColor } from '../../../core/report/charts';

export type BreakdownMode = 'stacked' | 'shares' | 'log';

/**
 * One colour per phase; components take the PDF report's colours (core/report/charts), so the app and
 * the report agree. Neither uses the HPS blue or the baseline orange, which always mean the schemes.
 */
export const PHASE_COLOURS: Readonly<Record<string, string>> = {
  fw: '#5254a3',
  ag: '#8ca252',
  wg: '#bd9e39',
  wu: '#ad494a',
  transfer: '#a55194',
  leakage: '#969696',
};
export const partColour = (key: string, others: string[] = []): string => PHASE_COLOURS[key] ?? componentColor(key, others);

export interface BreakdownInput {
  readonly hps: Readonly<Record<string, number>>;
  readonly base: Readonly<Record<string, number>>;
  readonly title: string;
  readonly mode: BreakdownMode;
  /** Value in SI -> text with unit. */
  readonly fmt: (v: number) => string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Order of the parts (others follow in their own order). */
  readonly order?: readonly string[];
  readonly hpsColour?: string;
  readonly baseColour?: string;
}

const total = (r: Readonly<Record<string, number>>): number => Object.values(r).reduce((a, b) => a + b, 0);
const pct = (v: number): string => `${v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2)} %`;

/** Parts present in either design (non-zero somewhere), in `order`. */
export function partsOf(inp: Pick<BreakdownInput, 'hps' | 'base' | 'order'>): string[] {
  const keys = [...new Set([...(inp.order ?? []), ...Object.keys(inp.hps), ...Object.keys(inp.base)])];
  return keys.filter((k) => (inp.hps[k] ?? 0) > 0 || (inp.base[k] ?? 0) > 0);
}

export function breakdownOption(inp: BreakdownInput): Record<string, unknown> | null {
  const keys = partsOf(inp);
  if (!keys.length) return null;
  const label = (k: string): string => inp.labels?.[k] ?? k;
  if (inp.mode === 'log') {
    // Parts side by side on a log axis; zero parts are not drawn (a log axis has no zero). ECharts
    // draws log-axis bars from 1, so values are divided by the power of ten at or below the smallest
    // one (every bar is then >= 1 and grows from the left) and the ticks multiply it back.
    const values = keys.flatMap((k) => [inp.hps[k] ?? 0, inp.base[k] ?? 0]).filter((v) => v > 0);
    const unit = 10 ** Math.floor(Math.log10(Math.min(...values)));
    const bar = (name: string, r: Readonly<Record<string, number>>, colour: string | undefined): Record<string, unknown> => ({
      name,
      type: 'bar',
      ...(colour ? { color: colour } : {}),
      data: keys.map((k) => ((r[k] ?? 0) > 0 ? r[k]! / unit : '-')),
    });
    return {
      aria: { enabled: true, label: { description: `${inp.title}, log axis` } },
      animation: false,
      grid: { left: 150, right: 24, top: 26, bottom: 30 },
      legend: { top: 0, data: ['HPS', 'Baseline'] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? inp.fmt(v * unit) : 'zero') },
      xAxis: { type: 'log', min: 1, axisLabel: { formatter: (v: number) => inp.fmt(v * unit), hideOverlap: true } },
      yAxis: { type: 'category', data: keys.map(label), inverse: true },
      series: [bar('HPS', inp.hps, inp.hpsColour), bar('Baseline', inp.base, inp.baseColour)],
    };
  }
  const shares = inp.mode === 'shares';
  const th = total(inp.hps);
  const tb = total(inp.base);
  const value = (r: Readonly<Record<string, number>>, t: number, k: string): number => (shares ? (t > 0 ? (100 * (r[k] ?? 0)) / t : 0) : (r[k] ?? 0));
  const rows = Math.ceil(keys.length / 4);
  const spare: string[] = [];
  return {
    aria: { enabled: true, label: { description: `${inp.title}${shares ? ', shares of each total' : ''}` } },
    animation: false,
    grid: { left: 70, right: 24, top: 10, bottom: 30 + 22 * rows },
    legend: { bottom: 0, type: 'plain', itemWidth: 14, itemHeight: 10 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      // Shares and absolute values together: the tooltip always says both.
      formatter: (ps: { seriesName: string; dataIndex: number; marker: string }[]) => {
        const design = ps[0]?.dataIndex === 1 ? 'HPS' : 'Baseline';
        const r = design === 'HPS' ? inp.hps : inp.base;
        const t = design === 'HPS' ? th : tb;
        return [`<b>${design}</b> · ${inp.fmt(t)}`, ...keys.map((k, i) => `${ps[i]?.marker ?? ''}${label(k)}: ${inp.fmt(r[k] ?? 0)} (${pct(t > 0 ? (100 * (r[k] ?? 0)) / t : 0)})`)].join('<br>');
      },
    },
    xAxis: shares ? { type: 'value', max: 100, axisLabel: { formatter: (v: number) => `${v} %` } } : { type: 'value', axisLabel: { formatter: (v: number) => (v === 0 ? '0' : inp.fmt(v)), hideOverlap: true } },
    yAxis: { type: 'category', data: ['Baseline', 'HPS'] },
    series: keys.map((k) => ({
      name: label(k),
      type: 'bar',
      stack: 'total',
      color: partColour(k, spare),
      emphasis: { focus: 'series' },
      data: [value(inp.base, tb, k), value(inp.hps, th, k)],
    })),
  };
}

export interface PhaseRatio {
  readonly key: string;
  readonly label: string;
  readonly hps: number;
  readonly base: number;
  /** HPS / baseline; null when the baseline has none of it (a part only HPS has). */
  readonly ratio: number | null;
  /** Share of the HPS and of the baseline total. */
  readonly hpsShare: number;
  readonly baseShare: number;
}

/** Per-part HPS / baseline ratios and shares of each total. */
export function partRatios(hps: Readonly<Record<string, number>>, base: Readonly<Record<string, number>>, labels: Readonly<Record<string, string>> = {}, order: readonly string[] = []): PhaseRatio[] {
  const th = total(hps);
  const tb = total(base);
  return partsOf({ hps, base, order }).map((k) => {
    const h = hps[k] ?? 0;
    const b = base[k] ?? 0;
    return { key: k, label: labels[k] ?? k, hps: h, base: b, ratio: b > 0 ? h / b : null, hpsShare: th > 0 ? h / th : 0, baseShare: tb > 0 ? b / tb : 0 };
  });
}

/** Horizontal bars of the energy and latency ratios per phase on a log axis around 1×. */
export function ratioOption(energy: readonly PhaseRatio[], latency: readonly PhaseRatio[], colours: { energy: string; latency: string }): Record<string, unknown> | null {
  const keys = [...new Set([...energy, ...latency].filter((r) => r.ratio !== null && r.ratio > 0).map((r) => r.key))];
  if (!keys.length) return null;
  const labelOf = new Map([...energy, ...latency].map((r) => [r.key, r.label]));
  const at = (rows: readonly PhaseRatio[], k: string): number | string => {
    const r = rows.find((x) => x.key === k)?.ratio;
    return r !== null && r !== undefined && r > 0 ? r : '-';
  };
  const all = keys.flatMap((k) => [at(energy, k), at(latency, k)]).filter((v): v is number => typeof v === 'number');
  const lo = Math.min(1, ...all);
  const hi = Math.max(1, ...all);
  return {
    aria: { enabled: true, label: { description: 'HPS divided by baseline per training phase, energy and latency, log axis' } },
    animation: false,
    grid: { left: 150, right: 40, top: 26, bottom: 30 },
    legend: { top: 0, data: ['Energy', 'Latency'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${Number(v.toPrecision(4))}×` : 'baseline has none') },
    xAxis: { type: 'log', min: lo / 1.5, max: hi * 1.5, axisLabel: { formatter: (v: number) => `${Number(v.toPrecision(3))}×`, hideOverlap: true } },
    yAxis: { type: 'category', data: keys.map((k) => labelOf.get(k) ?? k), inverse: true },
    series: [
      { name: 'Energy', type: 'bar', color: colours.energy, data: keys.map((k) => at(energy, k)), markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#888' }, data: [{ xAxis: 1 }], label: { show: false } } },
      { name: 'Latency', type: 'bar', color: colours.latency, data: keys.map((k) => at(latency, k)) },
    ],
  };
}

/**
 * The breakdowns without DRAM traffic. The cost model charges all DRAM traffic (activations and
 * errors kept for the weight gradient, and the per-image gradient) to the weight-gradient phase, so
 * leaving DRAM out takes it from that phase; if the phase is smaller than the DRAM part (a model
 * that charges DRAM elsewhere), the phases are left as they are and `phasesAdjusted` says so.
 */
export function withoutDram(v: CostView): { view: CostView; phasesAdjusted: boolean } {
  const eDram = v.energyByComponent.dram ?? 0;
  const lDram = v.latencyByComponent.dram ?? 0;
  const { dram: _e, ...energyByComponent } = v.energyByComponent;
  const { dram: _l, ...latencyByComponent } = v.latencyByComponent;
  const wgE = v.energyByPhase.wg ?? 0;
  const wgL = v.latencyByPhase.wg ?? 0;
  const fits = wgE >= eDram * (1 - 1e-9) && wgL >= lDram * (1 - 1e-9);
  return {
    view: {
      ...v,
      energy: v.energy !== null ? v.energy - eDram : null,
      latency: v.latency !== null ? v.latency - lDram : null,
      energyByComponent,
      latencyByComponent,
      energyByPhase: fits ? { ...v.energyByPhase, wg: Math.max(0, wgE - eDram) } : v.energyByPhase,
      latencyByPhase: fits ? { ...v.latencyByPhase, wg: Math.max(0, wgL - lDram) } : v.latencyByPhase,
    },
    phasesAdjusted: fits,
  };
}

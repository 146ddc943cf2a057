/**
 * Any metric against any swept setting: the stored points of a study arranged as line-chart series
 * with one knob on x. The app's "Plots" view and the PDF report both draw from this one builder, so
 * the two can never disagree about which point lands where.
 *
 * - Series: one per role (HPS, eNVM-only baseline) and per combination of the other knobs' values
 *   (e.g. one HPS line per eNVM preset). A baseline twin is drawn at the x of the HPS points it is
 *   the twin of, so an HPS-only knob on x (transfer interval, retention) gives the baseline as the
 *   flat reference it is.
 * - Ratio mode: HPS / baseline per twin pair (accuracy: HPS - baseline), one line per group.
 * - Replicates: points that differ only in their seed (a study's `seeds`, or `seed` swept as a
 *   knob) are repeats of one design; each (series, x) cell reports their mean, sample standard
 *   deviation and 95 % confidence interval of the mean (core/stats/replicates), which the charts draw
 *   as error bars.
 *
 * Pure: no DOM, no node. Values stay in SI; charts choose display prefixes.
 */
import { configField } from '../config/fields';
import { metricInfo, type KnobView, type MetricInfo } from './adapters';
import type { ReportPoint } from './types';
import { formatEng, formatNumber, isPrefixable } from '../format/units';
import { metricStats } from '../stats/replicates';

/** A stored point as both the report input and the app's point view carry it (any status text). */
export type SeriesSourcePoint = Pick<ReportPoint, 'hash' | 'role' | 'twinHash' | 'knobs' | 'metrics'> & { readonly status: string };

/** Knob paths that mark repeats of one design rather than a design choice. */
export const REPLICATE_KNOBS: readonly string[] = ['seed'];

export type SeriesMode = 'value' | 'ratio';

export interface KnobSeriesRequest {
  readonly points: readonly SeriesSourcePoint[];
  /** The study's knobs (order, labels, scale, declared values). */
  readonly knobs: readonly KnobView[];
  /** Knob path on the x axis. */
  readonly x: string;
  readonly metric: string;
  /** 'value': the metric of each role; 'ratio': HPS / baseline (accuracy: HPS - baseline). */
  readonly mode?: SeriesMode;
  /** Other knobs held at one value (points with another value are left out). */
  readonly fixed?: Readonly<Record<string, unknown>>;
  /** Leave the baseline series out (value mode). */
  readonly hpsOnly?: boolean;
  /** Cost metric catalog for labels and units (default: core's). */
  readonly catalog?: unknown;
  /** Knob values in series names (default: defaultValueText). */
  readonly valueText?: ValueText;
}

export interface SeriesCell {
  /** Knob value (number for numeric knobs, the value's text for categorical ones). */
  readonly x: number | string;
  readonly mean: number;
  /** Replicates in the cell. */
  readonly n: number;
  /** Sample standard deviation (n - 1), null for a single value. */
  readonly std: number | null;
  /** 95 % confidence interval of the mean, null for a single value. */
  readonly lo: number | null;
  readonly hi: number | null;
  /** Hashes of the points averaged (HPS points in ratio mode). */
  readonly hashes: readonly string[];
}

export interface KnobSeries {
  readonly key: string;
  /** 'HPS', 'Baseline' or 'HPS / baseline', then the group's knob values. */
  readonly name: string;
  readonly role: 'hps' | 'baseline' | 'ratio';
  /** The other knobs' values that define this line (path -> value). */
  readonly group: Readonly<Record<string, unknown>>;
  /** Index of the group among all groups (same index = same colour across roles). */
  readonly colour: number;
  readonly cells: readonly SeriesCell[];
}

export interface KnobAxisInfo {
  readonly path: string;
  readonly label: string;
  readonly categorical: boolean;
  readonly log: boolean;
  /** Categorical axes: the categories in the study's order. */
  readonly categories: readonly string[];
}

export interface KnobSeriesResult {
  readonly x: KnobAxisInfo;
  readonly metric: MetricInfo;
  readonly mode: SeriesMode;
  /** 'ratio' (×) or 'difference' (percentage points) in ratio mode; 'value' otherwise. */
  readonly quantity: 'value' | 'ratio' | 'difference';
  readonly series: readonly KnobSeries[];
  /** Knobs that split the points into series (besides the role). */
  readonly groupBy: readonly string[];
  /** Largest replicate count of any cell. */
  readonly replicates: number;
  /** Evaluated points of the chosen role(s) that lack the metric or the x knob. */
  readonly missing: number;
}

// ---- statistics ----------------------------------------------------------------------------------

/** A cell's mean, sample standard deviation and 95 % t interval (the replicate statistics of core/stats). */
export function summarise(values: readonly number[]): { mean: number; n: number; std: number | null; lo: number | null; hi: number | null } {
  const s = metricStats(values)!;
  return { mean: s.mean, n: s.n, std: s.std, lo: s.ci95?.[0] ?? null, hi: s.ci95?.[1] ?? null };
}

// ---- the builder ---------------------------------------------------------------------------------

const keyOf = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

/** How a knob value reads in a series name: the path's last segment, '=', the value with its unit. */
export type ValueText = (path: string, value: unknown) => string;

/** A knob value with its unit: SI quantities with an engineering prefix ('1 ms'), counts as they are. */
export function knobValueText(path: string, v: unknown): string {
  if (typeof v !== 'number') return keyOf(v);
  const unit = configField(path)?.unit ?? '';
  return isPrefixable(unit) ? formatEng(v, unit, { digits: 4 }) : formatNumber(v, 4);
}

/** Default series-name text: 'tau=1 ms', 'preset=hps-envm'. */
export const defaultValueText: ValueText = (path, v) => `${path.split('.').pop() ?? path}=${knobValueText(path, v)}`;

/** Text of a group, for series names. */
export function groupText(group: Readonly<Record<string, unknown>>, text: ValueText = defaultValueText): string {
  return Object.entries(group)
    .map(([k, v]) => text(k, v))
    .join(', ');
}

export function buildKnobSeries(req: KnobSeriesRequest): KnobSeriesResult {
  const mode = req.mode ?? 'value';
  const metric = metricInfo(req.metric, req.catalog);
  const quantity = mode === 'value' ? 'value' : metric.compare;
  const knob = req.knobs.find((k) => k.path === req.x);
  const done = req.points.filter((p) => p.status === 'done' && p.metrics);
  const byHash = new Map(req.points.map((p) => [p.hash, p]));
  const hps = done.filter((p) => p.role === 'hps');
  const fixed = req.fixed ?? {};
  const matchesFixed = (p: SeriesSourcePoint): boolean => Object.entries(fixed).every(([k, v]) => !(k in p.knobs) || keyOf(p.knobs[k]) === keyOf(v));

  // Knobs that split lines: every other knob of the study that varies, except replicate knobs and fixed ones.
  const allPaths = [...new Set([...req.knobs.map((k) => k.path), ...done.flatMap((p) => Object.keys(p.knobs))])];
  const varies = (path: string): boolean => new Set(done.filter((p) => path in p.knobs).map((p) => keyOf(p.knobs[path]))).size > 1;
  const groupBy = allPaths.filter((p) => p !== req.x && !REPLICATE_KNOBS.includes(p) && !(p in fixed) && varies(p));

  const categorical = knob ? knob.type === 'categorical' : hps.some((p) => typeof p.knobs[req.x] !== 'number');
  const xOf = (v: unknown): number | string | undefined => (v === undefined ? undefined : categorical ? keyOf(v) : typeof v === 'number' && Number.isFinite(v) ? v : undefined);

  interface Acc {
    role: KnobSeries['role'];
    group: Record<string, unknown>;
    cells: Map<string, { x: number | string; values: number[]; hashes: string[]; seen: Set<string> }>;
  }
  const series = new Map<string, Acc>();
  const groupIndex = new Map<string, number>();
  let missing = 0;
  const add = (role: Acc['role'], group: Record<string, unknown>, x: number | string, value: number, hash: string, dedupe: string): void => {
    const gk = keyOf(Object.entries(group));
    if (role !== 'baseline' && !groupIndex.has(gk)) groupIndex.set(gk, groupIndex.size);
    const sk = `${role}\u0000${gk}`;
    let acc = series.get(sk);
    if (!acc) series.set(sk, (acc = { role, group, cells: new Map() }));
    const ck = keyOf(x);
    let cell = acc.cells.get(ck);
    if (!cell) acc.cells.set(ck, (cell = { x, values: [], hashes: [], seen: new Set() }));
    // A baseline twin shared by several HPS points of one cell is one measurement, not replicates.
    if (cell.seen.has(dedupe)) return;
    cell.seen.add(dedupe);
    cell.values.push(value);
    cell.hashes.push(hash);
  };
  const groupOf = (p: SeriesSourcePoint, only?: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const g: Record<string, unknown> = {};
    for (const path of groupBy) if (path in p.knobs && (!only || path in only)) g[path] = p.knobs[path];
    return g;
  };

  for (const p of hps) {
    if (!matchesFixed(p)) continue;
    const x = xOf(p.knobs[req.x]);
    const twin = p.twinHash && p.twinHash !== p.hash ? byHash.get(p.twinHash) : undefined;
    const twinDone = twin && twin.status === 'done' && twin.metrics ? twin : undefined;
    const hv = p.metrics![metric.key];
    if (x === undefined || hv === undefined || !Number.isFinite(hv)) {
      missing++;
      continue;
    }
    if (mode === 'ratio') {
      const bv = twinDone?.metrics![metric.key];
      if (bv === undefined || !Number.isFinite(bv) || (metric.compare === 'ratio' && bv === 0)) {
        missing++;
        continue;
      }
      add('ratio', groupOf(p), x, metric.compare === 'difference' ? hv - bv : hv / bv, p.hash, p.hash);
      continue;
    }
    add('hps', groupOf(p), x, hv, p.hash, p.hash);
    const bv = twinDone?.metrics![metric.key];
    // The twin's line is split only by the knobs the twin shares (an HPS-only knob does not change it).
    if (!req.hpsOnly && twinDone && bv !== undefined && Number.isFinite(bv)) add('baseline', groupOf(p, twinDone.knobs), x, bv, twinDone.hash, twinDone.hash);
  }

  const categories = categorical ? orderCategories(knob, [...series.values()].flatMap((s) => [...s.cells.values()].map((c) => c.x as string))) : [];
  const roleLabel = { hps: 'HPS', baseline: 'Baseline', ratio: metric.compare === 'difference' ? 'HPS − baseline' : 'HPS / baseline' } as const;
  const roleOrder = { hps: 0, ratio: 0, baseline: 1 } as const;
  const lines = [...series.entries()].map(([key, s]) => {
    const cells = [...s.cells.values()]
      .map((c) => ({ x: c.x, ...summarise(c.values), hashes: c.hashes }))
      .sort((a, b) => (categorical ? categories.indexOf(a.x as string) - categories.indexOf(b.x as string) : (a.x as number) - (b.x as number)));
    const text = groupText(s.group, req.valueText);
    return { key, name: text ? `${roleLabel[s.role]} · ${text}` : roleLabel[s.role], role: s.role, group: s.group, colour: groupIndex.get(keyOf(Object.entries(s.group))) ?? -1, cells };
  });
  // A baseline line has only the knobs its twins share: it takes the colour of its first HPS line.
  let spare = groupIndex.size;
  for (const b of lines.filter((s) => s.role === 'baseline')) {
    const first = lines.find((s) => s.role !== 'baseline' && Object.entries(b.group).every(([k, v]) => keyOf(s.group[k]) === keyOf(v)));
    b.colour = first ? first.colour : spare++;
  }
  const out: KnobSeries[] = lines.sort((a, b) => a.colour - b.colour || roleOrder[a.role] - roleOrder[b.role]);
  return {
    x: { path: req.x, label: knob?.label && knob.label !== knob.path ? knob.label : req.x, categorical, log: !categorical && logAxis(knob, out), categories },
    metric,
    mode,
    quantity,
    series: out,
    groupBy,
    replicates: Math.max(0, ...out.flatMap((s) => s.cells.map((c) => c.n))),
    missing,
  };
}

/** A log axis where the study sweeps the knob on a log scale or its positive values span two decades. */
function logAxis(knob: KnobView | undefined, series: readonly KnobSeries[]): boolean {
  if (knob?.scale === 'log') return true;
  const xs = series.flatMap((s) => s.cells.map((c) => c.x as number));
  return xs.length > 1 && xs.every((v) => v > 0) && Math.max(...xs) / Math.min(...xs) >= 100;
}

function orderCategories(knob: KnobView | undefined, seen: readonly string[]): string[] {
  const declared = (knob?.values ?? []).map(keyOf);
  const present = new Set(seen);
  return [...declared.filter((v) => present.has(v)), ...[...present].filter((v) => !declared.includes(v)).sort()];
}

/** Knobs of a study that can go on the x axis: every knob with more than one stored value. */
export function plottableKnobs(knobs: readonly KnobView[], points: readonly SeriesSourcePoint[]): KnobView[] {
  return knobs.filter((k) => !REPLICATE_KNOBS.includes(k.path) && new Set(points.filter((p) => k.path in p.knobs).map((p) => keyOf(p.knobs[k.path]))).size > 1);
}

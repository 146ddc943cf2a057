/**
 * Which part of a total decides an HPS / baseline ratio, said in words. A total (energy or latency
 * per epoch, chip area) is a sum of parts (training phases, or area components); the ratio of two
 * totals is decided by the part whose difference between HPS and baseline is the largest, and it stays
 * near 1 when one part common to both dominates them. Example (the demo's energy): "1.00×: weight
 * gradient (WG) is 99.8 % of both (DRAM traffic alone 99.4 %), so the ratio stays near 1; weight
 * update (WU) differs most (0.0575×) but is 0.001 % of the total".
 *
 * Pure: plain numbers in, one sentence out.
 */
import { PHASES, PHASE_LABELS } from './adapters';
import { componentLabel } from './breakdown';
import { formatRatio, formatScaled, pickScale } from '../format/units';

export interface Part {
  /** Readable name ('weight update (WU)'). */
  readonly label: string;
  readonly hps: number;
  readonly baseline: number;
}

export interface RatioCase {
  /** 'Energy per epoch'. */
  readonly metric: string;
  /** SI unit of the totals and parts ('J', 's', 'm^2'). */
  readonly unit: string;
  readonly hpsTotal: number;
  readonly baselineTotal: number;
  readonly parts: readonly Part[];
  /** Which points these are ('for the typical pair, #6 (…) and twin #1'), after the ratio. */
  readonly who?: string;
  /** A sub-part worth naming inside the dominant part (DRAM traffic inside WG): label and shares. */
  readonly inside?: { readonly of: string; readonly label: string; readonly hps: number; readonly baseline: number };
}

/** '99.4 %', '12.5 %', '0.42 %', '0.001 %' (one significant digit below 0.1 %). */
export function percent(x: number): string {
  const p = 100 * x;
  if (!Number.isFinite(p)) return '–';
  const a = Math.abs(p);
  if (a === 0) return '0 %';
  if (a >= 10) return `${p.toFixed(1)} %`;
  if (a >= 0.1) return `${Number(p.toPrecision(2))} %`;
  return `${Number(p.toPrecision(1))} %`;
}

/** The ratio prints as 1.00× (three significant digits). */
const readsAsOne = (r: number): boolean => formatRatio(r) === '1.00×';

/** Both shares when they read the same, else HPS and baseline separately. */
function shares(h: number, b: number, hTot: number, bTot: number): string {
  const sh = percent(h / hTot);
  const sb = percent(b / bTot);
  return sh === sb ? `${sh} of both` : `${sh} of HPS and ${sb} of the baseline`;
}

function ratioOf(p: Part): string {
  if (p.baseline > 0 && p.hps > 0) return formatRatio(p.hps / p.baseline);
  return p.baseline > 0 ? 'none in HPS' : 'HPS only';
}

/** 'a', 'a and b', 'a, b and c'. */
function andList(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** One sentence: the ratio and the parts that decide it. Null when the totals are not comparable. */
export function explainRatio(c: RatioCase): string | null {
  const { hpsTotal: h, baselineTotal: b } = c;
  if (!(h > 0) || !(b > 0) || c.parts.length === 0) return null;
  // One unit for every number of the sentence.
  const sc = pickScale([h, b], c.unit);
  const q = (x: number): string => `${formatScaled(x, sc)}${sc.label ? ` ${sc.label}` : ''}`;
  const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${q(Math.abs(x))}`;
  const diff = (p: Part): number => p.hps - p.baseline;
  const r = h / b;
  const head = `${c.metric} ${formatRatio(r)}${c.who ? ` ${c.who}` : ''} (HPS ${q(h)}, baseline ${q(b)})`;
  const dominant = [...c.parts].sort((x, y) => y.hps / h + y.baseline / b - (x.hps / h + x.baseline / b))[0]!;
  const inside = c.inside && c.inside.of === dominant.label ? ` (${c.inside.label} alone ${shares(c.inside.hps, c.inside.baseline, h, b)})` : '';
  const context = `${dominant.label} is ${shares(dominant.hps, dominant.baseline, h, b)}${inside}`;
  const byDiff = c.parts.filter((p) => diff(p) !== 0).sort((x, y) => Math.abs(diff(y)) - Math.abs(diff(x)));
  const named = (p: Part): string => `${p.label} (${ratioOf(p)}, ${signed(diff(p))})`;
  const d = h - b;
  if (readsAsOne(r)) {
    const differing = byDiff.filter((p) => p !== dominant && !(p.hps > 0 && p.baseline > 0 && readsAsOne(p.hps / p.baseline)));
    const share = differing.reduce((s, p) => s + Math.max(p.hps / h, p.baseline / b), 0);
    if (share > 0.05) {
      // The parts that differ are not small: the ratio is near 1 because they cancel.
      const gross = differing.reduce((s, p) => s + Math.abs(diff(p)), 0);
      const big = (sign: number): Part[] => differing.filter((p) => Math.sign(diff(p)) === sign && Math.abs(diff(p)) > 0.05 * gross).slice(0, 3);
      return `${head}: ${andList(big(1).map(named))} against ${andList(big(-1).map(named))} nearly cancel (net ${signed(d)}); ${context}.`;
    }
    const shown = differing.slice(0, 3);
    const tag = (p: Part): string => (p.hps > 0 && p.baseline > 0 ? ratioOf(p) : `(${ratioOf(p)})`);
    const tail = shown.length ? `; ${andList(shown.map((p) => `${p.label} ${tag(p)}`))} ${shown.length > 1 ? 'differ but are together' : 'differs but is'} ${percent(share)} of the total` : '';
    return `${head}: ${context}, so the ratio stays near 1${tail}.`;
  }
  const pro = byDiff.filter((p) => Math.sign(diff(p)) === Math.sign(d));
  const con = byDiff.filter((p) => Math.sign(diff(p)) !== Math.sign(d));
  const conSum = Math.abs(con.reduce((s, p) => s + diff(p), 0));
  const tail = dominant !== pro[0] ? `; ${context}` : '';
  if (conSum < 0.1 * Math.abs(d)) {
    const top = pro[0]!;
    return `${head}: decided by ${top.label}, ${q(top.hps)} against ${q(top.baseline)} (${ratioOf(top)}), ${signed(diff(top))} of the ${signed(d)} difference${tail}.`;
  }
  // Parts pulling both ways: name the larger ones on each side (up to three and two).
  const forSide = pro.filter((p) => Math.abs(diff(p)) > 0.05 * Math.abs(d) || p === pro[0]).slice(0, 3);
  const against = con.filter((p) => Math.abs(diff(p)) > 0.05 * Math.abs(d) || p === con[0]).slice(0, 2);
  return `${head}: ${andList(forSide.map(named))} outweigh${forSide.length === 1 ? 's' : ''} ${andList(against.map(named))}${tail}.`;
}

// ---- from stored points ---------------------------------------------------------------------------

/** A ratio metric and how its total splits into parts among a point's flat metrics. */
interface Decomposition {
  readonly metric: string;
  readonly label: string;
  readonly unit: string;
  readonly parts: readonly { readonly key: string; readonly label: string }[];
  readonly inside?: { readonly of: string; readonly key: string; readonly label: string };
}

const PHASE_PARTS = (q: 'energy' | 'latency') =>
  PHASES.map((p) => ({ key: `${q}.${p}`, label: PHASE_LABELS[p].replace(/^\w/, (c) => c.toLowerCase()).replace('lSB', 'LSB') }));

const DECOMPOSITIONS: readonly Decomposition[] = [
  {
    metric: 'energyPerEpoch',
    label: 'Energy per epoch',
    unit: 'J',
    parts: [...PHASE_PARTS('energy'), { key: 'leakageEnergy', label: 'leakage' }],
    // The cost model charges all DRAM traffic to the weight-gradient phase.
    inside: { of: 'energy.wg', key: 'energyByComponent.dram', label: 'DRAM traffic' },
  },
  { metric: 'latencyPerEpoch', label: 'Latency per epoch', unit: 's', parts: PHASE_PARTS('latency') },
  { metric: 'area', label: 'Chip area', unit: 'm^2', parts: ['array', 'adc', 'accumulation', 'interconnect', 'wgUnit', 'other'].map((k) => ({ key: `area.${k}`, label: componentLabel(k) })) },
];

/** The ratio case of one HPS point and its twin, or null when a part is missing. */
function caseOf(d: Decomposition, h: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): RatioCase | null {
  const ht = h[d.metric];
  const bt = b[d.metric];
  if (ht === undefined || bt === undefined) return null;
  const parts: Part[] = [];
  for (const p of d.parts) {
    const x = h[p.key] ?? 0;
    const y = b[p.key] ?? 0;
    if (x !== 0 || y !== 0) parts.push({ label: p.label, hps: x, baseline: y });
  }
  if (!parts.length) return null;
  const sum = (f: (p: Part) => number): number => parts.reduce((s, p) => s + f(p), 0);
  // Parts must add up to the total: a point that stores only some of them (an older result) is not
  // explained rather than explained wrongly; a rounding-sized rest is named.
  const rh = ht - sum((p) => p.hps);
  const rb = bt - sum((p) => p.baseline);
  if (Math.abs(rh) > 0.01 * ht || Math.abs(rb) > 0.01 * bt) return null;
  if (Math.abs(rh) > 1e-6 * ht || Math.abs(rb) > 1e-6 * bt) parts.push({ label: 'the unattributed rest', hps: Math.max(rh, 0), baseline: Math.max(rb, 0) });
  const inside = d.inside && h[d.inside.key] !== undefined && b[d.inside.key] !== undefined ? { of: d.parts.find((p) => p.key === d.inside!.of)!.label, label: d.inside.label, hps: h[d.inside.key]!, baseline: b[d.inside.key]! } : undefined;
  return { metric: d.label, unit: d.unit, hpsTotal: ht, baselineTotal: bt, parts, ...(inside ? { inside } : {}) };
}

export interface RatioPair {
  readonly hps: { readonly idx: number; readonly knobs: string; readonly metrics: Readonly<Record<string, number>> };
  readonly baseline: { readonly idx: number; readonly metrics: Readonly<Record<string, number>> };
}

/**
 * Sentences for the report summary: for energy, latency and area, the pair whose ratio is the
 * geometric mean's nearest (the typical pair), and the pairs with the lowest and the highest ratio
 * when the ratios spread by more than 1 %.
 */
export function ratioExplanations(pairs: readonly RatioPair[]): string[] {
  const out: string[] = [];
  for (const d of DECOMPOSITIONS) {
    const cases = pairs
      .map((p) => ({ p, c: caseOf(d, p.hps.metrics, p.baseline.metrics) }))
      .filter((x): x is { p: RatioPair; c: RatioCase } => x.c !== null && x.c.hpsTotal > 0 && x.c.baselineTotal > 0);
    if (!cases.length) continue;
    const logs = cases.map((x) => Math.log(x.c.hpsTotal / x.c.baselineTotal));
    const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
    const at = (i: number): number => logs[i]!;
    const byLog = cases.map((_, i) => i).sort((i, j) => at(i) - at(j) || cases[i]!.p.hps.idx - cases[j]!.p.hps.idx);
    const typical = [...byLog].sort((i, j) => Math.abs(at(i) - mean) - Math.abs(at(j) - mean))[0]!;
    const say = (i: number, lead: string): void => {
      const { p, c } = cases[i]!;
      const s = explainRatio({ ...c, who: `${lead} #${p.hps.idx}${p.hps.knobs ? ` (${p.hps.knobs})` : ''} and twin #${p.baseline.idx}` });
      if (s) out.push(s);
    };
    const spread = at(byLog[byLog.length - 1]!) - at(byLog[0]!) > Math.log(1.01);
    say(typical, cases.length > 1 ? (spread ? 'for the typical pair,' : `for all ${cases.length} pairs alike, e.g.`) : 'for the pair,');
    if (spread) {
      if (byLog[0] !== typical) say(byLog[0]!, 'at the lowest ratio,');
      if (byLog[byLog.length - 1] !== typical) say(byLog[byLog.length - 1]!, 'at the highest ratio,');
    }
  }
  return out;
}

/**
 * Chart-ready view of a cost result: either a full CostResult (src/core/cost/types.ts, as stored
 * with a training run) or the flat metric record stored with every design point (the keys of the
 * cost metric catalog: 'energy.wu', 'energyByComponent.dram', 'area.adc' ...). Read defensively:
 * missing parts become empty, so a newer or older cost model never breaks the page.
 */
import { isRecord } from './studyDraft';

export const PHASES = ['fw', 'ag', 'wg', 'wu', 'transfer'] as const;
export const PHASE_LABELS: Record<string, string> = { fw: 'Feed-forward', ag: 'Activation gradient', wg: 'Weight gradient', wu: 'Weight update', transfer: 'Transfer', leakage: 'Leakage' };

export interface CostView {
  ok: boolean;
  reason?: string;
  energy: number | null;
  latency: number | null;
  area: number | null;
  topsPerWatt: number | null;
  tops: number | null;
  energyByPhase: Record<string, number>;
  latencyByPhase: Record<string, number>;
  energyByComponent: Record<string, number>;
  latencyByComponent: Record<string, number>;
  areaByComponent: Record<string, number>;
  layers: { name: string; energy: Record<string, number>; latency: Record<string, number>; tiles?: number; subArrays?: number }[];
  assumptions: string[];
  warnings: string[];
  estimator: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
function numbers(v: unknown, only?: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (only && !only.includes(k)) continue;
    if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  }
  return out;
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function costView(raw: unknown): CostView {
  let r: unknown = raw;
  if (isRecord(r) && isRecord(r.cost) && !('energy' in r)) r = r.cost;
  const o = isRecord(r) ? r : {};
  const energy = isRecord(o.energy) ? o.energy : {};
  const latency = isRecord(o.latency) ? o.latency : {};
  const area = isRecord(o.area) ? o.area : {};
  const energyByPhase = numbers(energy, [...PHASES]);
  if (num(energy.leakage)) energyByPhase.leakage = energy.leakage as number;
  return {
    ok: o.ok !== false,
    reason: typeof o.reason === 'string' ? o.reason : undefined,
    energy: num(energy.total) ?? num(o.energyPerEpoch) ?? num(o.energy),
    latency: num(latency.total) ?? num(o.latencyPerEpoch) ?? num(o.latency),
    area: num(area.total) ?? num(o.area),
    topsPerWatt: num(o.topsPerWatt),
    tops: num(o.tops),
    energyByPhase,
    latencyByPhase: numbers(latency, [...PHASES]),
    energyByComponent: numbers(o.energyByComponent),
    latencyByComponent: numbers(o.latencyByComponent),
    areaByComponent: numbers(area.byComponent),
    layers: Array.isArray(o.layers)
      ? o.layers.filter(isRecord).map((l, i) => ({
          name: typeof l.name === 'string' ? l.name : `layer ${i + 1}`,
          energy: numbers(l.energy),
          latency: numbers(l.latency),
          tiles: num(l.tiles) ?? undefined,
          subArrays: num(l.subArrays) ?? undefined,
        }))
      : [],
    assumptions: strings(o.assumptions),
    warnings: strings(o.warnings),
    estimator: typeof o.estimator === 'string' ? o.estimator : '',
  };
}

/** Values of flat keys '<prefix>.<name>' as { name: value } (only `only` names when given). */
function prefixed(m: Record<string, number>, prefix: string, only?: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) {
    if (!k.startsWith(`${prefix}.`) || !Number.isFinite(v)) continue;
    const name = k.slice(prefix.length + 1);
    if (!only || only.includes(name)) out[name] = v;
  }
  return out;
}

/**
 * The view of a design point's stored metrics (what the CSV, the PDF and the Pareto view read). A
 * flat record has no per-layer split, assumptions or warnings: those come from the run's stored
 * cost result where there is one (`withDetails`).
 */
export function costViewFromMetrics(m: Record<string, number> | null | undefined): CostView | null {
  if (!m) return null;
  const n = (k: string): number | null => num(m[k]);
  const energyByPhase = prefixed(m, 'energy', PHASES);
  if (num(m.leakageEnergy)) energyByPhase.leakage = m.leakageEnergy!;
  return {
    ok: true,
    energy: n('energyPerEpoch'),
    latency: n('latencyPerEpoch'),
    area: n('area'),
    topsPerWatt: n('topsPerWatt'),
    tops: n('tops'),
    energyByPhase,
    latencyByPhase: prefixed(m, 'latency', PHASES),
    energyByComponent: prefixed(m, 'energyByComponent'),
    latencyByComponent: prefixed(m, 'latencyByComponent'),
    areaByComponent: prefixed(m, 'area'),
    layers: [],
    assumptions: [],
    warnings: [],
    estimator: '',
  };
}

/** The stored view with the per-layer split, assumptions and warnings of a full result of the same pricing. */
export function withDetails(v: CostView, full: CostView): CostView {
  return { ...v, layers: full.layers, assumptions: full.assumptions, warnings: full.warnings, estimator: full.estimator };
}

/** Do two views state the same totals (relative 1e-9)? A full result only details a stored one it reproduces. */
export function sameTotals(a: CostView, b: CostView): boolean {
  const same = (x: number | null, y: number | null): boolean => x !== null && y !== null && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  return same(a.energy, b.energy) && same(a.latency, b.latency) && same(a.area, b.area);
}

export const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

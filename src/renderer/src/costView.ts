/**
 * Chart-ready view of a cost:evaluate result (src/core/cost/types.ts CostResult), read
 * defensively: missing parts become empty, so a newer or older cost model never breaks the page.
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

export const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

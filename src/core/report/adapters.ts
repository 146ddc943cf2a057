/**
 * The one place where the report reads shapes owned by other modules: the study document
 * (core/dse), cost results (core/cost), the metric catalog, presets and the bibliography.
 * Everything is read defensively: a field that is missing or of an unexpected type is skipped,
 * never trusted, so a report still renders for a study written by an older or newer version.
 */
import { BIBLIOGRAPHY, formatCitation, isBibKey } from '../bib';
import { costMetricCatalog } from '../cost/catalog';
import { DEVICE_PRESETS } from '../devices/presets';
import { paretoFront, type Direction } from '../dse/pareto';

// ---- small readers ------------------------------------------------------------------------------

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Value at a dot path ('a.b.c') in a plain object, or undefined. */
export function getAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

// ---- study document -----------------------------------------------------------------------------

export interface KnobView {
  readonly path: string;
  readonly type: string;
  readonly label: string;
  readonly values?: readonly unknown[];
  readonly min?: number;
  readonly max?: number;
  readonly steps?: number;
  readonly scale?: string;
}

export interface ObjectiveView {
  readonly metric: string;
  readonly direction: Direction;
}

export interface ConstraintView {
  readonly metric: string;
  readonly op: string;
  readonly value: number;
}

export interface StudyView {
  readonly base: unknown;
  readonly iso: readonly string[];
  readonly knobs: readonly KnobView[];
  readonly sampler: { readonly kind: string; readonly samples?: number; readonly seed?: number } | null;
  readonly objectives: readonly ObjectiveView[];
  readonly constraints: readonly ConstraintView[];
  readonly evaluation: string | null;
  readonly baseline: unknown;
}

export function studyView(spec: unknown): StudyView {
  const s = isObj(spec) ? spec : {};
  const knobs: KnobView[] = [];
  if (Array.isArray(s.knobs)) {
    for (const k of s.knobs) {
      if (!isObj(k) || typeof k.path !== 'string') continue;
      knobs.push({
        path: k.path,
        type: str(k.type) ?? 'numeric',
        label: str(k.label) ?? k.path,
        values: Array.isArray(k.values) ? k.values : undefined,
        min: num(k.min),
        max: num(k.max),
        steps: num(k.steps),
        scale: str(k.scale),
      });
    }
  }
  const objectives: ObjectiveView[] = [];
  if (Array.isArray(s.objectives)) {
    for (const o of s.objectives) {
      if (isObj(o) && typeof o.metric === 'string') objectives.push({ metric: o.metric, direction: o.direction === 'max' ? 'max' : 'min' });
    }
  }
  const constraints: ConstraintView[] = [];
  if (Array.isArray(s.constraints)) {
    for (const c of s.constraints) {
      if (isObj(c) && typeof c.metric === 'string' && typeof c.op === 'string' && num(c.value) !== undefined)
        constraints.push({ metric: c.metric, op: c.op, value: c.value as number });
    }
  }
  const sampler = isObj(s.sampler) && typeof s.sampler.kind === 'string' ? { kind: s.sampler.kind, samples: num(s.sampler.samples), seed: num(s.sampler.seed) } : null;
  return {
    base: s.base,
    iso: strs(s.iso),
    knobs,
    sampler,
    objectives,
    constraints,
    evaluation: str(s.evaluation) ?? null,
    baseline: s.baseline,
  };
}

/** Does a value satisfy a constraint (missing value: no)? */
export function satisfies(value: number | undefined, c: ConstraintView): boolean {
  if (value === undefined || !Number.isFinite(value)) return false;
  switch (c.op) {
    case '<=':
      return value <= c.value;
    case '>=':
      return value >= c.value;
    case '<':
      return value < c.value;
    case '>':
      return value > c.value;
    default:
      return true;
  }
}

/** Indices (into `objs`) of the non-dominated vectors, via core/dse/pareto. */
export function frontIndices(objs: readonly (readonly number[])[], directions: readonly Direction[]): number[] {
  if (objs.length === 0) return [];
  return paretoFront(objs, directions);
}

// ---- metrics ------------------------------------------------------------------------------------

export interface MetricInfo {
  readonly key: string;
  readonly label: string;
  /** SI unit ('J', 's', 'm^2', 'fraction', 'TOPS/W', '') understood by units.ts. */
  readonly unit: string;
  readonly direction: Direction;
  /** Accuracy-like metrics compare by difference, others by ratio (core/dse/summary). */
  readonly compare: 'ratio' | 'difference';
}

const KNOWN_LABELS: Readonly<Record<string, string>> = {
  energyPerEpoch: 'Energy per epoch',
  latencyPerEpoch: 'Latency per epoch',
  area: 'Chip area',
  accuracy: 'Accuracy',
  accuracyMsbOnly: 'Accuracy, non-volatile, MSB only (LSB lost)',
  accuracyNonVolatile: 'Accuracy, non-volatile, MSB only (LSB lost)',
  accuracyAfterFlush: 'Accuracy, non-volatile after flushing the LSB into the MSB',
  learningRate: 'Learning rate (tuned or fixed)',
  topsPerWatt: 'Energy efficiency',
  tops: 'Throughput',
};

/** Metric description: from the cost metric catalog (or the one given), else inferred from the key. */
export function metricInfo(key: string, catalog: unknown = costMetricCatalog): MetricInfo {
  const entry = isObj(catalog) ? catalog[key] : undefined;
  const accuracy = key.toLowerCase().includes('accuracy');
  let unit: string;
  let direction: Direction;
  const k = key.toLowerCase();
  if (accuracy) [unit, direction] = ['fraction', 'max'];
  else if (k.includes('topsperw') || k.includes('tops/w') || k.includes('efficiency')) [unit, direction] = ['TOPS/W', 'max'];
  else if (k === 'tops' || k.includes('throughput')) [unit, direction] = ['TOPS', 'max'];
  else if (k.includes('energy')) [unit, direction] = ['J', 'min'];
  else if (k.includes('latency') || k.includes('time')) [unit, direction] = ['s', 'min'];
  else if (k.includes('area')) [unit, direction] = ['m^2', 'min'];
  else if (k.includes('power')) [unit, direction] = ['W', 'min'];
  else if (k.includes('loss')) [unit, direction] = ['', 'min'];
  else [unit, direction] = ['', 'min'];
  let label = KNOWN_LABELS[key] ?? key;
  if (isObj(entry)) {
    label = str(entry.label) ?? label;
    unit = str(entry.unit) ?? unit;
    if (entry.direction === 'min' || entry.direction === 'max') direction = entry.direction;
  }
  return { key, label, unit: normaliseUnit(unit), direction, compare: accuracy ? 'difference' : 'ratio' };
}

function normaliseUnit(u: string): string {
  if (u === 'm2' || u === 'm²') return 'm^2';
  if (u === '%' || u === '1' || u === 'ratio') return u === '%' ? 'fraction' : '';
  return u;
}

// ---- cost results -------------------------------------------------------------------------------

export const PHASES = ['fw', 'ag', 'wg', 'wu', 'transfer'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  fw: 'Forward (FW)',
  ag: 'Activation gradient (AG)',
  wg: 'Weight gradient (WG)',
  wu: 'Weight update (WU)',
  transfer: 'LSB→MSB transfer',
};

const QUANTITIES = ['energy', 'latency', 'area'] as const;
export type Quantity = (typeof QUANTITIES)[number];
export const QUANTITY_UNIT: Readonly<Record<Quantity, string>> = { energy: 'J', latency: 's', area: 'm^2' };

export interface BreakdownRow {
  readonly name: string;
  readonly energy?: number;
  readonly latency?: number;
  readonly area?: number;
}

export interface CostView {
  readonly ok: boolean | null;
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
  readonly phases: readonly BreakdownRow[];
  readonly layers: readonly BreakdownRow[];
  readonly components: readonly BreakdownRow[];
}

/** Every finite numeric leaf of a JSON value with its path segments. */
export function numericLeaves(v: unknown, prefix: string[] = [], out: { path: string[]; value: number }[] = []): { path: string[]; value: number }[] {
  if (typeof v === 'number' && Number.isFinite(v)) out.push({ path: prefix, value: v });
  else if (Array.isArray(v)) v.forEach((x, i) => numericLeaves(x, [...prefix, String(i)], out));
  else if (isObj(v)) for (const [k, x] of Object.entries(v)) numericLeaves(x, [...prefix, ...k.split('.')], out);
  return out;
}

const quantityOf = (seg: string): Quantity | undefined => {
  const s = seg.toLowerCase();
  for (const q of QUANTITIES) if (s === q || s.startsWith(q)) return q;
  return undefined;
};
const phaseOf = (seg: string): Phase | undefined => {
  const s = seg.toLowerCase();
  return (PHASES as readonly string[]).includes(s) ? (s as Phase) : undefined;
};
const isLayerSeg = (s: string): boolean => /^(layers?|perlayer|bylayer)$/i.test(s);
const isComponentSeg = (s: string): boolean => /^(components?|percomponent|breakdown)$|bycomponent$/i.test(s);

/**
 * Read a cost result (or a flat metric record with dotted keys such as 'energy.fw') into phase,
 * layer and component tables. The cost model's exact nesting is not assumed: a numeric leaf is
 * classified by the segments on its path (a phase name fw/ag/wg/wu/transfer, a quantity
 * energy/latency/area, a layers/components container).
 */
export function costView(cost: unknown): CostView {
  const c = isObj(cost) ? cost : {};
  const ok = typeof c.ok === 'boolean' ? c.ok : null;
  const assumptions = [...strs(c.assumptions), ...strs(getAt(c, 'metrics.assumptions'))];
  const warnings = [...messages(c.warnings), ...messages(getAt(c, 'metrics.warnings')), ...messages(c.messages)];
  const root = isObj(c.metrics) ? c.metrics : c;
  const phases = new Map<string, Record<string, number>>();
  const layers = new Map<string, Record<string, number>>();
  const components = new Map<string, Record<string, number>>();
  const layerTotals = new Set<string>();
  for (const { path, value } of numericLeaves(root)) {
    const q = path.map(quantityOf).find((x) => x !== undefined);
    if (!q) continue;
    const li = path.findIndex(isLayerSeg);
    const ci = path.findIndex(isComponentSeg);
    if (li >= 0 && path[li + 1] !== undefined) {
      const raw = path[li + 1]!;
      const name = /^\d+$/.test(raw) ? layerName(root, path.slice(0, li + 2), Number(raw)) : raw;
      if (quantityOf(raw) || phaseOf(raw)) continue;
      const row = layers.get(name) ?? {};
      // Per-layer per-phase leaves (layers.0.energy.fw) add up to the layer total unless the
      // layer states its total (layers.0.energy.total or layers.0.energy).
      const isTotal = path.length === li + 3 || path.some((s) => /^total$/i.test(s));
      if (isTotal) {
        row[q] = value;
        layerTotals.add(`${name}\u0000${q}`);
      } else if (!layerTotals.has(`${name}\u0000${q}`)) row[q] = (row[q] ?? 0) + value;
      layers.set(name, row);
      continue;
    }
    if (ci >= 0) {
      const rest = path.slice(ci + 1).filter((s) => !quantityOf(s) && !/^\d+$/.test(s));
      const name = rest.join('.');
      if (!name) continue;
      const row = components.get(name) ?? {};
      row[q] = (row[q] ?? 0) + value;
      components.set(name, row);
      continue;
    }
    // Flat metric records: 'area.adc' is the area of a component.
    if (q === 'area' && path.length === 2 && path[0] === 'area' && !/^total$/i.test(path[1]!)) {
      const row = components.get(path[1]!) ?? {};
      row.area = value;
      components.set(path[1]!, row);
      continue;
    }
    const p = path.map(phaseOf).find((x) => x !== undefined);
    if (p) {
      const row = phases.get(p) ?? {};
      if (row[q] === undefined) row[q] = value;
      phases.set(p, row);
    }
  }
  const rows = (m: Map<string, Record<string, number>>): BreakdownRow[] => [...m.entries()].map(([name, r]) => ({ name, ...r }));
  const phaseRows = PHASES.filter((p) => phases.has(p)).map((p) => ({ name: p, ...phases.get(p)! }));
  return { ok, assumptions: dedupe(assumptions), warnings: dedupe(warnings), phases: phaseRows, layers: rows(layers), components: rows(components) };
}

function layerName(root: unknown, path: string[], i: number): string {
  const obj = getAt(root, path.join('.'));
  const n = isObj(obj) ? (str(obj.name) ?? str(obj.id) ?? str(obj.layer)) : undefined;
  return n ?? `L${i + 1}`;
}

function messages(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((m) => (typeof m === 'string' ? [m] : isObj(m) && typeof m.message === 'string' ? [m.message] : []));
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

// ---- citations ----------------------------------------------------------------------------------

export interface Citation {
  readonly key: string;
  readonly text: string;
  /** Why it is cited ('cost model', 'device preset ag-a-si'...). */
  readonly usedFor: string;
}

/** Device preset ids named anywhere in a run config (synapse.device, synapse.lsb) or a knob value. */
export function presetIdsIn(config: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v)) {
      if (typeof v.preset === 'string') out.push(v.preset);
      for (const x of Object.values(v)) visit(x);
    }
  };
  visit(config);
  return out;
}

const DATASET_CITATION: Readonly<Record<string, string>> = {
  bundled: 'xiao-2017',
  'fashion-mnist': 'xiao-2017',
  mnist: 'lecun-1998',
  cifar10: 'krizhevsky-2009',
};

/**
 * Citations for the models used: the cost model and HPS references always, each device preset
 * named in the configs (through its preset's citation key), and the dataset.
 */
export function citationsFor(configs: readonly unknown[], hasAccuracy: boolean): Citation[] {
  const used = new Map<string, string[]>();
  const add = (key: string, why: string): void => {
    if (!isBibKey(key)) return;
    const list = used.get(key) ?? [];
    if (!list.includes(why)) list.push(why);
    used.set(key, list);
  };
  add('dnn-neurosim-v2', 'cost model (area, energy, latency of training phases)');
  add('mlp-neurosim-v3', 'hybrid-precision synapse cost and transfer conventions');
  add('luo-yu-2020', 'HPS versus eNVM-only comparison methodology');
  const presets = new Set<string>();
  const datasets = new Set<string>();
  for (const cfg of configs) {
    for (const id of presetIdsIn(cfg)) presets.add(id);
    const ds = getAt(cfg, 'workload.dataset.source');
    if (typeof ds === 'string') datasets.add(ds);
  }
  for (const id of [...presets].sort()) {
    const p = Object.prototype.hasOwnProperty.call(DEVICE_PRESETS, id) ? DEVICE_PRESETS[id] : undefined;
    if (p) add(p.citation, `device preset ${id} (${p.title})`);
  }
  if (hasAccuracy) for (const ds of [...datasets].sort()) if (DATASET_CITATION[ds]) add(DATASET_CITATION[ds]!, `dataset (${ds})`);
  return [...used.entries()].map(([key, why]) => ({ key, text: isBibKey(key) ? formatCitation(key) : key, usedFor: why.join('; ') }));
}

/** Title of a device preset (for tables), or the id itself. */
export function presetTitle(id: string): string {
  const p = Object.prototype.hasOwnProperty.call(DEVICE_PRESETS, id) ? DEVICE_PRESETS[id] : undefined;
  return p ? p.title : id;
}

export const BIB_SIZE = Object.keys(BIBLIOGRAPHY).length;

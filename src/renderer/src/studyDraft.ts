/**
 * The study document the wizard edits, mirroring src/core/dse/study.ts (types restated here so the
 * renderer depends only on the contract and the run-config schema), plus pure helpers: dot-path
 * get/set, the diff of a config against defaults, and a local estimate of the number of points.
 */
import { runConfigSchema, type RunConfig, type DeviceSpec } from '../../core/config/schema';

export type KnobType = 'numeric' | 'integer' | 'categorical';
export interface KnobDraft {
  path: string;
  type: KnobType;
  label?: string;
  values?: (string | number | boolean | null)[];
  min?: number;
  max?: number;
  steps?: number;
  scale: 'linear' | 'log';
}
export interface ObjectiveDraft {
  metric: string;
  direction: 'min' | 'max';
}
export interface ConstraintDraft {
  metric: string;
  op: '<=' | '>=' | '<' | '>';
  value: number;
}
export interface StudyDraft {
  name: string;
  description: string;
  tags: string[];
  base: RunConfig;
  iso: string[];
  knobs: KnobDraft[];
  sampler: { kind: 'grid' | 'random' | 'lhs'; samples?: number; seed: number };
  objectives: ObjectiveDraft[];
  constraints: ConstraintDraft[];
  evaluation: 'cost' | 'cost+accuracy';
  /** cost+accuracy: search every run's learning rate ('tuned', the default) or train all at base.training.learningRate. */
  learningRate: 'tuned' | 'fixed';
  /** Replicates per point (seeds base.seed, base.seed + 1, ...). */
  seeds: number;
  baseline: { scheme: 'baseline'; device?: DeviceSpec; mapping?: 'reference' | 'differential' };
}

/** What a new study starts from, as the server states it (studies:defaults). */
export interface StudyDefaults {
  iso: string[];
  config: unknown;
}

export function defaultConfig(): RunConfig {
  return runConfigSchema.parse({});
}

/**
 * A blank draft. The iso set and base config come from the server's defaults; without them (still
 * loading) the iso set is empty and the base is the run-config schema's defaults.
 */
export function newDraft(defaults?: StudyDefaults | null): StudyDraft {
  const parsed = defaults ? runConfigSchema.safeParse(defaults.config) : null;
  const base = parsed?.success ? parsed.data : defaultConfig();
  return {
    name: 'New study',
    description: '',
    tags: [],
    // ReLU hidden units: with the sigmoid of MLP+NeuroSim (all-positive features, no biases) a
    // few-level eNVM moves whole output columns together and a short eNVM-only run stays near chance.
    base: { ...base, workload: { ...base.workload, hiddenActivation: base.workload.hiddenActivation ?? 'relu' } },
    iso: [...(defaults?.iso ?? [])],
    knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [500, 2000, 8000], scale: 'linear' }],
    sampler: { kind: 'grid', seed: 1 },
    objectives: [
      { metric: 'energyPerEpoch', direction: 'min' },
      { metric: 'latencyPerEpoch', direction: 'min' },
    ],
    constraints: [],
    evaluation: 'cost',
    learningRate: 'tuned',
    seeds: 1,
    baseline: { scheme: 'baseline' },
  };
}

/** Load a template or stored study spec into a draft, keeping defaults for what it omits. */
export function draftFromSpec(spec: unknown, defaults?: StudyDefaults | null): StudyDraft {
  const d = newDraft(defaults);
  if (!isRecord(spec)) return d;
  const base = runConfigSchema.safeParse(spec.base ?? {});
  return {
    name: typeof spec.name === 'string' ? spec.name : d.name,
    description: typeof spec.description === 'string' ? spec.description : '',
    tags: Array.isArray(spec.tags) ? spec.tags.filter((t): t is string => typeof t === 'string') : [],
    base: base.success ? base.data : d.base,
    iso: Array.isArray(spec.iso) ? spec.iso.filter((t): t is string => typeof t === 'string') : d.iso,
    knobs: Array.isArray(spec.knobs) ? (spec.knobs as KnobDraft[]).map((k) => ({ ...k, scale: k.scale ?? 'linear' })) : [],
    sampler: isRecord(spec.sampler) ? ({ seed: 1, ...spec.sampler } as StudyDraft['sampler']) : d.sampler,
    objectives: Array.isArray(spec.objectives) ? (spec.objectives as ObjectiveDraft[]) : d.objectives,
    constraints: Array.isArray(spec.constraints) ? (spec.constraints as ConstraintDraft[]) : [],
    evaluation: spec.evaluation === 'cost+accuracy' ? 'cost+accuracy' : 'cost',
    learningRate: spec.learningRate === 'fixed' ? 'fixed' : 'tuned',
    seeds: typeof spec.seeds === 'number' && Number.isInteger(spec.seeds) && spec.seeds >= 1 ? spec.seeds : 1,
    baseline: isRecord(spec.baseline) ? ({ scheme: 'baseline', ...spec.baseline } as StudyDraft['baseline']) : d.baseline,
  };
}

/** The JSON document sent to studies:validate / studies:create. */
export function specOf(d: StudyDraft): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    name: d.name,
    tags: d.tags,
    base: d.base,
    iso: d.iso,
    knobs: d.knobs.map(cleanKnob),
    sampler: d.sampler.kind === 'grid' ? { kind: 'grid', seed: d.sampler.seed } : { ...d.sampler },
    objectives: d.objectives,
    constraints: d.constraints,
    evaluation: d.evaluation,
    learningRate: d.learningRate,
    baseline: d.baseline,
  };
  if (d.seeds > 1) spec.seeds = d.seeds;
  if (d.description) spec.description = d.description;
  return spec;
}

function cleanKnob(k: KnobDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { path: k.path, type: k.type };
  if (k.label) out.label = k.label;
  if (k.values && k.values.length) out.values = k.values;
  else if (k.type !== 'categorical') {
    out.min = k.min;
    out.max = k.max;
    if (k.steps !== undefined) out.steps = k.steps;
  }
  if (k.type !== 'categorical') out.scale = k.scale;
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Immutable set at a dot path (objects along the path are copied). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const segs = path.split('.');
  const rec = (node: unknown, i: number): unknown => {
    const seg = segs[i]!;
    if (seg === '__proto__' || seg === 'constructor' || seg === 'prototype') throw new RangeError(`bad path segment ${seg}`);
    const copy: Record<string, unknown> = isRecord(node) ? { ...node } : {};
    copy[seg] = i === segs.length - 1 ? value : rec(copy[seg], i + 1);
    return copy;
  };
  return rec(obj, 0) as T;
}

export interface ConfigChange {
  path: string;
  from: unknown;
  to: unknown;
}

/** Leaf-by-leaf differences of `config` against `defaults` (arrays compared as wholes). */
export function diffConfig(config: unknown, defaults: unknown, prefix = ''): ConfigChange[] {
  const out: ConfigChange[] = [];
  if (isRecord(config) || isRecord(defaults)) {
    const a = isRecord(config) ? config : {};
    const b = isRecord(defaults) ? defaults : {};
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) out.push(...diffConfig(a[k], b[k], prefix ? `${prefix}.${k}` : k));
    return out;
  }
  if (JSON.stringify(config) !== JSON.stringify(defaults)) out.push({ path: prefix, from: defaults, to: config });
  return out;
}

/** Values one knob takes on a grid (mirrors core/dse/samplers knobAxisValues). */
export function knobAxis(k: KnobDraft): unknown[] {
  if (k.values && k.values.length) return k.values;
  if (k.min === undefined || k.max === undefined) return [];
  const n = k.steps ?? 1;
  if (n <= 1) return [k.min];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    let v = k.scale === 'log' && k.min > 0 && k.max > 0 ? Math.exp(Math.log(k.min) + t * (Math.log(k.max) - Math.log(k.min))) : k.min + t * (k.max - k.min);
    if (k.type === 'integer') v = Math.round(v);
    out.push(v);
  }
  return k.type === 'integer' ? [...new Set(out)] : out;
}

/**
 * A numeric knob switched to a range: the bounds are its values' smallest and largest (1 ... 10
 * without values), 3 steps, stored at once, so what the form shows is what the study gets.
 */
export function knobToRange(k: KnobDraft): KnobDraft {
  const nums = (k.values ?? []).filter((v): v is number => typeof v === 'number');
  const { values: _v, ...rest } = k;
  return { ...rest, min: nums.length ? Math.min(...nums) : 1, max: nums.length ? Math.max(...nums) : 10, steps: 3 };
}

/** A ranged knob switched to explicit values: the values of its grid. */
export function knobToValues(k: KnobDraft): KnobDraft {
  const { min: _a, max: _b, steps: _c, ...rest } = k;
  return { ...rest, values: knobAxis(k) as KnobDraft['values'] };
}

/** Local estimate of samples (before baseline twins); the server's studies:validate is authoritative. */
export function estimateSamples(d: StudyDraft): number {
  if (d.sampler.kind !== 'grid') return d.sampler.samples ?? 0;
  return d.knobs.reduce((n, k) => n * Math.max(1, knobAxis(k).length), 1);
}

/** The full run config of one point: the study base with the point's knob values applied. */
export function configOfPoint(spec: unknown, knobs: Record<string, unknown>): RunConfig | null {
  if (!isRecord(spec)) return null;
  let cfg: unknown = spec.base ?? {};
  for (const [path, value] of Object.entries(knobs)) cfg = setPath(cfg, path, value);
  const r = runConfigSchema.safeParse(cfg);
  return r.success ? r.data : null;
}

/** The eNVM-only twin of an HPS config, as the study's baseline section describes it. */
export function baselineOf(config: RunConfig, baseline?: StudyDraft['baseline']): RunConfig {
  let c: RunConfig = setPath(config, 'synapse.scheme', 'baseline');
  if (baseline?.device) c = setPath(c, 'synapse.device', baseline.device);
  if (baseline?.mapping) c = setPath(c, 'synapse.mapping', baseline.mapping);
  return c;
}

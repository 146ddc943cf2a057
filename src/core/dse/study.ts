/**
 * A study: a base run config (the iso set plus defaults), the free knobs swept around it, how they
 * are sampled, what is optimised and constrained, and the eNVM-only baseline every point is
 * compared against. Study files are validated by a strict schema: unknown keys are rejected and
 * every error names the field path and the bad value (`parseStudy` throws a ConfigError).
 *
 * Checks beyond the field types (all reported with their path):
 *  - knob and iso paths name RunConfig fields (optional fields included);
 *  - no knob overlaps another knob or the iso set (a swept field cannot be held fixed);
 *  - the iso set does not contain what the baseline twin changes (synapse.scheme, and the device or
 *    mapping when the baseline sets them);
 *  - every explicit knob value, every grid value and both ends of every range validate against the
 *    RunConfig schema when applied to the base;
 *  - grid sampling needs `steps` on ranges; random and LHS need `samples`;
 *  - accuracy objectives or constraints need evaluation 'cost+accuracy'.
 */
import { z } from 'zod';
import { deviceSpecSchema, runConfigSchema, userDeviceSchema, userPresetIdSchema } from '../config/schema';
import { ConfigError, type ConfigIssue } from '../errors';
import { isConfigPath, pathsOverlap, setPath } from './paths';
import { gridSize, knobAxisValues } from './samplers';

/** Iso set used when a study does not give one: what must match for a fair comparison. */
export const DEFAULT_ISO_PATHS = [
  'workload.network',
  'workload.dataset',
  'circuit.node',
  'circuit.roadmap',
  'training.quant',
  'circuit.inputBits',
  'circuit.cellBits',
  'circuit.weightBits',
] as const;

/** Upper bound on the samples a study may expand to (before baseline twins). */
export const MAX_STUDY_SAMPLES = 1_000_000;

const pathString = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, { message: 'expected a dot path such as synapse.transfer.everyImages' });

const metricName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, { message: 'expected a metric key such as energyPerEpoch' });

export const knobSchema = z.strictObject({
  path: pathString.describe('Dot path into the RunConfig, e.g. synapse.transfer.everyImages'),
  type: z.enum(['numeric', 'integer', 'categorical']),
  label: z.string().max(100).optional().describe('Axis label for plots (defaults to the path)'),
  values: z.array(z.json()).min(1).max(10000).optional().describe('Explicit values (required for categorical)'),
  min: z.number().optional(),
  max: z.number().optional(),
  steps: z.number().int().min(1).max(10000).optional().describe('Grid: number of values from min to max'),
  scale: z.enum(['linear', 'log']).default('linear'),
});
export type Knob = z.output<typeof knobSchema>;
export type KnobInput = z.input<typeof knobSchema>;
export type KnobValue = z.output<typeof z.json>;

export const samplerSchema = z.strictObject({
  kind: z.enum(['grid', 'random', 'lhs']),
  samples: z.number().int().min(1).max(MAX_STUDY_SAMPLES).optional().describe('Random / LHS: number of samples'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
});

export const objectiveSchema = z.strictObject({
  metric: metricName.describe('accuracy, energyPerEpoch, latencyPerEpoch, area or any cost output key'),
  direction: z.enum(['min', 'max']),
});
export type Objective = z.output<typeof objectiveSchema>;

export const constraintSchema = z.strictObject({
  metric: metricName,
  op: z.enum(['<=', '>=', '<', '>']),
  value: z.number().refine(Number.isFinite, { message: 'expected a finite number' }),
});
export type Constraint = z.output<typeof constraintSchema>;

export const baselineSchema = z.strictObject({
  scheme: z.literal('baseline').default('baseline'),
  device: deviceSpecSchema.optional().describe('eNVM of the baseline (default: the point\'s own eNVM)'),
  mapping: z.enum(['reference', 'differential']).optional(),
});

export const executorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('local'),
    workers: z.number().int().min(1).max(1024).optional().describe('Worker threads (default: CPUs - 1)'),
  }),
  z.strictObject({
    kind: z.literal('slurm'),
    shards: z.number().int().min(1).max(100000).optional().describe('Array tasks (default: one per 10,000 points)'),
    partition: z.string().min(1).max(100).optional(),
    account: z.string().min(1).max(100).optional(),
    qos: z.string().min(1).max(100).optional(),
    timeLimit: z.string().min(1).max(32).optional().describe('sbatch --time, e.g. 02:00:00'),
    cpusPerTask: z.number().int().min(1).max(1024).optional(),
    memPerCpu: z.string().min(1).max(32).optional().describe('sbatch --mem-per-cpu, e.g. 2G'),
    maxConcurrent: z.number().int().min(1).max(100000).optional().describe('Array throttle (%N)'),
    extraArgs: z.array(z.string().max(200)).max(64).optional().describe('Extra sbatch arguments'),
  }),
]);

export const isAccuracyMetric = (metric: string): boolean => metric.toLowerCase().includes('accuracy');

const studyObject = z.strictObject({
  $schema: z.string().optional().describe('JSON Schema reference for editors; ignored'),
  name: z.string().min(1).max(200),
  description: z.string().max(20000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(64).default([]),
  base: runConfigSchema.default(() => runConfigSchema.parse({})).describe('The iso set and every default'),
  iso: z.array(pathString).default([...DEFAULT_ISO_PATHS]).describe('Config paths that must match for a fair comparison'),
  knobs: z.array(knobSchema).max(64).default([]),
  sampler: samplerSchema.default({ kind: 'grid', seed: 1 }),
  objectives: z.array(objectiveSchema).min(1).max(16),
  constraints: z.array(constraintSchema).max(64).default([]),
  evaluation: z.enum(['cost', 'cost+accuracy']).default('cost'),
  learningRate: z
    .enum(['tuned', 'fixed'])
    .default('tuned')
    .describe(
      "cost+accuracy: 'tuned' searches every run's learning rate on a validation split carved from its training set (base.training.tuning options; an HPS point and its baseline twin are tuned independently); 'fixed' trains every run at base.training.learningRate",
    ),
  seeds: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Replicates per point (default base.seeds, else 1): seeds base.seed, base.seed + 1, ...; Pareto fronts and comparisons use the mean, reports give the standard deviation and 95 % interval'),
  baseline: baselineSchema.default({ scheme: 'baseline' }),
  executor: executorSchema.optional(),
  /** User presets named by preset-id knob values, as they were when the study was created. */
  userPresets: z.record(userPresetIdSchema, userDeviceSchema).optional().describe('Definitions of the user presets the knobs name (filled in when stored)'),
});

type StudyShape = z.output<typeof studyObject>;

function checkStudy(s: StudyShape, ctx: z.RefinementCtx): void {
  // zod runs refinements after non-fatal child issues too (a number out of range): then the base
  // may be invalid and applied-value checks would blame the knobs for it.
  const inherited = issueCount(ctx);
  const add = (path: (string | number)[], message: string, value: unknown): void => {
    ctx.addIssue({ code: 'custom', path, message, params: { value } });
  };

  s.iso.forEach((p, i) => {
    if (!isConfigPath(p)) add(['iso', i], `'${p}' is not a RunConfig field`, p);
    if (s.iso.indexOf(p) !== i) add(['iso', i], 'duplicate iso path', p);
    if (pathsOverlap(p, 'synapse.scheme'))
      add(['iso', i], 'the iso set cannot hold synapse.scheme: every point has a baseline twin with another scheme', p);
    if (s.baseline.device && pathsOverlap(p, 'synapse.device'))
      add(['iso', i], 'baseline.device changes synapse.device in the twin, so it cannot be in the iso set', p);
    if (s.baseline.mapping && pathsOverlap(p, 'synapse.mapping'))
      add(['iso', i], 'baseline.mapping changes synapse.mapping in the twin, so it cannot be in the iso set', p);
  });

  const badKnobs = new Set<number>();
  s.knobs.forEach((k, i) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['knobs', i, ...rest];
    const before = issueCount(ctx);
    checkKnob(k, i, at);
    if (issueCount(ctx) > before) badKnobs.add(i);
  });
  function checkKnob(k: Knob, i: number, at: (...rest: (string | number)[]) => (string | number)[]): void {
    if (!isConfigPath(k.path)) {
      add(at('path'), `'${k.path}' is not a RunConfig field`, k.path);
      return;
    }
    for (let j = 0; j < i; j++) {
      const other = s.knobs[j]!.path;
      if (pathsOverlap(k.path, other)) add(at('path'), `overlaps knobs[${j}].path '${other}'`, k.path);
    }
    s.iso.forEach((p, j) => {
      if (pathsOverlap(k.path, p))
        add(at('path'), `is held fixed by iso[${j}] '${p}'; remove it from the iso set to sweep it`, k.path);
    });

    const hasRange = k.min !== undefined || k.max !== undefined;
    if (k.type === 'categorical') {
      if (!k.values) add(at('values'), 'a categorical knob needs values', k.values);
      if (hasRange) add(at(k.min !== undefined ? 'min' : 'max'), 'a categorical knob takes values, not a range', k.min ?? k.max);
      if (k.steps !== undefined) add(at('steps'), 'a categorical knob takes values, not steps', k.steps);
      if (k.scale === 'log') add(at('scale'), 'a categorical knob has no log scale', k.scale);
    } else {
      if (k.values && hasRange) add(at('values'), 'give either values or min/max, not both', k.values);
      if (!k.values && (k.min === undefined || k.max === undefined))
        add(at(k.min === undefined ? 'min' : 'max'), 'a numeric knob needs values or both min and max', k.min ?? k.max);
      if (k.values) {
        if (k.steps !== undefined) add(at('steps'), 'steps applies to a min/max range only', k.steps);
        k.values.forEach((v, j) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) add(at('values', j), `expected a finite number for a ${k.type} knob`, v);
          else if (k.type === 'integer' && !Number.isInteger(v)) add(at('values', j), 'expected an integer', v);
          else if (k.scale === 'log' && v <= 0) add(at('values', j), 'log scale needs positive values', v);
        });
      }
      for (const end of ['min', 'max'] as const) {
        const v = k[end];
        if (v === undefined) continue;
        if (!Number.isFinite(v)) add(at(end), 'expected a finite number', v);
        else if (k.type === 'integer' && !Number.isInteger(v)) add(at(end), 'expected an integer', v);
        else if (k.scale === 'log' && v <= 0) add(at(end), 'log scale needs a positive bound', v);
      }
      if (k.min !== undefined && k.max !== undefined && k.min > k.max) add(at('max'), `max is below min (${k.min})`, k.max);
      if (s.sampler.kind === 'grid' && !k.values && k.steps === undefined)
        add(at('steps'), 'grid sampling needs steps for a min/max range', k.steps);
    }
  }

  if (s.sampler.kind !== 'grid' && s.sampler.samples === undefined)
    add(['sampler', 'samples'], `${s.sampler.kind} sampling needs a number of samples`, s.sampler.samples);

  s.objectives.forEach((o, i) => {
    if (s.objectives.findIndex((x) => x.metric === o.metric) !== i) add(['objectives', i, 'metric'], 'duplicate objective', o.metric);
    if (s.evaluation === 'cost' && isAccuracyMetric(o.metric))
      add(['objectives', i, 'metric'], "accuracy needs evaluation 'cost+accuracy'", o.metric);
  });
  s.constraints.forEach((c, i) => {
    if (s.evaluation === 'cost' && isAccuracyMetric(c.metric))
      add(['constraints', i, 'metric'], "accuracy needs evaluation 'cost+accuracy'", c.metric);
  });

  if (inherited > 0) return;
  // Sizes and applied values are checked only for well-formed knobs.
  if (badKnobs.size > 0 || (s.sampler.kind !== 'grid' && s.sampler.samples === undefined)) {
    s.knobs.forEach((k, i) => {
      if (!badKnobs.has(i)) checkValues(k, i);
    });
    return;
  }
  const size = s.sampler.kind === 'grid' ? gridSize(s.knobs) : (s.sampler.samples ?? 0);
  if (size > MAX_STUDY_SAMPLES) {
    add(['knobs'], `the study expands to ${size} samples (limit ${MAX_STUDY_SAMPLES})`, size);
    return;
  }

  s.knobs.forEach((k, i) => checkValues(k, i));

  // Every candidate value must give a valid RunConfig when applied to the base.
  function checkValues(k: Knob, i: number): void {
    const candidates: { path: (string | number)[]; value: KnobValue }[] = [];
    if (k.values) k.values.forEach((v, j) => candidates.push({ path: ['knobs', i, 'values', j], value: v }));
    else {
      const axis = s.sampler.kind === 'grid' ? knobAxisValues(k) : null;
      if (axis) axis.forEach((v) => candidates.push({ path: ['knobs', i], value: v }));
      else {
        candidates.push({ path: ['knobs', i, 'min'], value: k.min! });
        candidates.push({ path: ['knobs', i, 'max'], value: k.max! });
      }
    }
    for (const c of candidates) {
      const r = runConfigSchema.safeParse(setPath(s.base, k.path, c.value));
      if (!r.success) {
        const first = r.error.issues[0]!;
        const where = first.path.length ? first.path.join('.') : k.path;
        add(c.path, `value for ${k.path} fails the RunConfig schema at ${where}: ${first.message}`, c.value);
      }
    }
  }
}

function issueCount(ctx: z.RefinementCtx): number {
  const issues = (ctx as unknown as { issues?: unknown[] }).issues;
  return Array.isArray(issues) ? issues.length : 0;
}

export const studySchema = studyObject.superRefine(checkStudy);

export type Study = z.output<typeof studySchema>;
export type StudyInput = z.input<typeof studySchema>;

/** Validate a study document; throws ConfigError naming every bad field path and value. */
export function parseStudy(json: unknown): Study {
  const r = studySchema.safeParse(json);
  if (r.success) return r.data;
  const issues: ConfigIssue[] = [];
  for (const iss of r.error.issues) {
    const path = iss.path as (string | number)[];
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) {
        const full = [...path, key];
        issues.push({ path: formatPath(full), message: 'unknown key', value: valueAt(json, full) });
      }
      continue;
    }
    const params = (iss as { params?: { value?: unknown } }).params;
    const value = params && 'value' in params ? params.value : valueAt(json, path);
    issues.push({ path: formatPath(path), message: iss.message, value });
  }
  const name = typeof json === 'object' && json !== null && typeof (json as { name?: unknown }).name === 'string' ? ` '${(json as { name: string }).name}'` : '';
  throw ConfigError.fromIssues(`Invalid study${name}`, issues);
}

/** `knobs[0].path` style. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly (string | number | symbol)[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg as string | number];
  }
  return cur;
}

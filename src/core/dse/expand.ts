/**
 * Study expansion: samples -> fully defaulted run configs, each HPS point paired with its
 * eNVM-only baseline twin, identical configs evaluated once (content hash), and deterministic
 * sharding of the plan for local workers and Slurm job arrays.
 */
import { runConfigSchema, tuningSchema, type RunConfig } from '../config/schema';
import { ConfigError } from '../errors';
import { canonicalJson, configHash, sha256Hex, type CanonMemo, type Sha256Hex } from './hash';
import { getPath, resolveSchemaPath, setPath } from './paths';
import { sampleStudy, type Sample } from './samplers';
import type { KnobValue, Study } from './study';
import { attachUserPresets } from '../devices/user-presets';

export type PointRole = 'hps' | 'baseline';

export interface PlannedPoint {
  /** Position in the plan, 0..n-1 (shards are taken round-robin by index). */
  readonly index: number;
  /** Knob path -> value for this point (baseline twins keep only the knobs they share). */
  readonly knobValues: Readonly<Record<string, KnobValue>>;
  readonly config: RunConfig;
  /** configHash(config). */
  readonly hash: string;
  /** 'baseline' for eNVM-only points; 'hps' for every point that has a baseline twin. */
  readonly role: PointRole;
  /** Hash of the baseline twin (a baseline point is its own twin). */
  readonly twinHash: string;
  /** Replicate index (seed = the point's base seed + replicate); 0 without replicates. */
  readonly replicate: number;
  /** Hash of replicate 0 of this point: the replicate group (equals `hash` for replicate 0). */
  readonly group: string;
  /** The sample the point was made from (a twin keeps only some of its knobs in knobValues). */
  readonly sample?: Readonly<Record<string, KnobValue>>;
}

/** Replicates per point of a study: study.seeds, else base.seeds, else 1. */
export function studySeeds(study: Pick<Study, 'seeds' | 'base'>): number {
  return study.seeds ?? study.base.seeds ?? 1;
}

/**
 * The base every point starts from: `seeds` removed (replicates are separate points), and for
 * cost+accuracy studies the learning-rate switch applied: 'tuned' turns training.tuning on (with the
 * base's options or the defaults), 'fixed' removes it.
 */
export function effectiveBase(study: Pick<Study, 'base' | 'evaluation' | 'learningRate'>): RunConfig {
  const base: RunConfig = { ...study.base, seeds: undefined };
  if (study.evaluation !== 'cost+accuracy') return base;
  const tuning = study.learningRate === 'fixed' ? undefined : { ...(base.training.tuning ?? tuningSchema.parse({})), enabled: true };
  return { ...base, training: { ...base.training, tuning } };
}

/** Replicate r of a config: the same config with seed + r (wrapping inside the seed range). */
export function replicateOf(config: RunConfig, r: number): RunConfig {
  return r === 0 ? config : { ...config, seed: (config.seed + r) % 2 ** 31 };
}

/** A planned point's config again from its sample, role and replicate (what expandStudy computed). */
export function pointConfig(study: Pick<Study, 'base' | 'baseline' | 'userPresets' | 'evaluation' | 'learningRate'>, sample: Sample, role: PointRole, replicate = 0): RunConfig {
  const config = replicateOf(attachUserPresets(applySample(effectiveBase(study), sample), study.userPresets), replicate);
  return role === 'baseline' && config.synapse.scheme !== 'baseline' ? baselineTwin(config, study) : config;
}

/** Synapse fields that only an HPS synapse uses; a baseline twin takes them from the study base. */
export const HPS_ONLY_SYNAPSE_FIELDS = ['lsb', 'significance', 'transfer', 'retention'] as const;

/**
 * The baseline twin of a point: the same config with the eNVM-only scheme, the baseline's device
 * and mapping if the study sets them, and the HPS-only fields reset to the study base so that
 * twins of points differing only in HPS knobs coincide (and are evaluated once).
 */
export function baselineTwin(config: RunConfig, study: Pick<Study, 'base' | 'baseline'>): RunConfig {
  const s = config.synapse;
  const b = study.base.synapse;
  const twin = {
    ...config,
    synapse: {
      ...s,
      scheme: 'baseline' as const,
      device: study.baseline.device ?? s.device,
      mapping: study.baseline.mapping ?? s.mapping,
      lsb: b.lsb,
      significance: b.significance,
      transfer: b.transfer,
      retention: b.retention,
    },
  };
  // Every part comes from an already-parsed RunConfig or the parsed study: no re-validation needed.
  return twin as RunConfig;
}

const leafSchemas = new Map<string, ReturnType<typeof resolveSchemaPath>>();

/**
 * Apply one sample to the (fully parsed) base config. Each knob value is validated and defaulted by
 * the schema of its own field, which equals a full RunConfig parse because the RunConfig schema has
 * no cross-field rules above its leaves (test/unit/dse/expand.test.ts checks the equality on every
 * template); a full parse costs ~50x more and planning runs on the main thread.
 */
export function applySample(base: RunConfig, sample: Sample, sampleIndex = 0): RunConfig {
  let cfg: unknown = base;
  for (const [path, value] of Object.entries(sample)) {
    let leaf = leafSchemas.get(path);
    if (leaf === undefined && !leafSchemas.has(path)) {
      leaf = resolveSchemaPath(path);
      leafSchemas.set(path, leaf);
    }
    if (!leaf) return applySampleFull(base, sample, sampleIndex);
    const r = leaf.safeParse(value);
    if (!r.success) return applySampleFull(base, sample, sampleIndex);
    cfg = setPath(cfg, path, r.data);
  }
  return cfg as RunConfig;
}

/** The reference path: apply the sample and parse the whole config (names the bad field on failure). */
export function applySampleFull(base: RunConfig, sample: Sample, sampleIndex = 0): RunConfig {
  let cfg: unknown = base;
  for (const [path, value] of Object.entries(sample)) cfg = setPath(cfg, path, value);
  const r = runConfigSchema.safeParse(cfg);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({
      path: `sample[${sampleIndex}].${i.path.join('.')}`,
      message: i.message,
      value: getPath(cfg, i.path.join('.')),
    }));
    throw ConfigError.fromIssues(`Sample ${sampleIndex} (${canonicalJson(sample)}) is not a valid RunConfig`, issues);
  }
  return r.data;
}

/**
 * Every point a study evaluates, in sample order, each HPS point followed by its baseline twin the
 * first time that twin appears. Points with identical configs (for example integer rounding, or
 * twins shared by many HPS points) appear once.
 */
export function expandStudy(study: Study, opts: { sha256?: Sha256Hex } = {}): PlannedPoint[] {
  return Array.from(planPoints(study, opts));
}

/** expandStudy one point at a time, so a very large plan can be streamed without holding its configs. */
export function* planPoints(study: Study, opts: { sha256?: Sha256Hex } = {}): Generator<PlannedPoint> {
  const sha256 = opts.sha256 ?? sha256Hex;
  // Configs planned here are never mutated, so their shared subtrees are encoded once.
  const memo: CanonMemo = new WeakMap();
  const samples = sampleStudy(study);
  const base = effectiveBase(study);
  const seeds = studySeeds(study);
  const seen = new Set<string>();
  let index = 0;
  for (let si = 0; si < samples.length; si++) {
    const sample = samples[si]!;
    const first = attachUserPresets(applySample(base, sample, si), study.userPresets);
    let group = '';
    let twinGroup = '';
    for (let r = 0; r < seeds; r++) {
      const config = replicateOf(first, r);
      const hash = configHash(config, sha256, memo);
      if (r === 0) group = hash;
      if (seen.has(hash)) continue;
      seen.add(hash);
      if (config.synapse.scheme === 'baseline') {
        yield { index: index++, knobValues: sample, config, hash, role: 'baseline', twinHash: hash, replicate: r, group, sample };
        continue;
      }
      const twin = baselineTwin(config, study);
      const twinHash = configHash(twin, sha256, memo);
      if (r === 0) twinGroup = twinHash;
      yield { index: index++, knobValues: sample, config, hash, role: 'hps', twinHash, replicate: r, group, sample };
      if (seen.has(twinHash)) continue;
      seen.add(twinHash);
      const shared: Record<string, KnobValue> = {};
      for (const [path, value] of Object.entries(sample))
        if (canonicalJson(getPath(twin, path) ?? null) === canonicalJson(value)) shared[path] = value;
      yield { index: index++, knobValues: shared, config: twin, hash: twinHash, role: 'baseline', twinHash, replicate: r, group: twinGroup, sample };
    }
  }
}

/** Group key of the iso set: canonical JSON of the values at the iso paths. */
export function isoKey(config: unknown, isoPaths: readonly string[]): string {
  return canonicalJson(isoPaths.map((p) => [p, getPath(config, p) ?? null]));
}

/**
 * The points of one shard: those whose index is congruent to shardIndex modulo shardCount
 * (round-robin, so shards get similar mixes of cheap and expensive points). Deterministic: the
 * same plan, index and count give the same shard on every machine.
 */
export function shardPlan<T extends { readonly index: number }>(points: readonly T[], shardIndex: number, shardCount: number): T[] {
  if (!Number.isInteger(shardCount) || shardCount < 1)
    throw new ConfigError(`shardCount: expected a positive integer (got ${shardCount})`, {
      issues: [{ path: 'shardCount', message: 'expected a positive integer', value: shardCount }],
    });
  if (!Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex >= shardCount)
    throw new ConfigError(`shardIndex: expected an integer in [0, ${shardCount - 1}] (got ${shardIndex})`, {
      issues: [{ path: 'shardIndex', message: `expected an integer in [0, ${shardCount - 1}]`, value: shardIndex }],
    });
  return points.filter((p) => p.index % shardCount === shardIndex);
}

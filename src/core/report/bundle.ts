/**
 * The study bundle: one JSON document with everything needed to reproduce a study (the study
 * document, every point with its knobs, metrics and status, every run with its full config, seed,
 * backend, app version, epoch metrics and cost result). Checkpoints are not included.
 *
 * `parseBundle` validates with a strict schema: unknown keys are rejected and every error names
 * the field path (`runs[2].config.training.epochs`) and the bad value, as a ConfigError.
 */
import { z } from 'zod';
import { runConfigSchema } from '../config/schema';
import { ConfigError, type ConfigIssue } from '../errors';
import { parseJsonText } from '../config/json-text';
import type { ReportInput, ReportPoint, ReportRun, ReportStudy } from './types';

export const BUNDLE_FORMAT = 'hps-studio/study-bundle';
export const BUNDLE_VERSION = 1;

const json = z.json();
const iso = z.string().min(1).max(64);
const idStr = z.string().min(1).max(200);

const studySchema = z.strictObject({
  id: idStr,
  name: z.string().min(1).max(200),
  description: z.string().max(100000),
  tags: z.array(z.string().max(200)).max(1000),
  spec: z.record(z.string(), json).describe('The study document (core/dse study schema)'),
  status: z.string().min(1).max(64),
  appVersion: z.string().min(1).max(64),
  createdAt: iso,
  updatedAt: iso,
});

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

const pointSchema = z.strictObject({
  hash: z.string().min(1).max(200),
  idx: z.number().int().min(0),
  role: z.string().min(1).max(64),
  twinHash: z.string().min(1).max(200).nullable(),
  knobs: z.record(z.string(), json),
  status: z.enum(['done', 'failed', 'infeasible']),
  metrics: z.record(z.string(), finite).nullable(),
  reason: z.string().max(100000).nullable(),
  runId: idStr.nullable(),
  elapsedMs: z.number().min(0).nullable(),
  createdAt: iso,
  /** Replicate index and group (studies with seeds); absent otherwise. */
  replicate: z.number().int().min(0).optional(),
  group: z.string().min(1).max(200).optional(),
});

const runSchema = z.strictObject({
  id: idStr,
  pointHash: z.string().min(1).max(200).nullable(),
  role: z.string().min(1).max(64),
  config: json.superRefine((v, ctx) => {
    const r = runConfigSchema.safeParse(v);
    if (!r.success) for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: iss.path as (string | number)[], params: { value: iss.input } });
  }),
  seed: z.number().int(),
  appVersion: z.string().min(1).max(64),
  backend: z.string().max(200).nullable(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']),
  error: z.string().max(100000).nullable(),
  summary: json.nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  epochs: z.array(z.strictObject({ epoch: z.number().int().min(0), metrics: z.record(z.string(), json) })),
  cost: json.nullable(),
  /** The learning-rate search and the per-layer diagnostics of the run, when it has them. */
  tuning: json.optional(),
  diagnostics: z.array(z.strictObject({ epoch: z.number().int().min(0), layer: z.number().int().min(0), data: z.record(z.string(), json) })).optional(),
});

export const bundleSchema = z
  .strictObject({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.literal(BUNDLE_VERSION),
    appVersion: z.string().min(1).max(64),
    exportedAt: iso,
    study: studySchema,
    /** Informational: distinct run seeds and backends (recomputed on export). */
    seeds: z.array(z.number().int()),
    backends: z.array(z.string()),
    points: z.array(pointSchema),
    runs: z.array(runSchema),
  })
  .superRefine((b, ctx) => {
    const runIds = new Set<string>();
    b.runs.forEach((r, i) => {
      if (runIds.has(r.id)) ctx.addIssue({ code: 'custom', path: ['runs', i, 'id'], message: 'duplicate run id', params: { value: r.id } });
      runIds.add(r.id);
      const epochs = new Set<number>();
      r.epochs.forEach((e, j) => {
        if (epochs.has(e.epoch)) ctx.addIssue({ code: 'custom', path: ['runs', i, 'epochs', j, 'epoch'], message: 'duplicate epoch', params: { value: e.epoch } });
        epochs.add(e.epoch);
      });
    });
    const hashes = new Set<string>();
    b.points.forEach((p, i) => {
      if (hashes.has(p.hash)) ctx.addIssue({ code: 'custom', path: ['points', i, 'hash'], message: 'duplicate point hash', params: { value: p.hash } });
      hashes.add(p.hash);
      if (p.runId !== null && !runIds.has(p.runId)) ctx.addIssue({ code: 'custom', path: ['points', i, 'runId'], message: 'names no run in this bundle', params: { value: p.runId } });
      if (p.status === 'done' && p.metrics === null) ctx.addIssue({ code: 'custom', path: ['points', i, 'metrics'], message: "a 'done' point needs metrics", params: { value: null } });
    });
  });

export type Bundle = z.output<typeof bundleSchema>;

/** Bundle of a study (the same plain data the report model reads). */
export function buildBundle(input: ReportInput, exportedAt: string): Bundle {
  const s: ReportStudy = input.study;
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    appVersion: input.appVersion,
    exportedAt,
    study: { id: s.id, name: s.name, description: s.description, tags: [...s.tags], spec: s.spec as Bundle['study']['spec'], status: s.status, appVersion: s.appVersion, createdAt: s.createdAt, updatedAt: s.updatedAt },
    seeds: [...new Set(input.runs.map((r) => r.seed))].sort((a, b) => a - b),
    backends: [...new Set(input.runs.map((r) => r.backend).filter((b): b is string => !!b))].sort(),
    points: input.points.map((p: ReportPoint) => ({
      hash: p.hash,
      idx: p.idx,
      role: p.role,
      twinHash: p.twinHash,
      knobs: p.knobs as Bundle['points'][number]['knobs'],
      status: p.status,
      metrics: p.metrics ? { ...p.metrics } : null,
      reason: p.reason,
      runId: p.runId,
      elapsedMs: p.elapsedMs,
      createdAt: p.createdAt,
      ...(p.group ? { replicate: p.replicate ?? 0, group: p.group } : {}),
    })),
    runs: input.runs.map((r: ReportRun) => ({
      id: r.id,
      pointHash: r.pointHash,
      role: r.role,
      config: r.config as Bundle['runs'][number]['config'],
      seed: r.seed,
      appVersion: r.appVersion,
      backend: r.backend,
      status: r.status as Bundle['runs'][number]['status'],
      error: r.error,
      summary: (r.summary ?? null) as Bundle['runs'][number]['summary'],
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      epochs: r.epochs.map((e) => ({ epoch: e.epoch, metrics: e.metrics as Record<string, z.output<typeof json>> })),
      cost: (r.cost ?? null) as Bundle['runs'][number]['cost'],
      ...(r.tuning != null ? { tuning: r.tuning as Bundle['runs'][number]['tuning'] } : {}),
      ...(r.diagnostics?.length ? { diagnostics: r.diagnostics.map((d) => ({ epoch: d.epoch, layer: d.layer, data: d.data as Record<string, z.output<typeof json>> })) } : {}),
    })),
  };
}

/** Validate a parsed JSON value as a bundle; throws ConfigError naming every bad field. */
export function parseBundle(value: unknown): Bundle {
  if (value && typeof value === 'object' && 'format' in value && (value as { format: unknown }).format === BUNDLE_FORMAT) {
    const v = (value as { formatVersion?: unknown }).formatVersion;
    if (typeof v === 'number' && v > BUNDLE_VERSION)
      throw ConfigError.fromIssues('Unsupported study bundle', [{ path: 'formatVersion', message: `written by a newer HPS Studio (this version reads up to ${BUNDLE_VERSION})`, value: v }]);
  }
  const r = bundleSchema.safeParse(value);
  if (r.success) return r.data;
  const issues: ConfigIssue[] = [];
  for (const iss of r.error.issues) {
    const path = iss.path as (string | number)[];
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) issues.push({ path: formatPath([...path, key]), message: 'unknown key', value: valueAt(value, [...path, key]) });
      continue;
    }
    const params = (iss as { params?: { value?: unknown } }).params;
    issues.push({ path: formatPath(path), message: iss.message, value: params && 'value' in params ? params.value : valueAt(value, path) });
  }
  throw ConfigError.fromIssues('Invalid study bundle', issues.slice(0, 50));
}

/** Parse bundle text (JSON); a syntax error is a ConfigError too. */
export function parseBundleText(text: string): Bundle {
  let v: unknown;
  try {
    v = parseJsonText(text, 'bundle');
  } catch (e) {
    // Position only: the text is a file the user picked, and errors must not echo its contents.
    throw ConfigError.fromIssues('Invalid study bundle', [{ path: '', message: (e as ConfigError).issues[0]?.message ?? 'not valid JSON' }]);
  }
  return parseBundle(v);
}

/** The bundle as plain report input (for rendering a report straight from a file). */
export function bundleToInput(b: Bundle, appVersion: string, generatedAt: string): ReportInput {
  return { study: b.study, points: b.points, runs: b.runs, appVersion, generatedAt };
}

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

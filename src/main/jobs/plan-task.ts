/**
 * Worker tasks that plan: validating and expanding a study (with its references checked) and
 * streaming the plan's rows to the main thread in chunks, which stores them; and rebuilding the
 * configs of stored plan rows. Planning a 100,000-point study takes seconds, so it never runs on
 * the main thread.
 */
import type { TaskHandler } from './protocol';
import type { PlanRow } from '../store/plans';
import { planPoints, pointConfig, type PlannedPoint, type PointRole } from '../../core/dse/expand';
import { checkStudyReferences } from '../../core/dse/references';
import { studyWarnings } from '../../core/dse/sanity';
import type { Study } from '../../core/dse/study';
import { CancelledError, ConfigError, showValue } from '../../core/errors';
import { nodeSha256, studyOf } from '../sweep/plan-cache';
import { catalogs } from '../services/catalogs';

/** A stored plan row's identity: what a worker needs to rebuild and evaluate the point. */
export interface PlanItem {
  hash: string;
  role: string;
  /** JSON of the sample the point was made from. */
  sample: string;
  replicate: number;
}

export type PlanMessage = { kind: 'valid'; study: Study } | { kind: 'rows'; rows: PlanRow[] };

function planRow(p: PlannedPoint): PlanRow {
  const sample = p.sample ?? p.knobValues;
  const partial = Object.keys(sample).length !== Object.keys(p.knobValues).length;
  return { idx: p.index, hash: p.hash, role: p.role, twinHash: p.twinHash, knobs: JSON.stringify(p.knobValues), sample: partial ? JSON.stringify(sample) : null, replicate: p.replicate, group: p.group };
}

export const planTask: TaskHandler = async (payload, ctx) => {
  const { spec, rows, chunk = 250 } = payload as { spec: unknown; rows: boolean; chunk?: number };
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    throw new ConfigError(`spec: expected a study document (a JSON object), got ${showValue(spec)}`, { issues: [{ path: 'spec', message: 'expected a study document (a JSON object)', value: spec }] });
  const study = studyOf(spec);
  checkStudyReferences(study, catalogs());
  if (rows) ctx.post({ kind: 'valid', study } satisfies PlanMessage);
  let points = 0;
  let buf: PlanRow[] = [];
  // Validation also reports the study's sanity warnings, which look at the planned points.
  const all: PlannedPoint[] = [];
  for (const p of planPoints(study, { sha256: nodeSha256 })) {
    points++;
    if (!rows) {
      all.push(p);
      continue;
    }
    buf.push(planRow(p));
    if (buf.length >= chunk) {
      if (ctx.cancelled()) throw new CancelledError();
      ctx.post({ kind: 'rows', rows: buf } satisfies PlanMessage);
      buf = [];
    }
  }
  if (buf.length > 0) ctx.post({ kind: 'rows', rows: buf } satisfies PlanMessage);
  return rows ? { points } : { points, warnings: studyWarnings(study, all) };
};

/** Configs of stored plan points (for training points, which the main thread stores as runs). */
export const pointConfigsTask: TaskHandler = async (payload) => {
  const { spec, items } = payload as { spec: unknown; items: PlanItem[] };
  const study = studyOf(spec);
  return items.map((it) => pointConfig(study, JSON.parse(it.sample) as Record<string, never>, it.role as PointRole, it.replicate));
};

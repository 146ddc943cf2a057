/**
 * Planning on the host: node:crypto's SHA-256 (identical output to the core's pure implementation,
 * about ten times faster) and a small cache, so creating, showing and running one study plans it
 * once instead of three times.
 */
import { createHash } from 'node:crypto';
import { expandStudy, type PlannedPoint } from '../../core/dse/expand';
import { canonicalJson } from '../../core/dse/hash';
import { parseStudy, type Study } from '../../core/dse/study';

export interface SweepPlan {
  study: Study;
  points: PlannedPoint[];
}

export const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const cache = new Map<string, SweepPlan>();
const CACHE_SIZE = 4;
const studies = new Map<string, Study>();

/** parseStudy with a small cache (workers parse the same study for every batch of a sweep). */
export function studyOf(spec: unknown): Study {
  const key = canonicalJson(spec);
  const hit = studies.get(key);
  if (hit) return hit;
  const study = parseStudy(spec);
  studies.set(key, study);
  if (studies.size > CACHE_SIZE) studies.delete(studies.keys().next().value!);
  return study;
}

/** Parse and expand a study (deduplicated by config hash). Plans are immutable; callers must not mutate them. */
export function planStudy(spec: unknown): SweepPlan {
  const key = canonicalJson(spec);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const study = parseStudy(spec);
  const seen = new Set<string>();
  const points: PlannedPoint[] = [];
  for (const p of expandStudy(study, { sha256: nodeSha256 })) {
    if (seen.has(p.hash)) continue;
    seen.add(p.hash);
    points.push(p);
  }
  const plan = { study, points };
  cache.set(key, plan);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return plan;
}

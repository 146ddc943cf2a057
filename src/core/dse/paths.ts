/**
 * Dot paths into a RunConfig ('synapse.transfer.everyImages'): read, immutable write, and
 * resolution against the RunConfig zod schema so a study can reject a knob whose path names no
 * config field (including optional fields that are absent from a defaulted config).
 */
import type { z } from 'zod';
import { runConfigSchema } from '../config/schema';
import { schemaAt } from '../config/fields';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function splitPath(path: string): string[] {
  return path.split('.');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Value at a dot path, or undefined when any segment is missing. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of splitPath(path)) {
    if (!isRecord(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/**
 * A copy of `obj` with `value` at the dot path; objects along the path are shallow-copied
 * (missing ones created), everything else is shared. The input is not modified.
 */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const segs = splitPath(path);
  for (const s of segs) if (s === '' || FORBIDDEN.has(s)) throw new RangeError(`setPath: bad path segment '${s}' in '${path}'`);
  const rec = (node: unknown, i: number): unknown => {
    const seg = segs[i]!;
    const copy: Record<string, unknown> = isRecord(node) ? { ...node } : {};
    copy[seg] = i === segs.length - 1 ? value : rec(copy[seg], i + 1);
    return copy;
  };
  return rec(obj, 0) as T;
}

/**
 * The schema of the field at a dot path of `root` (default: the RunConfig schema), or undefined
 * when the path names no field. Object members are followed through optional / default wrappers.
 */
export function resolveSchemaPath(path: string, root: z.ZodType = runConfigSchema): z.ZodType | undefined {
  if (splitPath(path).some((seg) => seg === '' || FORBIDDEN.has(seg))) return undefined;
  return schemaAt(path, root);
}

export function isConfigPath(path: string): boolean {
  return resolveSchemaPath(path) !== undefined;
}

/** True when `a` equals `b` or one is an ancestor of the other ('synapse.transfer' vs 'synapse.transfer.everyImages'). */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * Validate a value against a zod schema and throw a ConfigError naming the field path and the bad
 * value. Used at every boundary: API payloads, study and config files, CLI flags, SQLite rows.
 */
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors';
import { runConfigSchema, type RunConfig } from './schema';

/** zod issues -> ConfigIssues with dotted paths ('' root prefix allowed), unknown keys named. */
export function toIssues(issues: readonly z.core.$ZodIssue[], root = ''): ConfigIssue[] {
  return issues.map((issue) => {
    const segs = [root, ...issue.path.map((p) => String(p))].filter((s) => s !== '');
    if (issue.code === 'unrecognized_keys') {
      return { path: [...segs, issue.keys[0] ?? ''].join('.'), message: 'unknown field' };
    }
    const base = { path: segs.join('.'), message: issue.message };
    return 'input' in issue ? { ...base, value: issue.input } : base;
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = ''): z.infer<S> {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data as z.infer<S>;
  const issues = toIssues(r.error.issues, what);
  const first = issues[0]!;
  const got = 'value' in first ? ` (got ${JSON.stringify(first.value)?.slice(0, 80)})` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new ConfigError(`${first.path || '(root)'}: ${first.message}${got}${more}`, { issues });
}

export function parseRunConfig(value: unknown, what = 'config'): RunConfig {
  return parseWith(runConfigSchema, value, what);
}

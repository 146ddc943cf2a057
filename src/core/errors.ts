/**
 * A small typed error hierarchy. Every boundary turns bad input into one of these, with a message
 * that names the field (or file) and the bad value. Library code throws; only the CLI and the
 * transports decide what a user sees, and nothing here ever exits the process.
 */
export type ErrorCode = 'config' | 'model' | 'dataset' | 'store' | 'not-found' | 'cancelled';

export class HpsError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Invalid configuration, study file, CLI flag or API payload. `path` is the offending field. */
export class ConfigError extends HpsError {
  readonly path: string;
  constructor(message: string, path = '', options?: { cause?: unknown }) {
    super('config', message, options);
    this.path = path;
  }
}

/** A model cannot produce a result for these parameters (a programming error or an impossible state). */
export class ModelError extends HpsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('model', message, options);
  }
}

/** A dataset or imported file is missing, truncated or malformed. */
export class DatasetError extends HpsError {
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super('dataset', `${file}: ${problem}`, options);
    this.file = file;
  }
}

/** The experiment database cannot be opened, is not ours, or is from a newer version. */
export class StoreError extends HpsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store', message, options);
  }
}

export class NotFoundError extends HpsError {
  constructor(what: string, id: string) {
    super('not-found', `${what} '${id}' not found`);
  }
}

export class CancelledError extends HpsError {
  constructor(message = 'cancelled') {
    super('cancelled', message);
  }
}

/** Format a zod-style issue list as "field.path: message (got value)" lines. */
export function formatIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: readonly string[] }>,
  root = '',
): { path: string; message: string } {
  const first = issues[0];
  if (!first) return { path: root, message: 'invalid value' };
  const parts = [root, ...first.path.map((p) => String(p))].filter((s) => s !== '');
  let path = parts.join('.');
  if (first.code === 'unrecognized_keys' && first.keys && first.keys.length > 0) {
    path = [path, first.keys[0]].filter((s) => s !== '').join('.');
    return { path, message: `${path}: unknown field` };
  }
  return { path, message: `${path || '(root)'}: ${first.message}` };
}

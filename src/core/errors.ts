/**
 * The typed error hierarchy shared by every layer. Library code throws these (never exits the
 * process); boundaries (IPC, HTTP, CLI) map `code` to a status and show `message` to the user.
 *
 *   HpsError            base: a stable machine-readable `code` plus a human message
 *   ├─ ConfigError      a configuration or study document (or a CLI flag / IPC payload) is invalid;
 *   │                   `issues` lists every bad field with its path and value
 *   ├─ ModelError       a model cannot be evaluated as asked (unknown preset, unsupported combination)
 *   ├─ DatasetError     a dataset is missing, unreadable or malformed
 *   └─ StoreError       the experiment store failed (I/O, schema migration, constraint)
 *
 * Note: a bad *design point* is not an error; `evaluate()` returns `{ ok: false, reason }` for it.
 */

export interface HpsErrorOptions {
  /** Stable machine-readable code; each subclass has a default. */
  readonly code?: string;
  readonly cause?: unknown;
}

export class HpsError extends Error {
  readonly code: string;

  constructor(message: string, options: HpsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'HPS_ERROR';
  }
}

/** One invalid field: dotted path (with [i] for array items), what is wrong, and the offending value. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly value?: unknown;
}

export class ConfigError extends HpsError {
  readonly issues: readonly ConfigIssue[];

  constructor(message: string, options: HpsErrorOptions & { issues?: readonly ConfigIssue[] } = {}) {
    super(message, { code: options.code ?? 'CONFIG_INVALID', cause: options.cause });
    this.issues = options.issues ?? [];
  }

  /** Dotted path of the first invalid field ('' when not about one field). */
  get path(): string {
    return this.issues[0]?.path ?? '';
  }

  /** Build from a list of issues; the message names every field path and value. */
  static fromIssues(context: string, issues: readonly ConfigIssue[]): ConfigError {
    const lines = issues.map((i) => `  ${formatIssue(i)}`);
    return new ConfigError(`${context}:\n${lines.join('\n')}`, { issues });
  }
}

export class ModelError extends HpsError {
  constructor(message: string, options: HpsErrorOptions = {}) {
    super(message, { code: options.code ?? 'MODEL_ERROR', cause: options.cause });
  }
}

export class DatasetError extends HpsError {
  constructor(message: string, options: HpsErrorOptions = {}) {
    super(message, { code: options.code ?? 'DATASET_ERROR', cause: options.cause });
  }
}

export class StoreError extends HpsError {
  constructor(message: string, options: HpsErrorOptions = {}) {
    super(message, { code: options.code ?? 'STORE_ERROR', cause: options.cause });
  }
}

/** An id (study, run, job) that names nothing. */
export class NotFoundError extends HpsError {
  constructor(what: string, id: string) {
    super(`${what} '${id}' not found`, { code: 'NOT_FOUND' });
  }
}

/** Work stopped on request (cancel, Ctrl-C); not a failure. */
export class CancelledError extends HpsError {
  constructor(message = 'cancelled') {
    super(message, { code: 'CANCELLED' });
  }
}

export function isHpsError(e: unknown): e is HpsError {
  return e instanceof HpsError;
}

/** `path: message (got <value>)`, the value shown as short JSON. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path === '' ? '(root)' : issue.path;
  const got = 'value' in issue ? ` (got ${showValue(issue.value)})` : '';
  return `${where}: ${issue.message}${got}`;
}

export function showValue(v: unknown, max = 80): string {
  let s: string;
  if (v === undefined) s = 'undefined';
  else if (typeof v === 'number' && !Number.isFinite(v)) s = String(v);
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/**
 * The experiment store: one SQLite file (better-sqlite3, WAL) per data folder.
 *
 * Opening is careful: a file that is not an HPS database, or one written by a newer version, is
 * refused with a clear StoreError before anything is written to it. Every multi-row write is one
 * transaction, so a process killed at any moment leaves the file consistent (WAL + synchronous=NORMAL
 * survives a process kill; FULL is used for power-loss safety of committed points).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, NotFoundError } from '../../core/errors';
import { MIGRATIONS, LATEST_VERSION } from './migrations';
import { APP_VERSION } from '../version';
import { sqliteOptions } from './native';
import { PlanTable } from './plans';
import { LeaseTable } from './leases';

export const APP_ID = 'hps-studio';
const SQLITE_MAGIC = 'SQLite format 3\0';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type RunStatus = JobStatus;

export interface StudyRow {
  id: string;
  name: string;
  description: string;
  tags: string[];
  spec: unknown;
  status: string;
  appVersion: string;
  createdAt: string;
  updatedAt: string;
}

export interface RunRow {
  id: string;
  studyId: string | null;
  pointHash: string | null;
  role: string;
  config: unknown;
  seed: number;
  appVersion: string;
  backend: string | null;
  status: RunStatus;
  error: string | null;
  summary: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface PointRow {
  studyId: string;
  hash: string;
  idx: number;
  role: string;
  twinHash: string | null;
  knobs: Record<string, unknown>;
  status: 'done' | 'failed' | 'infeasible';
  metrics: Record<string, number> | null;
  reason: string | null;
  runId: string | null;
  elapsedMs: number | null;
  createdAt: string;
  /** Replicate index (0 without replicates) and the replicate group (hash of replicate 0; null in rows stored before replicates existed). */
  replicate?: number;
  group?: string | null;
}

export interface JobRow {
  id: string;
  kind: string;
  studyId: string | null;
  runId: string | null;
  status: JobStatus;
  progress: number;
  message: string;
  payload: unknown;
  error: string | null;
  pid: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const now = (): string => new Date().toISOString();
const j = (v: unknown): string => JSON.stringify(v);
function pj<T>(s: string | null | undefined, fallback: T): T {
  if (s == null) return fallback;
  return JSON.parse(s) as T;
}

/** A stored row whose JSON text cannot be read (edited by hand, a damaged disk): named, never parsed further. */
export class CorruptRowError extends StoreError {
  constructor(readonly table: string, readonly id: string, cause: unknown) {
    super(`${table} row ${id} is corrupt (${(cause as Error).message.split('\n')[0]!.slice(0, 120)}); it is skipped`, { code: 'STORE_CORRUPT_ROW', cause });
  }
}

/** Convert one row; a row that cannot be read becomes CorruptRowError naming the table and id. */
function readRow<T>(table: string, id: () => string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new CorruptRowError(table, id(), e);
  }
}

/** Why a data folder cannot be written, or undefined when it can. */
export function notWritable(file: string): string | undefined {
  const dir = dirname(file);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `the folder ${dir} does not exist` : `${existsSync(file) ? file : `the folder ${dir}`} is read-only for this user (${code})`;
  }
}

/** Check a file before letting SQLite write to it. Throws StoreError; never modifies the file. */
export function inspectDatabaseFile(file: string): { exists: boolean; version: number } {
  if (!existsSync(file) || statSync(file).size === 0) return { exists: false, version: 0 };
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) {
    throw new StoreError(`${file} is not an HPS Studio database (not an SQLite file); it was left unchanged`);
  }
  let ro: Database.Database | undefined;
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true, ...sqliteOptions() });
    const version = ro.pragma('user_version', { simple: true }) as number;
    const tables = ro.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    if (tables.length === 0 && version === 0) return { exists: true, version: 0 };
    const hasMeta = tables.some((t) => t.name === 'meta');
    const app = hasMeta ? (ro.prepare("SELECT value FROM meta WHERE key = 'app'").get() as { value: string } | undefined) : undefined;
    if (!app || app.value !== APP_ID) {
      throw new StoreError(`${file} is an SQLite database but not an HPS Studio one (no HPS metadata); it was left unchanged`);
    }
    if (version > LATEST_VERSION) {
      throw new StoreError(
        `${file} was written by a newer HPS Studio (schema ${version}; this version reads up to ${LATEST_VERSION}); upgrade HPS Studio. The file was left unchanged`,
      );
    }
    return { exists: true, version };
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError(`${file} cannot be read as an HPS Studio database: ${(e as Error).message}; it was left unchanged`, { cause: e });
  } finally {
    ro?.close();
  }
}

export class Store {
  readonly db: Database.Database;
  readonly file: string;
  readonly plans: PlanTable;
  readonly leases: LeaseTable;
  /** Where warnings about skipped corrupt rows go (the CLI and host print them). */
  onWarning: (message: string) => void = (m) => process.stderr.write(`hps: warning: ${m}\n`);

  private constructor(db: Database.Database, file: string) {
    this.db = db;
    this.file = file;
    this.plans = new PlanTable(db);
    this.leases = new LeaseTable(db);
  }

  /** Open (creating or migrating) the database at `file`. */
  static open(file: string, opts: { targetVersion?: number } = {}): Store {
    const ro = notWritable(file);
    if (ro)
      throw new StoreError(`cannot use ${file}: ${ro}. HPS Studio writes its database there; choose a writable folder with --data-dir or HPS_DATA_DIR`, { code: 'STORE_READ_ONLY' });
    inspectDatabaseFile(file);
    const db = new Database(file, sqliteOptions());
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const store = new Store(db, file);
    store.migrate(opts.targetVersion ?? LATEST_VERSION);
    return store;
  }

  /**
   * A read-only connection for analyses in a worker thread (the main thread stays the only
   * writer). The file must already be an HPS database at this version.
   */
  static openReadOnly(file: string): Store {
    const db = new Database(file, { readonly: true, fileMustExist: true, ...sqliteOptions() });
    db.pragma('busy_timeout = 5000');
    return new Store(db, file);
  }

  /** Rows that fail to convert are reported through onWarning and left out. */
  private readable<R, T>(rows: readonly R[], convert: (r: R) => T): T[] {
    const out: T[] = [];
    for (const r of rows) {
      try {
        out.push(convert(r));
      } catch (e) {
        if (!(e instanceof CorruptRowError)) throw e;
        this.onWarning(e.message);
      }
    }
    return out;
  }

  get version(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(target: number): void {
    const current = this.version;
    const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target);
    for (const m of pending) {
      this.db.transaction(() => {
        m.up(this.db);
        if (m.version === 1) {
          this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('app', APP_ID);
          this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('created_with', APP_VERSION);
        }
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  // ---- studies -------------------------------------------------------------------------------

  createStudy(s: { name: string; description?: string; tags?: string[]; spec: unknown; id?: string; status?: string }): StudyRow {
    const id = s.id ?? randomUUID();
    const t = now();
    this.db
      .prepare(
        'INSERT INTO studies (id, name, description, tags, spec, status, app_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, s.name, s.description ?? '', j(s.tags ?? []), j(s.spec), s.status ?? 'draft', APP_VERSION, t, t);
    return this.getStudy(id);
  }

  getStudy(id: string): StudyRow {
    const r = this.db.prepare('SELECT * FROM studies WHERE id = ?').get(id) as Record<string, string> | undefined;
    if (!r) throw new NotFoundError('study', id);
    return studyFromRow(r);
  }

  findStudy(id: string): StudyRow | undefined {
    const r = this.db.prepare('SELECT * FROM studies WHERE id = ? OR id LIKE ? ORDER BY created_at LIMIT 2').all(id, `${id}%`) as Record<string, string>[];
    if (r.length === 1) return studyFromRow(r[0]!);
    const exact = r.find((x) => x.id === id);
    return exact ? studyFromRow(exact) : undefined;
  }

  listStudies(): (StudyRow & { points: number; runs: number })[] {
    const rows = this.db
      .prepare(
        `SELECT s.*, (SELECT COUNT(*) FROM points p WHERE p.study_id = s.id) AS n_points,
                (SELECT COUNT(*) FROM runs r WHERE r.study_id = s.id) AS n_runs
         FROM studies s ORDER BY s.created_at DESC`,
      )
      .all() as (Record<string, string> & { n_points: number; n_runs: number })[];
    return this.readable(rows, (r) => ({ ...studyFromRow(r), points: r.n_points, runs: r.n_runs }));
  }

  updateStudy(id: string, patch: { name?: string; description?: string; tags?: string[]; status?: string }): StudyRow {
    const cur = this.getStudy(id);
    this.db
      .prepare('UPDATE studies SET name = ?, description = ?, tags = ?, status = ?, updated_at = ? WHERE id = ?')
      .run(patch.name ?? cur.name, patch.description ?? cur.description, j(patch.tags ?? cur.tags), patch.status ?? cur.status, now(), id);
    return this.getStudy(id);
  }

  deleteStudy(id: string): void {
    this.getStudy(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM jobs WHERE study_id = ?').run(id);
      this.db.prepare('DELETE FROM studies WHERE id = ?').run(id);
    })();
  }

  // ---- sweep points --------------------------------------------------------------------------

  /**
   * Insert finished points in one transaction; a point already stored is left as it is.
   * `metricsJson` (metrics already serialised, e.g. by a worker) saves the main thread the work.
   */
  insertPoints(points: (Omit<PointRow, 'createdAt'> & { metricsJson?: string | null; knobsJson?: string })[]): number {
    const stmt = this.db.prepare(
      `INSERT OR IGNORE INTO points (study_id, hash, idx, role, twin_hash, knobs, status, metrics, reason, run_id, elapsed_ms, created_at, replicate, group_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let n = 0;
    this.db.transaction(() => {
      const t = now();
      for (const p of points) {
        n += stmt.run(p.studyId, p.hash, p.idx, p.role, p.twinHash, p.knobsJson ?? j(p.knobs), p.status, p.metricsJson ?? (p.metrics ? j(p.metrics) : null), p.reason, p.runId, p.elapsedMs, t, p.replicate ?? 0, p.group ?? null).changes;
      }
    })();
    return n;
  }

  /** Stored points in plan order; `offset`/`limit` page through a large study. */
  listPoints(studyId: string, page: { offset?: number; limit?: number } = {}): PointRow[] {
    const rows = this.db
      .prepare('SELECT * FROM points WHERE study_id = ? ORDER BY idx, role LIMIT ? OFFSET ?')
      .all(studyId, page.limit ?? -1, page.offset ?? 0) as Record<string, unknown>[];
    return this.readable(rows, (r) => readRow('points', () => `${String(r.study_id)}/${String(r.hash)}`, () => ({
      studyId: r.study_id as string,
      hash: r.hash as string,
      idx: r.idx as number,
      role: r.role as string,
      twinHash: (r.twin_hash as string | null) ?? null,
      knobs: pj(r.knobs as string, {}),
      status: r.status as PointRow['status'],
      metrics: pj(r.metrics as string | null, null),
      reason: (r.reason as string | null) ?? null,
      runId: (r.run_id as string | null) ?? null,
      elapsedMs: (r.elapsed_ms as number | null) ?? null,
      createdAt: r.created_at as string,
      replicate: (r.replicate as number | null) ?? 0,
      group: (r.group_hash as string | null) ?? null,
    })));
  }

  countPoints(studyId: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM points WHERE study_id = ?').pluck().get(studyId) as number;
  }

  // ---- runs ----------------------------------------------------------------------------------

  createRun(r: { studyId?: string | null; pointHash?: string | null; role?: string; config: unknown; seed: number; backend?: string | null; id?: string }): RunRow {
    const id = r.id ?? randomUUID();
    this.db
      .prepare(
        `INSERT INTO runs (id, study_id, point_hash, role, config, seed, app_version, backend, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
      )
      .run(id, r.studyId ?? null, r.pointHash ?? null, r.role ?? 'single', j(r.config), r.seed, APP_VERSION, r.backend ?? null, now());
    return this.getRun(id);
  }

  getRun(id: string): RunRow {
    const r = this.db.prepare('SELECT * FROM runs WHERE id = ? OR id LIKE ? LIMIT 2').all(id, `${id}%`) as Record<string, unknown>[];
    const row = r.length === 1 ? r[0] : r.find((x) => x.id === id);
    if (!row) throw new NotFoundError('run', id);
    return runFromRow(row);
  }

  listRuns(studyId?: string): RunRow[] {
    const rows = (
      studyId
        ? this.db.prepare('SELECT * FROM runs WHERE study_id = ? ORDER BY created_at').all(studyId)
        : this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC').all()
    ) as Record<string, unknown>[];
    return this.readable(rows, runFromRow);
  }

  setRunStatus(id: string, status: RunStatus, extra: { error?: string | null; backend?: string; summary?: unknown } = {}): void {
    const t = now();
    this.db
      .prepare(
        `UPDATE runs SET status = ?, error = COALESCE(?, error), backend = COALESCE(?, backend), summary = COALESCE(?, summary),
           started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? IN ('done', 'failed', 'cancelled') THEN ? ELSE finished_at END
         WHERE id = ?`,
      )
      .run(status, extra.error ?? null, extra.backend ?? null, extra.summary === undefined ? null : j(extra.summary), status, t, status, t, id);
  }

  /** Store one epoch's metrics and (optionally) its checkpoint atomically. */
  recordEpoch(runId: string, epoch: number, metrics: unknown, checkpoint?: Uint8Array): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO epoch_metrics (run_id, epoch, metrics) VALUES (?, ?, ?)').run(runId, epoch, j(metrics));
      if (checkpoint) {
        this.db.prepare("DELETE FROM artifacts WHERE run_id = ? AND kind = 'checkpoint'").run(runId);
        this.db
          .prepare("INSERT INTO artifacts (id, run_id, kind, name, data, created_at) VALUES (?, ?, 'checkpoint', ?, ?, ?)")
          .run(randomUUID(), runId, `epoch-${epoch}`, Buffer.from(checkpoint.buffer, checkpoint.byteOffset, checkpoint.byteLength), now());
      }
    })();
  }

  epochMetrics(runId: string): { epoch: number; metrics: Record<string, unknown> }[] {
    const rows = this.db.prepare('SELECT epoch, metrics FROM epoch_metrics WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number; metrics: string }[];
    return this.readable(rows, (r) => readRow('epoch_metrics', () => `${runId}/${r.epoch}`, () => ({ epoch: r.epoch, metrics: pj<Record<string, unknown>>(r.metrics, {}) })));
  }

  /** Store one epoch's per-layer diagnostics (replacing the epoch's earlier ones). */
  recordDiagnostics(runId: string, epoch: number, layers: readonly unknown[]): void {
    const ins = this.db.prepare('INSERT OR REPLACE INTO run_diagnostics (run_id, epoch, layer, data) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_diagnostics WHERE run_id = ? AND epoch = ?').run(runId, epoch);
      layers.forEach((d, k) => ins.run(runId, epoch, k, j(d)));
    })();
  }

  /** Per-layer diagnostics of a run, by epoch then layer. */
  runDiagnostics(runId: string): { epoch: number; layer: number; data: Record<string, unknown> }[] {
    const rows = this.db.prepare('SELECT epoch, layer, data FROM run_diagnostics WHERE run_id = ? ORDER BY epoch, layer').all(runId) as { epoch: number; layer: number; data: string }[];
    return this.readable(rows, (r) => readRow('run_diagnostics', () => `${runId}/${r.epoch}/${r.layer}`, () => ({ epoch: r.epoch, layer: r.layer, data: pj<Record<string, unknown>>(r.data, {}) })));
  }

  /** The learning-rate search of a run (null when the run used a fixed rate or has not searched yet). */
  setRunTuning(runId: string, tuning: unknown): void {
    this.db.prepare('UPDATE runs SET tuning = ? WHERE id = ?').run(j(tuning), runId);
  }

  runTuning(runId: string): unknown {
    const r = this.db.prepare('SELECT tuning FROM runs WHERE id = ?').pluck().get(runId) as string | null | undefined;
    return pj(r ?? null, null);
  }

  /** Replace a study's replicate statistics (one row per replicate group). */
  saveReplicateStats(studyId: string, groups: readonly { group: string; role: string }[]): void {
    const ins = this.db.prepare('INSERT INTO replicate_stats (study_id, group_hash, role, data) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM replicate_stats WHERE study_id = ?').run(studyId);
      for (const g of groups) ins.run(studyId, g.group, g.role, j(g));
    })();
  }

  replicateStats(studyId: string): unknown[] {
    const rows = this.db.prepare('SELECT data FROM replicate_stats WHERE study_id = ? ORDER BY rowid').pluck().all(studyId) as string[];
    return rows.map((r) => JSON.parse(r) as unknown);
  }

  latestCheckpoint(runId: string): { name: string; data: Uint8Array } | undefined {
    const r = this.db
      .prepare("SELECT name, data FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' ORDER BY created_at DESC LIMIT 1")
      .get(runId) as { name: string; data: Buffer } | undefined;
    return r ? { name: r.name, data: new Uint8Array(r.data) } : undefined;
  }

  setCostResult(runId: string, result: unknown): void {
    this.db.prepare('INSERT OR REPLACE INTO cost_results (run_id, result) VALUES (?, ?)').run(runId, j(result));
  }

  costResult(runId: string): unknown {
    const r = this.db.prepare('SELECT result FROM cost_results WHERE run_id = ?').pluck().get(runId) as string | undefined;
    return this.readable(r ? [r] : [], (text) => readRow('cost_results', () => runId, () => JSON.parse(text) as unknown))[0];
  }

  addArtifact(a: { runId: string | null; kind: string; name: string; data: Uint8Array }): string {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO artifacts (id, run_id, kind, name, data, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, a.runId, a.kind, a.name, Buffer.from(a.data), now());
    return id;
  }

  // ---- jobs ----------------------------------------------------------------------------------

  createJob(job: { kind: string; studyId?: string | null; runId?: string | null; payload: unknown; id?: string }): JobRow {
    const id = job.id ?? randomUUID();
    this.db
      .prepare("INSERT INTO jobs (id, kind, study_id, run_id, status, payload, created_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)")
      .run(id, job.kind, job.studyId ?? null, job.runId ?? null, j(job.payload), now());
    return this.getJob(id);
  }

  getJob(id: string): JobRow {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ? OR id LIKE ? LIMIT 2').all(id, `${id}%`) as Record<string, unknown>[];
    const row = r.length === 1 ? r[0] : r.find((x) => x.id === id);
    if (!row) throw new NotFoundError('job', id);
    return jobFromRow(row);
  }

  listJobs(filter: { status?: JobStatus; studyId?: string; offset?: number; limit?: number } = {}): JobRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.studyId) {
      where.push('study_id = ?');
      args.push(filter.studyId);
    }
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC LIMIT ? OFFSET ?`;
    return this.readable(this.db.prepare(sql).all(...args, filter.limit ?? -1, filter.offset ?? 0) as Record<string, unknown>[], jobFromRow);
  }

  updateJob(id: string, patch: { status?: JobStatus; progress?: number; message?: string; error?: string | null; pid?: number | null }): void {
    const cur = this.getJob(id);
    const status = patch.status ?? cur.status;
    const t = now();
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, progress = ?, message = ?, error = ?, pid = ?,
           started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? IN ('done', 'failed', 'cancelled', 'interrupted') THEN ? ELSE NULL END
         WHERE id = ?`,
      )
      .run(
        status,
        patch.progress ?? cur.progress,
        patch.message ?? cur.message,
        patch.error === undefined ? cur.error : patch.error,
        patch.pid === undefined ? cur.pid : patch.pid,
        status,
        t,
        status,
        t,
        cur.id,
      );
  }

  /**
   * Jobs (and runs) left 'running' or 'queued' by a process that is gone become 'interrupted'.
   * `alive(pid)` says whether a recorded owner process still runs (a CLI sweep in another shell).
   */
  markInterrupted(alive: (pid: number) => boolean = () => false): number {
    // A Slurm submission ('slurm-sweep') lives in Slurm, not in a local process: slurm:status keeps it current.
    const stale = this.listJobs().filter((x) => x.kind !== 'slurm-sweep' && (x.status === 'running' || x.status === 'queued') && !(x.pid != null && x.pid !== process.pid && alive(x.pid)));
    this.db.transaction(() => {
      for (const job of stale) {
        this.updateJob(job.id, { status: 'interrupted', message: 'the process running this job stopped; resume to continue' });
        if (job.runId) this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status IN ('running', 'queued')").run(job.runId);
      }
      this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND id NOT IN (SELECT run_id FROM jobs WHERE run_id IS NOT NULL AND status = 'running')").run();
      // A study whose runner is gone (no live lease) is not running any more.
      const running = this.db.prepare("SELECT id FROM studies WHERE status = 'running'").pluck().all() as string[];
      for (const id of running) {
        const lease = this.leases.get(id);
        if (lease && this.leases.live(lease, alive) && !(lease.pid === process.pid && lease.host === this.leases.host)) continue;
        this.db.prepare("UPDATE studies SET status = 'interrupted' WHERE id = ?").run(id);
        if (lease) this.db.prepare('DELETE FROM leases WHERE study_id = ?').run(id);
      }
    })();
    return stale.length;
  }

  // ---- settings ------------------------------------------------------------------------------

  getSettings(): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  }

  setSettings(values: Record<string, unknown>): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(values)) stmt.run(k, j(v));
    })();
  }
}

function studyFromRow(r: Record<string, string>): StudyRow {
  return readRow('studies', () => String(r.id), () => ({
    id: r.id!,
    name: r.name!,
    description: r.description ?? '',
    tags: pj(r.tags, []),
    spec: pj(r.spec, {}),
    status: r.status!,
    appVersion: r.app_version!,
    createdAt: r.created_at!,
    updatedAt: r.updated_at!,
  }));
}

function runFromRow(r: Record<string, unknown>): RunRow {
  return readRow('runs', () => String(r.id), () => ({
    id: r.id as string,
    studyId: (r.study_id as string | null) ?? null,
    pointHash: (r.point_hash as string | null) ?? null,
    role: r.role as string,
    config: pj(r.config as string, {}),
    seed: r.seed as number,
    appVersion: r.app_version as string,
    backend: (r.backend as string | null) ?? null,
    status: r.status as RunStatus,
    error: (r.error as string | null) ?? null,
    summary: pj(r.summary as string | null, null),
    createdAt: r.created_at as string,
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
  }));
}

function jobFromRow(r: Record<string, unknown>): JobRow {
  return readRow('jobs', () => String(r.id), () => ({
    id: r.id as string,
    kind: r.kind as string,
    studyId: (r.study_id as string | null) ?? null,
    runId: (r.run_id as string | null) ?? null,
    status: r.status as JobStatus,
    progress: r.progress as number,
    message: r.message as string,
    payload: pj(r.payload as string, {}),
    error: (r.error as string | null) ?? null,
    pid: (r.pid as number | null) ?? null,
    createdAt: r.created_at as string,
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
  }));
}

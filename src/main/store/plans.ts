/**
 * Cached study plans. Planning a large study (every sample applied, validated and hashed, with its
 * baseline twin) takes seconds per 100,000 points, so it runs once, in a worker, and its rows are
 * kept here: starting or resuming a sweep reads the points still to do page by page instead of
 * planning again. A plan records the app version that made it; another version plans again
 * (its defaults, and so its hashes, may differ).
 */
import type { Database } from 'better-sqlite3';
import { APP_VERSION } from '../version';

/** One planned point as stored: knobs and sample as JSON text (sample only where it differs). */
export interface PlanRow {
  idx: number;
  hash: string;
  role: string;
  twinHash: string;
  knobs: string;
  /** The full sample a baseline twin was made from (null: the same as knobs). */
  sample: string | null;
  /** Replicate index and group (hash of replicate 0), as on the stored point. */
  replicate: number;
  group: string;
}

export class PlanTable {
  constructor(private readonly db: Database) {}

  /** Planned point count of a complete plan made by this version, else undefined. */
  plannedPoints(studyId: string): number | undefined {
    const r = this.db.prepare('SELECT points, complete, app_version FROM plans WHERE study_id = ?').get(studyId) as
      | { points: number; complete: number; app_version: string }
      | undefined;
    return r && r.complete === 1 && r.app_version === APP_VERSION ? r.points : undefined;
  }

  /** Drop any previous plan of the study and start a new, incomplete one. */
  begin(studyId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM plan_points WHERE study_id = ?').run(studyId);
      this.db.prepare('INSERT OR REPLACE INTO plans (study_id, app_version, points, complete, created_at) VALUES (?, ?, 0, 0, ?)').run(studyId, APP_VERSION, new Date().toISOString());
    })();
  }

  /**
   * Store a chunk of plan rows without waiting for the disk (synchronous = NORMAL): an fsync per
   * chunk held the main thread for up to a few hundred milliseconds. A chunk lost to a power cut
   * only leaves the plan incomplete, and an incomplete plan is made again; complete() runs at the
   * store's FULL setting, and its sync makes every chunk before it durable.
   */
  insert(studyId: string, rows: readonly PlanRow[]): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO plan_points (study_id, idx, hash, role, twin_hash, knobs, sample, replicate, group_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const before = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      this.db.transaction(() => {
        for (const r of rows) stmt.run(studyId, r.idx, r.hash, r.role, r.twinHash, r.knobs, r.sample, r.replicate, r.group);
      })();
    } finally {
      this.db.pragma(`synchronous = ${before}`);
    }
  }

  complete(studyId: string, points: number): void {
    this.db.prepare('UPDATE plans SET points = ?, complete = 1 WHERE study_id = ?').run(points, studyId);
  }

  drop(studyId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM plan_points WHERE study_id = ?').run(studyId);
      this.db.prepare('DELETE FROM plans WHERE study_id = ?').run(studyId);
    })();
  }

  /**
   * Planned points after index `after` that have no stored result, at most `limit`, looking at no
   * more than `window` plan rows (so one call stays short however much of the study is done).
   * `scanned` is the last index looked at: continue from there.
   */
  todo(studyId: string, after: number, limit: number, window = 4096): { rows: PlanRow[]; scanned: number; end: boolean } {
    const rows = this.db
      .prepare(
        `SELECT idx, hash, role, twin_hash AS twinHash, knobs, sample, replicate, group_hash AS "group" FROM plan_points pp
         WHERE pp.study_id = ? AND pp.idx > ? AND pp.idx <= ?
           AND NOT EXISTS (SELECT 1 FROM points p WHERE p.study_id = pp.study_id AND p.hash = pp.hash)
         ORDER BY pp.idx LIMIT ?`,
      )
      .all(studyId, after, after + window, limit) as PlanRow[];
    const last = this.db.prepare('SELECT MAX(idx) FROM plan_points WHERE study_id = ?').pluck().get(studyId) as number | null;
    const scanned = rows.length === limit ? rows[rows.length - 1]!.idx : after + window;
    return { rows, scanned, end: last === null || scanned >= last };
  }
}

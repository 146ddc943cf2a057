/**
 * One runner per study: a sweep takes the study's lease before it evaluates anything, renews it
 * while it runs and gives it back when it stops. A second runner (another `hps sweep --resume`,
 * another app window on the same data folder) is told who holds it. A lease whose process is gone
 * (same host, pid not alive) or that was not renewed for STALE_MS is taken over.
 */
import type { Database } from 'better-sqlite3';
import { hostname } from 'node:os';
import { HpsError } from '../../core/errors';

export const STALE_MS = 90_000;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lease {
  studyId: string;
  jobId: string | null;
  pid: number;
  host: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export class LeaseHeldError extends HpsError {
  constructor(readonly lease: Lease) {
    super(
      `study ${lease.studyId} is being run by process ${lease.pid} on ${lease.host} (since ${lease.acquiredAt}${lease.jobId ? `, job ${lease.jobId}` : ''}); wait for it to finish or stop it, then resume`,
      { code: 'LEASE_HELD' },
    );
  }
}

export class LeaseTable {
  readonly host = hostname();

  constructor(private readonly db: Database) {}

  get(studyId: string): Lease | undefined {
    return this.db
      .prepare('SELECT study_id AS studyId, job_id AS jobId, pid, host, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt FROM leases WHERE study_id = ?')
      .get(studyId) as Lease | undefined;
  }

  /** Whether a lease still belongs to a running process. */
  live(l: Lease, alive: (pid: number) => boolean, now = Date.now()): boolean {
    if (now - Date.parse(l.heartbeatAt) > STALE_MS) return false;
    return l.host !== this.host || alive(l.pid);
  }

  /**
   * Take the study's lease for this process, or throw LeaseHeldError naming the holder. A lease
   * this process already holds is taken again (`ours` says whether that job is still running here).
   */
  acquire(studyId: string, jobId: string | null, alive: (pid: number) => boolean, ours: (jobId: string | null) => boolean = () => false): void {
    this.db.transaction(() => {
      const cur = this.get(studyId);
      if (cur) {
        const mine = cur.pid === process.pid && cur.host === this.host;
        if (mine ? ours(cur.jobId) : this.live(cur, alive)) throw new LeaseHeldError(cur);
      }
      const t = new Date().toISOString();
      this.db
        .prepare('INSERT OR REPLACE INTO leases (study_id, job_id, pid, host, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(studyId, jobId, process.pid, this.host, t, t);
    }).immediate();
  }

  setJob(studyId: string, jobId: string): void {
    this.db.prepare('UPDATE leases SET job_id = ? WHERE study_id = ? AND pid = ? AND host = ?').run(jobId, studyId, process.pid, this.host);
  }

  heartbeat(studyId: string): void {
    this.db.prepare('UPDATE leases SET heartbeat_at = ? WHERE study_id = ? AND pid = ? AND host = ?').run(new Date().toISOString(), studyId, process.pid, this.host);
  }

  release(studyId: string): void {
    this.db.prepare('DELETE FROM leases WHERE study_id = ? AND pid = ? AND host = ?').run(studyId, process.pid, this.host);
  }
}

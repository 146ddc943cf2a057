/**
 * Schema migrations, applied in order; PRAGMA user_version records the last one applied.
 * Never edit a released migration: add a new one. test/service/store-migrations.test.ts builds a
 * database at every earlier version and migrates it.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'studies, runs, epoch metrics, cost results, sweep points, artifacts, jobs',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE studies (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          tags TEXT NOT NULL DEFAULT '[]',
          spec TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'draft',
          app_version TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          study_id TEXT REFERENCES studies(id) ON DELETE CASCADE,
          point_hash TEXT,
          role TEXT NOT NULL DEFAULT 'single',
          config TEXT NOT NULL,
          seed INTEGER NOT NULL,
          app_version TEXT NOT NULL,
          backend TEXT,
          status TEXT NOT NULL,
          error TEXT,
          summary TEXT,
          created_at TEXT NOT NULL,
          started_at TEXT,
          finished_at TEXT
        );
        CREATE INDEX runs_study ON runs(study_id);
        CREATE TABLE epoch_metrics (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          epoch INTEGER NOT NULL,
          metrics TEXT NOT NULL,
          PRIMARY KEY (run_id, epoch)
        );
        CREATE TABLE cost_results (
          run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
          result TEXT NOT NULL
        );
        CREATE TABLE points (
          study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
          hash TEXT NOT NULL,
          idx INTEGER NOT NULL,
          role TEXT NOT NULL,
          twin_hash TEXT,
          knobs TEXT NOT NULL,
          status TEXT NOT NULL,
          metrics TEXT,
          reason TEXT,
          run_id TEXT,
          created_at TEXT NOT NULL,
          PRIMARY KEY (study_id, hash)
        );
        CREATE TABLE artifacts (
          id TEXT PRIMARY KEY,
          run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          data BLOB NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE jobs (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          study_id TEXT,
          run_id TEXT,
          status TEXT NOT NULL,
          progress REAL NOT NULL DEFAULT 0,
          message TEXT NOT NULL DEFAULT '',
          payload TEXT NOT NULL,
          error TEXT,
          pid INTEGER,
          created_at TEXT NOT NULL,
          started_at TEXT,
          finished_at TEXT
        );
      `);
    },
  },
  {
    version: 2,
    description: 'settings table; per-point evaluation time; checkpoint index on artifacts',
    up(db) {
      db.exec(`
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        ALTER TABLE points ADD COLUMN elapsed_ms REAL;
        CREATE INDEX artifacts_run_kind ON artifacts(run_id, kind);
      `);
    },
  },
  {
    version: 3,
    description: 'user presets: devices saved from a fit (or another device), usable in configs by id',
    up(db) {
      db.exec(`
        CREATE TABLE user_presets (
          id TEXT PRIMARY KEY,
          definition TEXT NOT NULL,
          source TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 4,
    description: 'learning-rate search per run; update-efficacy diagnostics per run, epoch and layer; replicate index and group per point; replicate statistics per group',
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN tuning TEXT;
        CREATE TABLE run_diagnostics (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          epoch INTEGER NOT NULL,
          layer INTEGER NOT NULL,
          data TEXT NOT NULL,
          PRIMARY KEY (run_id, epoch, layer)
        );
        ALTER TABLE points ADD COLUMN replicate INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE points ADD COLUMN group_hash TEXT;
        CREATE TABLE replicate_stats (
          study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
          group_hash TEXT NOT NULL,
          role TEXT NOT NULL,
          data TEXT NOT NULL,
          PRIMARY KEY (study_id, group_hash)
        );
      `);
    },
  },
  {
    version: 5,
    description: 'cached study plans (planned once, not at every start); one runner lease per study; job list index',
    up(db) {
      db.exec(`
        CREATE TABLE plans (
          study_id TEXT PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
          app_version TEXT NOT NULL,
          points INTEGER NOT NULL DEFAULT 0,
          complete INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        );
        CREATE TABLE plan_points (
          study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
          idx INTEGER NOT NULL,
          hash TEXT NOT NULL,
          role TEXT NOT NULL,
          twin_hash TEXT NOT NULL,
          knobs TEXT NOT NULL,
          sample TEXT,
          replicate INTEGER NOT NULL DEFAULT 0,
          group_hash TEXT NOT NULL,
          PRIMARY KEY (study_id, idx)
        ) WITHOUT ROWID;
        CREATE TABLE leases (
          study_id TEXT PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
          job_id TEXT,
          pid INTEGER NOT NULL,
          host TEXT NOT NULL,
          acquired_at TEXT NOT NULL,
          heartbeat_at TEXT NOT NULL
        );
        CREATE INDEX jobs_created ON jobs(created_at);
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * The experiment store against real SQLite files: creation, refusal of foreign and newer files
 * without touching them, migrations from every earlier schema version, idempotent point inserts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../../src/main/store/store';
import { MIGRATIONS, LATEST_VERSION } from '../../../src/main/store/migrations';
import { StoreError } from '../../../src/core/errors';
import { tempDir } from '../helpers';

const digest = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('experiment store', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('creates a fresh database at the latest schema, in WAL mode, with HPS metadata', () => {
    const s = Store.open(join(tmp.dir, 'a.db'));
    expect(s.version).toBe(LATEST_VERSION);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.prepare("SELECT value FROM meta WHERE key = 'app'").pluck().get()).toBe('hps-studio');
    expect(s.integrityCheck()).toBe('ok');
    s.close();
  });

  it('refuses a file that is not SQLite and leaves it byte for byte unchanged', () => {
    const f = join(tmp.dir, 'notes.db');
    writeFileSync(f, 'these are my lab notes, not a database\n'.repeat(50));
    const before = digest(f);
    expect(() => Store.open(f)).toThrow(StoreError);
    expect(() => Store.open(f)).toThrow(/not an HPS Studio database/);
    expect(digest(f)).toBe(before);
  });

  it('refuses another application\'s SQLite database and leaves it unchanged', () => {
    const f = join(tmp.dir, 'other.db');
    const db = new Database(f);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (\'x\');');
    db.close();
    const before = digest(f);
    expect(() => Store.open(f)).toThrow(/not an HPS Studio one/);
    expect(digest(f)).toBe(before);
    expect(statSync(f).size).toBeGreaterThan(0);
  });

  it('refuses a database written by a newer version and leaves it unchanged', () => {
    const f = join(tmp.dir, 'newer.db');
    const s = Store.open(f);
    s.createStudy({ name: 'kept', spec: { a: 1 } });
    s.db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    const before = digest(f);
    expect(() => Store.open(f)).toThrow(/newer HPS Studio/);
    expect(digest(f)).toBe(before);
  });

  for (const m of MIGRATIONS.slice(0, -1)) {
    it(`migrates a version-${m.version} database to the latest, keeping its data`, () => {
      const f = join(tmp.dir, `v${m.version}.db`);
      const old = Store.open(f, { targetVersion: m.version });
      expect(old.version).toBe(m.version);
      const study = old.createStudy({ name: 'old study', spec: { name: 'old study' }, tags: ['legacy'] });
      // Rows written with the columns that exist at this version (as that release wrote them).
      old.db
        .prepare(
          `INSERT INTO points (study_id, hash, idx, role, twin_hash, knobs, status, metrics, reason, run_id, created_at)
           VALUES (?, 'h1', 0, 'hps', 'h2', '{"k":1}', 'done', '{"area":1e-6}', NULL, NULL, '2026-01-01T00:00:00Z')`,
        )
        .run(study.id);
      old.close();
      const s = Store.open(f);
      expect(s.version).toBe(LATEST_VERSION);
      expect(s.getStudy(study.id).tags).toEqual(['legacy']);
      expect(s.listPoints(study.id)).toHaveLength(1);
      expect(s.listPoints(study.id)[0]!.metrics).toEqual({ area: 1e-6 });
      expect(s.integrityCheck()).toBe('ok');
      s.close();
    });
  }

  it('inserts points idempotently: the same hash twice is stored once', () => {
    const s = Store.open(join(tmp.dir, 'p.db'));
    const st = s.createStudy({ name: 's', spec: {} });
    const p = { studyId: st.id, hash: 'abc', idx: 0, role: 'hps', twinHash: null, knobs: {}, status: 'done' as const, metrics: { x: 1 }, reason: null, runId: null, elapsedMs: 1 };
    expect(s.insertPoints([p])).toBe(1);
    expect(s.insertPoints([p, { ...p, hash: 'def' }])).toBe(1);
    expect(s.countPoints(st.id)).toBe(2);
    s.close();
  });

  it('marks jobs left running by a dead process as interrupted, leaving live owners alone', () => {
    const s = Store.open(join(tmp.dir, 'j.db'));
    const dead = s.createJob({ kind: 'sweep', payload: {} });
    s.updateJob(dead.id, { status: 'running', pid: 999_999_999 });
    const alive = s.createJob({ kind: 'sweep', payload: {} });
    s.updateJob(alive.id, { status: 'running', pid: 4242 });
    const n = s.markInterrupted((pid) => pid === 4242);
    expect(n).toBe(1);
    expect(s.getJob(dead.id).status).toBe('interrupted');
    expect(s.getJob(alive.id).status).toBe('running');
    s.close();
  });
});

/**
 * User presets in a real SQLite file: the table arrives by migration from every earlier schema
 * version with the older data intact; save, list, replace and delete; a row that no longer parses
 * is reported with its id and skipped; the devices services save fits and resolve ids for runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Store } from '../../../src/main/store/store';
import { MIGRATIONS, LATEST_VERSION } from '../../../src/main/store/migrations';
import { deleteUserPreset, findUserPreset, listUserPresets, putUserPreset } from '../../../src/main/store/user-presets';
import { presets, savePreset } from '../../../src/main/services/devices';
import type { UserDevice } from '../../../src/core/config/schema';
import { ConfigError, NotFoundError } from '../../../src/core/errors';
import { tempDir } from '../helpers';

const def = (id: string, nlLtp = 2): UserDevice => ({
  id,
  title: `device ${id}`,
  cell: 'rram-1t1r',
  cellWidthF: 4,
  cellHeightF: 4,
  params: { gMin: 1e-6, gMax: 1e-5, levelsLtp: 40, levelsLtd: 40, nlLtp, nlLtd: -2, sigmaC2c: 0.01, sigmaD2d: 0, writeVoltageLtp: 2, writeVoltageLtd: 2, pulseWidthLtp: 1e-7, pulseWidthLtd: 1e-7 },
  notes: [],
  savedAt: '2026-01-01T00:00:00.000Z',
});
const SOURCE = { kind: 'device' as const, spec: { preset: 'ag-a-si' } };

// A measured sweep: G = Gmin + B (1 - exp(-p / 20)) from 1 uS to 10 uS over 40 pulses, LTD mirrored.
const CSV = ['pulse,G_ltp (uS),G_ltd (uS)']
  .concat(
    Array.from({ length: 41 }, (_, p) => {
      const b = 9 / (1 - Math.exp(-40 / 20));
      const up = 1 + b * (1 - Math.exp(-p / 20));
      return `${p},${up.toFixed(5)},${(11 - up).toFixed(5)}`;
    }),
  )
  .join('\n');

describe('user presets in the store', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  // Every version before the migration that created the table.
  const introduced = MIGRATIONS.find((x) => /user presets/.test(x.description))!.version;
  for (const m of MIGRATIONS.filter((x) => x.version < introduced)) {
    it(`a version-${m.version} database gains the user_presets table and keeps its studies`, () => {
      const f = join(tmp.dir, `v${m.version}.db`);
      const old = Store.open(f, { targetVersion: m.version });
      const study = old.createStudy({ name: 'kept', spec: { name: 'kept' } });
      expect(old.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'user_presets'").pluck().get()).toBe(0);
      old.close();
      const s = Store.open(f);
      expect(s.version).toBe(LATEST_VERSION);
      expect(s.getStudy(study.id).name).toBe('kept');
      expect(listUserPresets(s)).toEqual([]);
      putUserPreset(s, def('after-migration'), SOURCE, false);
      expect(findUserPreset(s, 'after-migration')!.definition.params.nlLtp).toBe(2);
      expect(s.integrityCheck()).toBe('ok');
      s.close();
    });
  }

  it('saves, refuses a silent overwrite, replaces on request, deletes', () => {
    const s = Store.open(join(tmp.dir, 'p.db'));
    putUserPreset(s, def('a'), SOURCE, false);
    expect(() => putUserPreset(s, def('a', 3), SOURCE, false)).toThrow(ConfigError);
    expect(findUserPreset(s, 'a')!.definition.params.nlLtp).toBe(2);
    const created = findUserPreset(s, 'a')!.createdAt;
    putUserPreset(s, def('a', 3), SOURCE, true);
    expect(findUserPreset(s, 'a')!.definition.params.nlLtp).toBe(3);
    expect(findUserPreset(s, 'a')!.createdAt).toBe(created);
    deleteUserPreset(s, 'a');
    expect(findUserPreset(s, 'a')).toBeUndefined();
    expect(() => deleteUserPreset(s, 'a')).toThrow(NotFoundError);
    s.close();
  });

  it('a corrupt row is reported with its id and skipped; the others still list', () => {
    const s = Store.open(join(tmp.dir, 'c.db'));
    putUserPreset(s, def('good'), SOURCE, false);
    s.db.prepare("INSERT INTO user_presets (id, definition, source, created_at, updated_at) VALUES ('bad', '{not json', '{}', 'x', 'x')").run();
    const problems: string[] = [];
    expect(listUserPresets(s, (id, why) => problems.push(`${id}: ${why}`)).map((r) => r.id)).toEqual(['good']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^bad: user preset 'bad': stored definition cannot be read/);
    s.close();
  });

  it('devices:savePreset fits a CSV and stores the fit; the preset lists as a user preset', () => {
    const s = Store.open(join(tmp.dir, 'f.db'));
    const v = savePreset(s, { id: 'fitted', csv: CSV, file: '/data/sweep.csv' });
    expect(v.kind).toBe('user');
    expect(v.source).toMatchObject({ kind: 'fit', file: 'sweep.csv', points: { ltp: 41, ltd: 41 } });
    // The sweep spans 1..10 uS: the fitted range must recover it within the fit's error.
    expect(v.params.gMin).toBeCloseTo(1e-6, 7);
    expect(v.params.gMax).toBeCloseTo(1e-5, 7);
    expect(v.params.levelsLtp).toBe(40);
    expect(presets(s).filter((p) => p.kind === 'user').map((p) => p.id)).toEqual(['fitted']);
    expect(() => savePreset(s, { id: 'ag-a-si', csv: CSV })).toThrow(/built-in preset/);
    expect(() => savePreset(s, { id: 'x' })).toThrow(/exactly one of csv/);
    expect(() => savePreset(s, { id: 'cap', device: { preset: 'cap-3t1c' } })).toThrow(/eNVM device/);
    const copy = savePreset(s, { id: 'tuned', device: { preset: 'ag-a-si', overrides: { nlLtp: 1 } } });
    expect(copy.params.nlLtp).toBe(1);
    expect(copy.params.gMax).toBe(38.46e-9);
    s.close();
  });
});

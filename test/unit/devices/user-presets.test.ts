/**
 * User presets in configs and studies: ids resolved and their definitions copied in, so a stored
 * run or study keeps its meaning when the preset is later changed or deleted; unknown ids refused
 * naming the field; a definition left behind by a knob that changed the preset removed.
 */
import { describe, expect, it } from 'vitest';
import { runConfigSchema, type UserDevice } from '../../../src/core/config/schema';
import { DEVICE_PRESETS, resolveDevice } from '../../../src/core/devices/presets';
import { attachUserPresets, embedUserPresetsInConfig, embedUserPresetsInStudy } from '../../../src/core/devices/user-presets';
import { expandStudy } from '../../../src/core/dse/expand';
import { configHash } from '../../../src/core/dse/hash';
import { parseStudy } from '../../../src/core/dse/study';
import { ConfigError, ModelError } from '../../../src/core/errors';

const mine: UserDevice = {
  id: 'my-rram',
  title: 'Fitted TaOx cell',
  cell: 'rram-1t1r',
  cellWidthF: 4,
  cellHeightF: 4,
  params: { gMin: 1e-6, gMax: 1e-5, levelsLtp: 50, levelsLtd: 50, nlLtp: 2.9, nlLtd: -2.9, sigmaC2c: 0.005, sigmaD2d: 0, writeVoltageLtp: 2, writeVoltageLtd: 2, pulseWidthLtp: 1e-7, pulseWidthLtd: 1e-7 },
  notes: ['fit of sweep.csv'],
  savedAt: '2026-01-01T00:00:00.000Z',
};
const db = new Map([[mine.id, mine]]);
const lookup = (id: string): UserDevice | undefined => db.get(id);
const ids = [...db.keys()];

describe('user presets in a run config', () => {
  it('copies the definition in; the config then resolves without the database, to exactly the saved parameters', () => {
    const cfg = embedUserPresetsInConfig({ synapse: { device: { preset: 'my-rram', overrides: { sigmaC2c: 0.02 } } } }, lookup, ids);
    const parsed = runConfigSchema.parse(cfg);
    expect(parsed.synapse.device.userPreset).toEqual(mine);
    const { preset, params } = resolveDevice(parsed.synapse.device);
    expect(preset.cell).toBe('rram-1t1r');
    expect(params).toEqual({ ...mine.params, sigmaC2c: 0.02 });
  });

  it('leaves built-in presets untouched (same object: hashes of existing configs do not change)', () => {
    const cfg = { synapse: { device: { preset: 'ag-a-si' }, lsb: { preset: 'cap-3t1c' } } };
    expect(embedUserPresetsInConfig(cfg, lookup, ids)).toBe(cfg);
  });

  it('keeps a definition the config already carries (a stored config re-run means what it meant)', () => {
    const older = { ...mine, params: { ...mine.params, nlLtp: 1 } };
    const cfg = { synapse: { device: { preset: 'my-rram', userPreset: older } } };
    expect(embedUserPresetsInConfig(cfg, lookup, ids)).toBe(cfg);
  });

  it('refuses an unknown id naming the field, with a suggestion and the known ids', () => {
    const bad = (): unknown => embedUserPresetsInConfig({ synapse: { device: { preset: 'my-rramm' } } }, lookup, ids);
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/synapse\.device\.preset: unknown device preset 'my-rramm' \(did you mean 'my-rram'\?\).*user presets: my-rram/);
    expect(() => embedUserPresetsInConfig({ synapse: { lsb: { preset: 'cap-3tc1' } } }, lookup, ids)).toThrow(/synapse\.lsb\.preset: .*did you mean 'cap-3t1c'/);
  });

  it('a definition for another id is a model error, not silently used', () => {
    expect(() => resolveDevice({ preset: 'ag-a-si', userPreset: mine })).toThrow(ModelError);
  });
});

describe('user presets in a study', () => {
  const spec = {
    name: 'devices',
    objectives: [{ metric: 'energyPerEpoch', direction: 'min' }],
    base: { synapse: { device: { preset: 'my-rram' } } },
    knobs: [{ path: 'synapse.device.preset', type: 'categorical', values: ['my-rram', 'ag-a-si'] }],
  };

  it('knob values that name user presets are kept in userPresets; every planned config carries its definition', () => {
    const embedded = embedUserPresetsInStudy(spec, lookup, ids) as { userPresets: Record<string, UserDevice>; base: { synapse: { device: { userPreset: UserDevice } } } };
    expect(Object.keys(embedded.userPresets)).toEqual(['my-rram']);
    expect(embedded.base.synapse.device.userPreset.id).toBe('my-rram');
    const points = expandStudy(parseStudy(embedded));
    const byPreset = (id: string) => points.filter((p) => p.config.synapse.device.preset === id);
    expect(byPreset('my-rram').length).toBeGreaterThan(0);
    for (const p of byPreset('my-rram')) expect(p.config.synapse.device.userPreset).toEqual(mine);
    // The knob moved these points to a built-in preset: the base's definition must not ride along.
    for (const p of byPreset('ag-a-si')) expect(p.config.synapse.device.userPreset).toBeUndefined();
    expect(resolveDevice(byPreset('ag-a-si')[0]!.config.synapse.device).params).toEqual(DEVICE_PRESETS['ag-a-si']!.params);
  });

  it('deleting the preset afterwards changes nothing: the stored study plans to the same points', () => {
    const embedded = embedUserPresetsInStudy(spec, lookup, ids);
    const before = expandStudy(parseStudy(embedded)).map((p) => p.hash);
    db.delete('my-rram');
    try {
      expect(expandStudy(parseStudy(embedded)).map((p) => p.hash)).toEqual(before);
      expect(() => embedUserPresetsInStudy(spec, lookup, [])).toThrow(/knobs\.0\.values\.0: unknown device preset 'my-rram'|base\.synapse\.device\.preset: unknown device preset 'my-rram'/);
    } finally {
      db.set(mine.id, mine);
    }
  });

  it('a changed preset gives different point hashes (no stale result is reused)', () => {
    const a = expandStudy(parseStudy(embedUserPresetsInStudy(spec, lookup, ids))).map((p) => p.hash);
    const changed = { ...mine, params: { ...mine.params, nlLtp: 1.5 } };
    const b = expandStudy(parseStudy(embedUserPresetsInStudy(spec, (id) => (id === 'my-rram' ? changed : undefined), ids))).map((p) => p.hash);
    expect(b).not.toEqual(a);
  });

  it('studies without user presets plan exactly as before (attach returns the same config)', () => {
    const cfg = runConfigSchema.parse({});
    expect(attachUserPresets(cfg, undefined)).toBe(cfg);
    expect(configHash(attachUserPresets(cfg, { 'my-rram': mine }))).toBe(configHash(cfg));
  });
});

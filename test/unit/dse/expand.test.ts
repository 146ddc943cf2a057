import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/core/config/schema';
import { ConfigError } from '../../../src/core/errors';
import { applySample, applySampleFull, baselineTwin, expandStudy, isoKey, shardPlan } from '../../../src/core/dse/expand';
import { sampleStudy } from '../../../src/core/dse/samplers';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, configHash } from '../../../src/core/dse/hash';
import { getPath, setPath } from '../../../src/core/dse/paths';
import { parseStudy } from '../../../src/core/dse/study';

const study = (extra: Record<string, unknown> = {}) =>
  parseStudy({
    name: 'expand',
    objectives: [{ metric: 'energyPerEpoch', direction: 'min' }],
    knobs: [
      { path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 8000] },
      { path: 'synapse.device.preset', type: 'categorical', values: ['ag-a-si', 'pcmo'] },
    ],
    ...extra,
  });

describe('setPath / getPath', () => {
  it('writes immutably, creating missing objects', () => {
    const a = { x: { y: 1, z: { w: 2 } }, k: 3 };
    const b = setPath(a, 'x.z.w', 5);
    expect(b).toEqual({ x: { y: 1, z: { w: 5 } }, k: 3 });
    expect(a.x.z.w).toBe(2);
    expect(setPath({}, 'p.q', 1)).toEqual({ p: { q: 1 } });
    expect(getPath(b, 'x.z.w')).toBe(5);
    expect(getPath(b, 'x.nope.w')).toBeUndefined();
    expect(() => setPath({}, '__proto__.polluted', 1)).toThrow(/bad path segment/);
  });
});

describe('expandStudy', () => {
  it('gives every HPS point a fully defaulted config and a baseline twin sharing everything but the synapse scheme (and HPS-only fields)', () => {
    const pts = expandStudy(study());
    const hps = pts.filter((p) => p.role === 'hps');
    expect(hps).toHaveLength(4);
    for (const p of hps) {
      expect(p.config).toEqual(runConfigSchema.parse(p.config));
      expect(p.hash).toBe(configHash(p.config));
      const twin = pts.find((q) => q.hash === p.twinHash)!;
      expect(twin.role).toBe('baseline');
      expect(twin.twinHash).toBe(twin.hash);
      expect(twin.config.synapse.scheme).toBe('baseline');
      expect(twin.config.synapse.device).toEqual(p.config.synapse.device);
      expect({ ...twin.config, synapse: null }).toEqual({ ...p.config, synapse: null });
    }
    expect(pts.map((p) => p.index)).toEqual(pts.map((_, i) => i));
  });

  it('evaluates coinciding baseline twins once (transfer interval does not touch the baseline)', () => {
    const pts = expandStudy(study());
    const base = pts.filter((p) => p.role === 'baseline');
    expect(base).toHaveLength(2); // one per eNVM preset, not one per (preset, interval)
    expect(base.map((b) => b.knobValues)).toEqual([{ 'synapse.device.preset': 'ag-a-si' }, { 'synapse.device.preset': 'pcmo' }]);
    expect(pts.map((p) => p.role)).toEqual(['hps', 'baseline', 'hps', 'baseline', 'hps', 'hps']);
  });

  it('uses the study baseline device when one is given (then one baseline serves every point)', () => {
    const pts = expandStudy(study({ baseline: { scheme: 'baseline', device: { preset: 'taox-hfox' } } }));
    const base = pts.filter((p) => p.role === 'baseline');
    expect(base).toHaveLength(1);
    expect(base[0]!.config.synapse.device.preset).toBe('taox-hfox');
    expect(new Set(pts.filter((p) => p.role === 'hps').map((p) => p.twinHash))).toEqual(new Set([base[0]!.hash]));
  });

  it('de-duplicates identical HPS configs (values that coincide after parsing)', () => {
    const s = study({ knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 1000, 2000] }] });
    const pts = expandStudy(s);
    expect(pts.filter((p) => p.role === 'hps').map((p) => p.knobValues['synapse.transfer.everyImages'])).toEqual([1000, 2000]);
  });

  it('is deterministic for seeded samplers', () => {
    const s = study({
      sampler: { kind: 'lhs', samples: 12, seed: 5 },
      knobs: [{ path: 'synapse.retention.tau', type: 'numeric', min: 1e-3, max: 10, scale: 'log' }],
    });
    expect(expandStudy(s).map((p) => p.hash)).toEqual(expandStudy(s).map((p) => p.hash));
    expect(expandStudy(s).filter((p) => p.role === 'hps')).toHaveLength(12);
  });

  it('baselineTwin resets HPS-only fields to the study base', () => {
    const s = study();
    const hps = runConfigSchema.parse(setPath(s.base, 'synapse.significance', 8));
    expect(baselineTwin(hps, s).synapse.significance).toBe(s.base.synapse.significance);
  });
});

describe('isoKey', () => {
  it('is equal for configs that share the iso values and differs otherwise', () => {
    const a = runConfigSchema.parse({ synapse: { transfer: { everyImages: 10 } } });
    const b = runConfigSchema.parse({ synapse: { transfer: { everyImages: 20 } } });
    const c = runConfigSchema.parse({ circuit: { node: 22 } });
    const iso = ['circuit.node', 'workload.network'];
    expect(isoKey(a, iso)).toBe(isoKey(b, iso));
    expect(isoKey(a, iso)).not.toBe(isoKey(c, iso));
  });
});

describe('shardPlan', () => {
  const pts = Array.from({ length: 23 }, (_, index) => ({ index }));
  it('partitions the plan round-robin: every point in exactly one shard, shard sizes differ by at most one', () => {
    for (const count of [1, 2, 4, 7, 23, 30]) {
      const shards = Array.from({ length: count }, (_, i) => shardPlan(pts, i, count));
      expect(shards.flat().map((p) => p.index).sort((a, b) => a - b)).toEqual(pts.map((p) => p.index));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardPlan(pts, 1, 4).map((p) => p.index)).toEqual([1, 5, 9, 13, 17, 21]);
  });
  it('rejects a bad index or count with a ConfigError', () => {
    expect(() => shardPlan(pts, 4, 4)).toThrow(ConfigError);
    expect(() => shardPlan(pts, 0, 0)).toThrow(/shardCount/);
    expect(() => shardPlan(pts, 0.5, 2)).toThrow(/shardIndex/);
  });
});

describe('fast sample application', () => {
  // applySample validates only the knob leaves; it must equal a full RunConfig parse (and the
  // baseline twin, built from parsed parts, must equal its full parse) on every bundled template.
  const dir = join(__dirname, '..', '..', '..', 'resources', 'templates');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    it(`${f}: every planned config equals its full schema parse`, () => {
      const study = parseStudy(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const points = expandStudy(study);
      expect(points.length).toBeGreaterThan(0);
      for (const p of points) {
        expect(canonicalJson(p.config)).toBe(canonicalJson(runConfigSchema.parse(p.config)));
        expect(p.hash).toBe(configHash(runConfigSchema.parse(p.config)));
      }
      for (const s of sampleStudy(study).slice(0, 50)) {
        expect(canonicalJson(applySample(study.base, s))).toBe(canonicalJson(applySampleFull(study.base, s)));
      }
    });
  }

  it('a value that fails its field schema falls back to the full parse and names the field', () => {
    const study = parseStudy({
      name: 'x',
      knobs: [{ path: 'circuit.adcBits', type: 'integer', values: [6] }],
      objectives: [
        { metric: 'area', direction: 'min' },
        { metric: 'energyPerEpoch', direction: 'min' },
      ],
    });
    expect(() => applySample(study.base, { 'circuit.node': 33 })).toThrow(/circuit\.node/);
  });
});

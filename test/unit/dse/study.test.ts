import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors';
import { expandStudy } from '../../../src/core/dse/expand';
import { studyJsonSchemaText } from '../../../src/core/dse/json-schema';
import { DEFAULT_ISO_PATHS, parseStudy } from '../../../src/core/dse/study';

const minimal = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'test',
  objectives: [{ metric: 'energyPerEpoch', direction: 'min' }],
  ...extra,
});

/** Parse and return the ConfigError (fails the test if parsing succeeds). */
function rejection(json: unknown): ConfigError {
  try {
    parseStudy(json);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected parseStudy to throw');
}

describe('parseStudy: accepts and defaults', () => {
  it('fills defaults: full base config, default iso set, grid sampler, cost evaluation, baseline', () => {
    const s = parseStudy(minimal());
    expect(s.base.synapse.transfer.everyImages).toBe(8000);
    expect(s.iso).toEqual([...DEFAULT_ISO_PATHS]);
    expect(s.sampler).toEqual({ kind: 'grid', seed: 1 });
    expect(s.evaluation).toBe('cost');
    expect(s.baseline).toEqual({ scheme: 'baseline' });
    expect(s.knobs).toEqual([]);
  });

  it('accepts knobs on optional config fields absent from the defaults', () => {
    const s = parseStudy(
      minimal({ knobs: [{ path: 'synapse.device.overrides.nlLtp', type: 'numeric', min: -3, max: 3, steps: 4 }] }),
    );
    expect(s.knobs[0]!.scale).toBe('linear');
  });
});

describe('parseStudy: rejects bad files and names the field', () => {
  it('unknown keys, at the root and inside a knob', () => {
    const e = rejection(minimal({ colour: 'red', knobs: [{ path: 'circuit.adcBits', type: 'integer', values: [4], stepz: 3 }] }));
    expect(e.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['colour', 'knobs[0].stepz']));
    expect(e.message).toContain('colour: unknown key (got "red")');
    expect(e.message).toContain('knobs[0].stepz: unknown key (got 3)');
  });

  it('wrong types', () => {
    const e = rejection(minimal({ sampler: { kind: 'lhs', samples: 'ten', seed: 1 } }));
    expect(e.issues[0]!.path).toBe('sampler.samples');
    expect(e.message).toMatch(/sampler\.samples: .*expected number.*\(got "ten"\)/);
    const e2 = rejection(minimal({ objectives: [{ metric: 'area', direction: 'sideways' }] }));
    expect(e2.message).toMatch(/objectives\[0\]\.direction: .*\(got "sideways"\)/);
  });

  it('a knob path that is no RunConfig field', () => {
    const e = rejection(minimal({ knobs: [{ path: 'synapse.transfer.everyImage', type: 'integer', values: [100] }] }));
    expect(e.issues).toEqual([
      { path: 'knobs[0].path', message: "'synapse.transfer.everyImage' is not a RunConfig field", value: 'synapse.transfer.everyImage' },
    ]);
  });

  it('a knob value that fails the RunConfig schema when applied (explicit value, grid value, range end)', () => {
    const e = rejection(minimal({ knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [100, -5] }] }));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.path).toBe('knobs[0].values[1]');
    expect(e.issues[0]!.value).toBe(-5);
    expect(e.message).toContain('synapse.transfer.everyImages');

    const cat = rejection(minimal({ knobs: [{ path: 'synapse.transfer.programming', type: 'categorical', values: ['open-loop', 'closed-loop'] }] }));
    expect(cat.issues[0]).toMatchObject({ path: 'knobs[0].values[1]', value: 'closed-loop' });

    const grid = rejection(minimal({ knobs: [{ path: 'circuit.arrayRows', type: 'integer', min: 64, max: 8192, steps: 3, scale: 'log' }] }));
    expect(grid.issues[0]).toMatchObject({ path: 'knobs[0]', value: 8192 });

    const range = rejection(
      minimal({ sampler: { kind: 'random', samples: 10, seed: 1 }, knobs: [{ path: 'circuit.adcBits', type: 'integer', min: 2, max: 16 }] }),
    );
    expect(range.issues[0]).toMatchObject({ path: 'knobs[0].max', value: 16 });
  });

  it('a knob that is also in the iso set, or overlaps another knob', () => {
    const e = rejection(minimal({ knobs: [{ path: 'training.quant.adcBits', type: 'integer', values: [4, 6] }] }));
    expect(e.issues[0]!.path).toBe('knobs[0].path');
    expect(e.message).toContain("iso[4] 'training.quant'");
    const ok = parseStudy(minimal({ iso: ['workload.network'], knobs: [{ path: 'training.quant.adcBits', type: 'integer', values: [4, 6] }] }));
    expect(ok.knobs).toHaveLength(1);
    const o = rejection(
      minimal({
        knobs: [
          { path: 'synapse.transfer', type: 'categorical', values: [{ everyImages: 10 }] },
          { path: 'synapse.transfer.everyImages', type: 'integer', values: [10] },
        ],
      }),
    );
    expect(o.issues[0]!.path).toBe('knobs[1].path');
  });

  it('iso paths: unknown field, or the synapse scheme the twin changes', () => {
    const e = rejection(minimal({ iso: ['circuit.nodes', 'synapse.scheme'] }));
    expect(e.issues.map((i) => i.path)).toEqual(['iso[0]', 'iso[1]']);
  });

  it('knob shape: categorical without values, range without steps on a grid, log scale with a non-positive bound', () => {
    expect(rejection(minimal({ knobs: [{ path: 'synapse.device.preset', type: 'categorical' }] })).issues[0]!.path).toBe('knobs[0].values');
    expect(rejection(minimal({ knobs: [{ path: 'training.learningRate', type: 'numeric', min: 0.1, max: 1 }] })).issues[0]!.path).toBe(
      'knobs[0].steps',
    );
    expect(
      rejection(minimal({ knobs: [{ path: 'training.learningRate', type: 'numeric', min: 0, max: 1, steps: 3, scale: 'log' }] })).issues[0],
    ).toMatchObject({ path: 'knobs[0].min', value: 0 });
    expect(rejection(minimal({ knobs: [{ path: 'circuit.adcBits', type: 'integer', values: [4.5] }] })).issues[0]!.path).toBe(
      'knobs[0].values[0]',
    );
  });

  it('random / LHS without a sample count; accuracy objective on a cost-only study', () => {
    expect(rejection(minimal({ sampler: { kind: 'lhs', seed: 3 } })).issues[0]!.path).toBe('sampler.samples');
    const e = rejection(minimal({ objectives: [{ metric: 'accuracy', direction: 'max' }] }));
    expect(e.issues[0]).toMatchObject({ path: 'objectives[0].metric', value: 'accuracy' });
  });

  it('an invalid base config is blamed on the base, not on the knobs', () => {
    const e = rejection(minimal({ base: { circuit: { adcBits: 99 } }, knobs: [{ path: 'circuit.arrayRows', type: 'integer', values: [64] }] }));
    expect(e.issues.map((i) => i.path)).toEqual(['base.circuit.adcBits']);
    expect(e.issues[0]!.value).toBe(99);
  });

  it('a bad executor', () => {
    const e = rejection(minimal({ executor: { kind: 'slurm', shards: 0 } }));
    expect(e.issues[0]!.path).toBe('executor.shards');
  });
});

describe('templates', () => {
  const dir = join(__dirname, '../../../resources/templates');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('are all present', () => {
    expect(files.sort()).toEqual([
      'accuracy-vs-retention.json',
      'accuracy-vs-transfer-interval.json',
      'default-demo.json',
      'demo-training.json',
      'device-comparison.json',
      'system-benchmark.json',
      'transfer-retention-envm.json',
    ]);
  });

  for (const f of files) {
    it(`${f} parses and expands, every HPS point with a baseline twin`, () => {
      const study = parseStudy(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const pts = expandStudy(study);
      const hashes = new Set(pts.map((p) => p.hash));
      expect(hashes.size).toBe(pts.length);
      for (const p of pts.filter((x) => x.role === 'hps')) expect(hashes.has(p.twinHash)).toBe(true);
    });
  }

  it('default-demo is about 60 points', () => {
    const study = parseStudy(JSON.parse(readFileSync(join(dir, 'default-demo.json'), 'utf8')));
    const pts = expandStudy(study);
    expect(pts.filter((p) => p.role === 'hps')).toHaveLength(60);
    expect(pts.filter((p) => p.role === 'baseline')).toHaveLength(3);
  });

  it('the committed JSON Schema matches the zod schema (regenerate with npx tsx scripts/gen-schema.ts)', () => {
    const committed = readFileSync(join(__dirname, '../../../resources/schema/study.schema.json'), 'utf8');
    expect(committed).toBe(studyJsonSchemaText());
  });
});

/**
 * Golden regression of OUR model (not NeuroSim's): the flattened metrics and per-layer values of a few
 * reference designs against test/unit/cost/golden/reference.json. Relative tolerance 1e-6; a missing or
 * extra key fails. Regenerate deliberately with UPDATE_COST_GOLDEN=1 after a reviewed model change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateCost, flattenCostMetrics } from '../../../src/core/cost';
import { runConfigSchema } from '../../../src/core/config/schema';
import { calibrationConfig, root } from './helpers';

const REL_TOL = 1e-6;
const file = `${root}test/unit/cost/golden/reference.json`;

function designs() {
  const cal = calibrationConfig();
  return {
    'neurosim-v21-default': cal,
    'vgg8-hps': runConfigSchema.parse({ ...cal, synapse: { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, significance: 4 } }),
    'mlp400-baseline-ag-a-si': runConfigSchema.parse({ workload: { network: 'mlp-400-100-10' }, synapse: { scheme: 'baseline', device: { preset: 'ag-a-si' } }, training: { batchSize: 1, imagesPerEpoch: 8000 } }),
    'mlp400-hps-sar-22nm': runConfigSchema.parse({ workload: { network: 'mlp-400-100-10' }, synapse: { scheme: 'hps' }, training: { batchSize: 1, imagesPerEpoch: 8000 }, circuit: { node: 22, adcType: 'sar', pipeline: 'pipelined' } }),
    'lenet5-2t1f-hp': runConfigSchema.parse({ workload: { network: 'lenet5' }, synapse: { scheme: 'fefet-2t1f', device: { preset: 'fefet-2t1f' } }, circuit: { roadmap: 'HP', node: 14 } }),
    'vgg8-sram-22nm': runConfigSchema.parse({ ...cal, synapse: { scheme: 'baseline', device: { preset: 'sram-8t' }, mapping: 'reference' }, circuit: { ...cal.circuit, node: 22 } }),
    'vgg8-pcm-sar-7nm': runConfigSchema.parse({ ...cal, synapse: { scheme: 'baseline', device: { preset: 'gst-pcm' }, mapping: 'reference' }, circuit: { ...cal.circuit, node: 7, adcType: 'sar' } }),
  };
}

function snapshot(): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [name, cfg] of Object.entries(designs())) {
    const r = evaluateCost(cfg);
    if (!r.ok) throw new Error(`${name}: ${r.reason}`);
    const flat = flattenCostMetrics(r);
    r.layers.forEach((l) => {
      for (const p of ['fw', 'ag', 'wg', 'wu', 'transfer'] as const) {
        flat[`layer.${l.name}.energy.${p}`] = l.energy[p];
        flat[`layer.${l.name}.latency.${p}`] = l.latency[p];
      }
    });
    out[name] = flat;
  }
  return out;
}

describe('golden regression of the cost model (relative tolerance 1e-6)', () => {
  const now = snapshot();
  if (process.env['UPDATE_COST_GOLDEN'] === '1') {
    writeFileSync(file, JSON.stringify({ relativeTolerance: REL_TOL, designs: now }, null, 1) + '\n');
  }
  const ref = JSON.parse(readFileSync(file, 'utf8')) as { relativeTolerance: number; designs: Record<string, Record<string, number>> };

  it('has the same designs', () => {
    expect(Object.keys(now).sort()).toEqual(Object.keys(ref.designs).sort());
  });
  for (const name of Object.keys(now)) {
    it(`${name}: same keys, values within ${REL_TOL} relative`, () => {
      const a = now[name]!;
      const b = ref.designs[name] ?? {};
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const k of Object.keys(b)) {
        const want = b[k]!;
        const got = a[k]!;
        const err = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
        expect(err, `${name} ${k}: ${got} vs ${want}`).toBeLessThanOrEqual(REL_TOL);
      }
    });
  }
});

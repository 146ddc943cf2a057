/**
 * A small cost-only study evaluated by the real cost model, as the report's plain input: what
 * `hps sweep` stores for `evaluation: cost` (flat metrics per point, no runs, no stored cost
 * results). MLP 784-100-10, transfer interval x eNVM, every HPS point with its baseline twin.
 */
import { evaluateCost, flattenCostMetrics } from '../../../src/core/cost';
import { expandStudy, parseStudy } from '../../../src/core/dse';
import type { ReportInput, ReportPoint } from '../../../src/core/report/types';

export const COST_ONLY_SPEC = {
  name: 'Cost-only: transfer interval x eNVM',
  base: { workload: { network: 'mlp-784-100-10' }, synapse: { scheme: 'hps', lsb: { preset: 'cap-3t1c' } }, training: { batchSize: 32 } },
  knobs: [
    { path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 8000, 64000] },
    { path: 'synapse.device.preset', type: 'categorical', values: ['hps-envm', 'ag-a-si'] },
  ],
  sampler: { kind: 'grid', seed: 1 },
  objectives: [
    { metric: 'energyPerEpoch', direction: 'min' },
    { metric: 'latencyPerEpoch', direction: 'min' },
  ],
  evaluation: 'cost',
  baseline: { scheme: 'baseline' },
} as const;

export function costOnlyInput(spec: unknown = COST_ONLY_SPEC): ReportInput {
  const study = parseStudy(spec);
  const points: ReportPoint[] = expandStudy(study).map((p) => {
    const r = evaluateCost(p.config);
    return {
      hash: p.hash,
      idx: p.index,
      role: p.role,
      twinHash: p.twinHash,
      knobs: p.knobValues,
      status: r.ok ? 'done' : 'infeasible',
      metrics: r.ok ? flattenCostMetrics(r) : null,
      reason: r.ok ? null : r.reason,
      runId: null,
      elapsedMs: 0.3,
      createdAt: '2025-06-01T00:00:00.000Z',
    };
  });
  return {
    study: {
      id: '0c057000-0000-4000-8000-000000000001',
      name: (spec as { name?: string }).name ?? 'study',
      description: 'A cost-only study for the report tests.',
      tags: ['cost'],
      spec,
      status: 'done',
      appVersion: '0.1.0',
      createdAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2025-06-01T00:00:00.000Z',
    },
    points,
    runs: [],
    appVersion: '0.1.0',
    generatedAt: '2025-06-01T12:00:00.000Z',
  };
}

/** A small synthetic study (plain report input) for the unit tests; values chosen by hand. */
import type { ReportInput, ReportPoint, ReportRun } from '../../../src/core/report/types';

export function syntheticInput(): ReportInput {
  const points: ReportPoint[] = [];
  const mk = (p: Partial<ReportPoint> & Pick<ReportPoint, 'hash' | 'idx' | 'role'>): ReportPoint => ({
    twinHash: null,
    knobs: {},
    status: 'done',
    metrics: null,
    reason: null,
    runId: null,
    elapsedMs: 0.5,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...p,
  });
  // Baselines b0 (everyImages does not apply) and HPS points h0..h3 sweeping the transfer interval.
  points.push(mk({ hash: 'b0', idx: 1, role: 'baseline', twinHash: 'b0', knobs: { 'circuit.adcBits': 6 }, metrics: { energyPerEpoch: 0.5, latencyPerEpoch: 2, area: 1e-5, accuracy: 0.8, 'energy.fw': 0.01, 'energy.wu': 1e-3 } }));
  const hps = [
    { e: 0.4, l: 3, a: 0.85 },
    { e: 0.45, l: 1.5, a: 0.84 },
    { e: 0.6, l: 1.0, a: 0.86 },
    { e: 0.7, l: 2.5, a: 0.83 }, // dominated by h1
  ];
  hps.forEach((v, i) => {
    points.push(
      mk({
        hash: `h${i}`,
        idx: i === 0 ? 0 : i + 1,
        role: 'hps',
        twinHash: 'b0',
        knobs: { 'synapse.transfer.everyImages': 500 * 4 ** i, 'circuit.adcBits': 6 },
        metrics: { energyPerEpoch: v.e, latencyPerEpoch: v.l, area: 1.1e-5, accuracy: v.a, 'energy.fw': 0.012, 'energy.wu': 1e-5 },
        runId: i === 0 ? 'run-h0' : null,
      }),
    );
  });
  points.push(mk({ hash: 'hx', idx: 5, role: 'hps', twinHash: 'b0', status: 'failed', reason: 'access transistor wider than the cell, "4F"', knobs: { 'synapse.transfer.everyImages': 128000, 'circuit.adcBits': 6 } }));
  const runs: ReportRun[] = [
    {
      id: 'run-h0',
      pointHash: 'h0',
      role: 'hps',
      config: {},
      seed: 7,
      appVersion: '0.1.0',
      backend: 'tfjs-wasm',
      status: 'done',
      error: null,
      summary: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      startedAt: null,
      finishedAt: null,
      epochs: [
        { epoch: 1, metrics: { accuracy: 0.7, loss: 1 } },
        { epoch: 2, metrics: { accuracy: 0.85, loss: 0.5 } },
      ],
      cost: {
        ok: true,
        energy: { fw: 0.012, ag: 0.01, wg: 0.37, wu: 1e-5, transfer: 0.008, total: 0.4 },
        latency: { fw: 1, ag: 0.5, wg: 1.2, wu: 0.1, transfer: 0.2, total: 3 },
        area: { total: 1.1e-5, byComponent: { adc: 6e-6, array: 5e-6 } },
        layers: [{ name: 'fc1', energy: { fw: 0.01, ag: 0, wg: 0.3, wu: 0, transfer: 0.005 }, latency: { fw: 0.8, ag: 0, wg: 1, wu: 0.05, transfer: 0.1 } }],
        assumptions: ['Training statistics: defaults.'],
        warnings: ['ADC fit extrapolated'],
      },
    },
  ];
  return {
    study: {
      id: 'study-1',
      name: 'Synthetic, "quoted" study',
      description: 'Hand-made values.',
      tags: [],
      spec: {
        name: 'Synthetic',
        base: { seed: 3, training: { epochs: 2 }, circuit: { node: 22 } },
        iso: ['workload.network', 'circuit.node'],
        knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [500, 2000, 8000, 32000, 128000] }],
        sampler: { kind: 'grid', seed: 1 },
        objectives: [
          { metric: 'energyPerEpoch', direction: 'min' },
          { metric: 'latencyPerEpoch', direction: 'min' },
        ],
        constraints: [],
        evaluation: 'cost+accuracy',
        baseline: { scheme: 'baseline' },
      },
      status: 'done',
      appVersion: '0.1.0',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    },
    points,
    runs,
    appVersion: '0.1.0',
    generatedAt: '2025-02-03T04:05:06.000Z',
  };
}

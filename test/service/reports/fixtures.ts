/**
 * Seed a realistic study directly through the Store API: a grid over the eNVM device, the transfer
 * interval and the ADC precision, expanded by core/dse (HPS points with baseline twins), priced by
 * the real cost model, plus a few training runs with epoch metrics and stored cost results.
 * Shared by the report service tests and scripts/bench/reports.ts.
 */
import { parseStudy } from '../../../src/core/dse/study';
import { expandStudy } from '../../../src/core/dse/expand';
import { evaluateCost, flattenCostMetrics } from '../../../src/core/cost';
import type { Store } from '../../../src/main/store/store';

export const SAMPLE_STUDY = {
  name: 'HPS vs eNVM: device, transfer interval and ADC',
  description: 'Which eNVM benefits most from a hybrid precision synapse, and at what transfer interval?',
  tags: ['report-test'],
  base: { workload: { network: 'mlp-784-100-10' }, training: { epochs: 3, batchSize: 32 }, circuit: { node: 32 } },
  knobs: [
    { path: 'synapse.device.preset', type: 'categorical', values: ['ag-a-si', 'taox-hfox', 'pcmo', 'gst-pcm', 'hzo-fefet'] },
    { path: 'synapse.transfer.everyImages', type: 'integer', values: [500, 2000, 8000, 32000] },
    { path: 'circuit.adcBits', type: 'integer', values: [4, 5, 6, 7] },
  ],
  sampler: { kind: 'grid' },
  objectives: [
    { metric: 'energyPerEpoch', direction: 'min' },
    { metric: 'latencyPerEpoch', direction: 'min' },
  ],
  constraints: [{ metric: 'area', op: '<=', value: 0.5 }],
} as const;

export interface Seeded {
  studyId: string;
  points: number;
  runs: number;
}

/** Seed the sample study (80 HPS points + 20 baseline twins) with `trainingRuns` training runs. */
export function seedSampleStudy(store: Store, opts: { trainingRuns?: number; id?: string } = {}): Seeded {
  const study = parseStudy(SAMPLE_STUDY);
  const plan = expandStudy(study);
  const row = store.createStudy({ id: opts.id, name: study.name, description: study.description, tags: study.tags, spec: study, status: 'done' });
  const points = plan.map((p, i) => {
    const r = evaluateCost(p.config);
    // One synthetic failure, to show how a bad design point is reported.
    const failed = i === 7;
    return {
      studyId: row.id,
      hash: p.hash,
      idx: p.index,
      role: p.role,
      twinHash: p.twinHash,
      knobs: p.knobValues as Record<string, unknown>,
      status: failed ? ('failed' as const) : r.ok ? ('done' as const) : ('infeasible' as const),
      metrics: !failed && r.ok ? flattenCostMetrics(r) : null,
      reason: failed ? 'worker crashed: out of memory (synthetic)' : r.ok ? null : r.reason,
      runId: null as string | null,
      elapsedMs: 0.25 + (i % 7) * 0.01,
    };
  });
  // Training runs for the first few HPS points and their twins.
  const n = opts.trainingRuns ?? 4;
  let runs = 0;
  const chosen = plan.filter((p) => p.role === 'hps').slice(0, Math.ceil(n / 2));
  const pairs = chosen.flatMap((p) => [p, plan.find((q) => q.hash === p.twinHash)!]).slice(0, n);
  for (const [k, p] of pairs.entries()) {
    const run = store.createRun({ studyId: row.id, pointHash: p.hash, role: p.role, config: p.config, seed: 1000 + k, backend: 'tfjs-wasm' });
    store.setRunStatus(run.id, 'running');
    const acc0 = p.role === 'hps' ? 0.62 : 0.55;
    for (let e = 1; e <= 3; e++) {
      store.recordEpoch(run.id, e, { epoch: e, accuracy: acc0 + 0.08 * e - 0.01 * k, loss: 1.4 / e, seconds: 12.5 * e });
    }
    const cost = evaluateCost(p.config);
    store.setCostResult(run.id, cost);
    store.setRunStatus(run.id, 'done', { summary: { finalAccuracy: acc0 + 0.24 - 0.01 * k } });
    const pt = points.find((x) => x.hash === p.hash)!;
    pt.runId = run.id;
    runs++;
  }
  store.insertPoints(points);
  return { studyId: row.id, points: points.length, runs };
}

/**
 * A large synthetic study (n HPS points, n/4 baseline twins) for the benchmark: metrics follow
 * simple monotone laws of the knobs so the Pareto front is non-trivial. No cost model calls.
 */
export function seedLargeStudy(store: Store, n: number): Seeded {
  const study = parseStudy({ ...SAMPLE_STUDY, name: `Large synthetic study (${n} points)` });
  const row = store.createStudy({ name: study.name, description: 'Synthetic metrics for the report benchmark.', spec: study, status: 'done' });
  const template = evaluateCost(expandStudy(study)[0]!.config);
  if (!template.ok) throw new Error('template point failed');
  const base = flattenCostMetrics(template);
  const pts = [];
  const nb = Math.max(1, Math.floor(n / 4));
  let idx = 0;
  for (let b = 0; b < nb; b++) {
    const f = 1 + (b % 17) / 17;
    pts.push({ studyId: row.id, hash: `b${b.toString(16).padStart(8, '0')}`, idx: idx++, role: 'baseline', twinHash: `b${b.toString(16).padStart(8, '0')}`, knobs: { 'circuit.adcBits': 4 + (b % 4) }, status: 'done' as const, metrics: scale(base, f * 1.3, f * 1.1), reason: null, runId: null, elapsedMs: 0.3 });
  }
  for (let i = 0; i < n; i++) {
    const u = ((i * 2654435761) % 4294967296) / 4294967296;
    const e = 0.5 + u;
    const l = 0.5 + 1 / (0.3 + u) / 3 + ((i * 40503) % 997) / 4000;
    pts.push({
      studyId: row.id,
      hash: `h${i.toString(16).padStart(8, '0')}`,
      idx: idx++,
      role: 'hps',
      twinHash: `b${(i % nb).toString(16).padStart(8, '0')}`,
      knobs: { 'synapse.device.preset': ['ag-a-si', 'pcmo', 'gst-pcm'][i % 3], 'synapse.transfer.everyImages': 500 * (1 + (i % 64)), 'circuit.adcBits': 4 + (i % 4) },
      status: i % 97 === 0 ? ('infeasible' as const) : ('done' as const),
      metrics: i % 97 === 0 ? null : scale(base, e, l),
      reason: i % 97 === 0 ? 'access transistor wider than the cell (synthetic)' : null,
      runId: null,
      elapsedMs: 0.2,
    });
  }
  store.insertPoints(pts);
  return { studyId: row.id, points: pts.length, runs: 0 };
}

function scale(m: Record<string, number>, e: number, l: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) out[k] = k.toLowerCase().includes('energy') ? v * e : k.toLowerCase().includes('latency') ? v * l : v;
  return out;
}

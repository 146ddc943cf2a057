import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../../../src/core/config/schema';
import { evaluateCost, type CostMetrics } from '../../../src/core/cost';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

export function calibrationConfig(): RunConfig {
  return runConfigSchema.parse(JSON.parse(readFileSync(`${root}resources/examples/neurosim-v21-default.json`, 'utf8')));
}

/** Calibration config with a deep-merged patch (circuit / training / synapse / workload). */
export function variant(patch: (c: RunConfigInput) => void): RunConfig {
  const raw = JSON.parse(readFileSync(`${root}resources/examples/neurosim-v21-default.json`, 'utf8')) as RunConfigInput;
  patch(raw);
  return runConfigSchema.parse(raw);
}

export function ok(cfg: RunConfig): CostMetrics {
  const r = evaluateCost(cfg);
  if (!r.ok) throw new Error(`design not feasible: ${r.reason}`);
  return r;
}

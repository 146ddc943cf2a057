/**
 * Benchmark of the cost model: VGG-8 training estimates (one epoch, NeuroSim V2.1 default design) per
 * second on one core, and the ratio to DNN+NeuroSim's ~277 s per design point (docs/cost.md).
 * Run: npx tsx scripts/bench/cost.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runConfigSchema, type RunConfig } from '../../src/core/config/schema';
import { evaluateCost } from '../../src/core/cost';

const NEUROSIM_SECONDS_PER_POINT = 277;

export interface CostBenchResult {
  points: number;
  seconds: number;
  pointsPerSecond: number;
  microsecondsPerPoint: number;
  speedupVsNeuroSim: number;
}

export function main(durationMs = 2000): CostBenchResult {
  const path = fileURLToPath(new URL('../../resources/examples/neurosim-v21-default.json', import.meta.url));
  const base = runConfigSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  // A small sweep so nothing is constant-folded: node, ADC bits, columns per ADC.
  const variants: RunConfig[] = [];
  for (const node of [45, 32, 22])
    for (const adcBits of [5, 6, 7])
      for (const columnsPerAdc of [4, 8, 16]) variants.push({ ...base, circuit: { ...base.circuit, node, adcBits, columnsPerAdc } });
  let sink = 0;
  for (let i = 0; i < 2000; i++) {
    const r = evaluateCost(variants[i % variants.length]!);
    if (r.ok) sink += r.energy.total;
  }
  let points = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < durationMs * 1e6) {
    for (let i = 0; i < 200; i++) {
      const r = evaluateCost(variants[(points + i) % variants.length]!);
      if (r.ok) sink += r.energy.total;
    }
    points += 200;
    elapsed = Number(process.hrtime.bigint() - t0);
  }
  const seconds = elapsed / 1e9;
  const pps = points / seconds;
  const res: CostBenchResult = {
    points,
    seconds,
    pointsPerSecond: pps,
    microsecondsPerPoint: 1e6 / pps,
    speedupVsNeuroSim: NEUROSIM_SECONDS_PER_POINT * pps,
  };
  console.log(`cost model, VGG-8 training estimate (1 epoch), one core: ${points} points in ${seconds.toFixed(2)} s`);
  console.log(`  ${pps.toFixed(0)} design points/s, ${res.microsecondsPerPoint.toFixed(1)} us/point (target >= 2,000 points/s)`);
  console.log(`  ratio to DNN+NeuroSim V2.1 (~${NEUROSIM_SECONDS_PER_POINT} s/point): ${res.speedupVsNeuroSim.toExponential(2)} x faster`);
  if (!Number.isFinite(sink)) console.log('unexpected non-finite energy');
  return res;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

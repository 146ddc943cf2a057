/**
 * Benchmark of the cost model: VGG-8 training estimates (one epoch, NeuroSim V2.1 default design) per
 * second on one core, in rounds (the range shows the machine's load), and the ratio to DNN+NeuroSim's
 * ~277 s per design point.
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
  /** Slowest and fastest of the rounds (the machine may be shared: report the range). */
  pointsPerSecondRange: [number, number];
  microsecondsPerPoint: number;
  speedupVsNeuroSim: number;
}

export function main(durationMs = 3000, rounds = 5): CostBenchResult {
  const path = fileURLToPath(new URL('../../resources/examples/neurosim-v21-default.json', import.meta.url));
  const base = runConfigSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  // A sweep a user would run, so nothing is constant-folded: node, ADC type and bits, columns per ADC.
  const variants: RunConfig[] = [];
  for (const node of [45, 32, 22, 7])
    for (const adcType of ['mlsa', 'sar'] as const)
      for (const adcBits of [5, 6, 7])
        for (const columnsPerAdc of [4, 8, 16]) variants.push({ ...base, circuit: { ...base.circuit, node, adcType, adcBits, columnsPerAdc } });
  let sink = 0;
  for (let i = 0; i < 2000; i++) {
    const r = evaluateCost(variants[i % variants.length]!);
    if (r.ok) sink += r.energy.total;
  }
  let points = 0;
  let elapsed = 0;
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    let dt = 0;
    while (dt < (durationMs / rounds) * 1e6) {
      for (let i = 0; i < 100; i++) {
        const r = evaluateCost(variants[(n + i) % variants.length]!);
        if (r.ok) sink += r.energy.total;
      }
      n += 100;
      dt = Number(process.hrtime.bigint() - t0);
    }
    points += n;
    elapsed += dt;
    perRound.push(n / (dt / 1e9));
  }
  const seconds = elapsed / 1e9;
  const pps = points / seconds;
  const res: CostBenchResult = {
    points,
    seconds,
    pointsPerSecond: pps,
    pointsPerSecondRange: [Math.min(...perRound), Math.max(...perRound)],
    microsecondsPerPoint: 1e6 / pps,
    speedupVsNeuroSim: NEUROSIM_SECONDS_PER_POINT * pps,
  };
  console.log(`cost model, VGG-8 training estimate (1 epoch), one core: ${points} points in ${seconds.toFixed(2)} s`);
  console.log(
    `  ${pps.toFixed(0)} design points/s (rounds ${res.pointsPerSecondRange.map((x) => x.toFixed(0)).join('-')}), ${res.microsecondsPerPoint.toFixed(1)} us/point (target >= 2,000 points/s)`,
  );
  console.log(`  ratio to DNN+NeuroSim V2.1 (~${NEUROSIM_SECONDS_PER_POINT} s/point): ${res.speedupVsNeuroSim.toExponential(2)} x faster`);
  if (!Number.isFinite(sink)) console.log('unexpected non-finite energy');
  return res;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

import { writeFileSync } from 'node:fs';
import { test } from '@playwright/test';

/**
 * A synthetic measured device as a CSV file in the test's output folder: the NeuroSim curve shape
 * (A = 0.25 of the pulse count), 40 levels, 1-10 uS, a little seeded noise.
 */
export function measuredDeviceCsv(): string {
  const rows = ['direction,pulse,conductance'];
  const A = 0.25 * 40;
  const gmin = 1e-6;
  const gmax = 10e-6;
  const B = (gmax - gmin) / (1 - Math.exp(-40 / A));
  let seed = 7;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1e-6;
  for (let p = 0; p <= 40; p++) rows.push(`ltp,${p},${(gmin + B * (1 - Math.exp(-p / A)) + noise()).toExponential(5)}`);
  for (let p = 0; p <= 40; p++) rows.push(`ltd,${p},${(gmax - B * (1 - Math.exp(-p / A)) + noise()).toExponential(5)}`);
  const file = test.info().outputPath('measured-device.csv');
  writeFileSync(file, rows.join('\n'));
  return file;
}

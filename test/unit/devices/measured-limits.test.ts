/**
 * Measured data at its limits: absurd pulse numbers (which used to crash the process while the
 * look-up table was allocated), very long sweeps and a CSV of 400,000 rows (which overflowed the
 * stack) are refused with the row, column and value; data just inside the limits still works.
 */
import { describe, expect, it } from 'vitest';
import { MAX_MEASURED_PULSE, MAX_SWEEP_POINTS, MeasuredDataError, measuredPreset, parseMeasuredCsv, validateSweeps } from '../../../src/core/devices/measured';

const ltd: [number, number][] = [[0, 3e-6], [1, 2e-6], [2, 1e-6]];

describe('measured device limits', () => {
  it.each([1e308, 9e6, 2e7, MAX_MEASURED_PULSE + 1])('refuses an LTP pulse number of %s, naming the point', (p) => {
    const ltp: [number, number][] = [[0, 1e-6], [1, 2e-6], [p, 3e-6]];
    expect(() => validateSweeps(ltp, ltd)).toThrow(MeasuredDataError);
    expect(() => measuredPreset(ltp, ltd)).toThrow(/column "ltp\[2\]\.pulse": LTP pulse number above 100000 .* \(value "/);
  });

  it('accepts the largest pulse number and builds its table (one entry per pulse)', () => {
    const ltp: [number, number][] = [[0, 1e-6], [1, 2e-6], [MAX_MEASURED_PULSE, 3e-6]];
    const preset = measuredPreset(ltp, ltd);
    expect(preset.lut!.ltp).toHaveLength(MAX_MEASURED_PULSE + 1);
    // The same arrays give the same preset object (the fit runs once per sweep pair).
    expect(measuredPreset(ltp, ltd)).toBe(preset);
  });

  it('refuses a sweep longer than the limit', () => {
    const long: [number, number][] = Array.from({ length: MAX_SWEEP_POINTS + 1 }, (_, k) => [k, 1e-6 + k * 1e-9]);
    expect(() => validateSweeps(long, ltd)).toThrow(/the LTP sweep has 2001 points; at most 2000 are supported/);
  });

  it('refuses a 400,000-row CSV by row count instead of overflowing the stack', () => {
    const rows = ['pulse,G_ltp,G_ltd'];
    for (let k = 0; k < 400_000; k++) rows.push(`${k},${1e-6 + k * 1e-12},${2e-6 - k * 1e-12}`);
    expect(() => parseMeasuredCsv(rows.join('\n'))).toThrow(/400001 rows: at most 2000 points per sweep \(4000 rows\) are supported/);
    // Without a header the column count is found without spreading every row onto the stack.
    expect(() => parseMeasuredCsv(rows.slice(1, 4002).join('\n'))).toThrow(/the LTP sweep has 4001 points; at most 2000 are supported/);
  });
});

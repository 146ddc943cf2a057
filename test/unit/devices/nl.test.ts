import { describe, expect, it } from 'vitest';
import { maxDeviation, nlToA, nlToANorm, nlToANormFast } from '../../../src/core/devices/nl';

// Check values: docs/devices.md#nl-to-a.
const CHECK: [number, number][] = [
  [0.01, 126.269],
  [0.1, 12.6258],
  [0.5, 2.5199],
  [1, 1.2517],
  [1.46, 0.8487],
  [1.75, 0.7021],
  [2, 0.609],
  [2.4, 0.4992],
  [3, 0.3868],
  [4.88, 0.2003],
  [5, 0.1924],
  [6, 0.1356],
  [9, 0.0228],
];

describe('NL -> A_norm (docs/devices.md#nl-to-a)', () => {
  it.each(CHECK)('NL %f -> A_norm %f within 1e-3 relative (exact solve)', (nl, a) => {
    expect(Math.abs(nlToANorm(nl) / a - 1)).toBeLessThan(1e-3);
  });
  it.each(CHECK)('NL %f -> A_norm %f within 1e-3 relative (table)', (nl, a) => {
    expect(Math.abs(nlToANormFast(nl) / a - 1)).toBeLessThan(1e-3);
  });
  it('the solved A reproduces the defining deviation 0.099 |NL|', () => {
    for (const nl of [0.3, 1.1, 2.7, 4.22, 7.5]) expect(maxDeviation(nlToANorm(nl))).toBeCloseTo(0.099 * nl, 9);
  });
  it('sign follows NL, magnitude scales with Pmax, NL = 0 is linear', () => {
    expect(nlToA(-2, 100)).toBeCloseTo(-nlToANorm(2) * 100, 9);
    expect(nlToA(2, 50)).toBeCloseTo(nlToANorm(2) * 50, 9);
    expect(nlToA(0, 10)).toBe(Infinity);
  });
  it('A_norm decreases as |NL| grows and the table agrees with the exact solve', () => {
    let prev = Infinity;
    for (let nl = 0.05; nl < 9.9; nl += 0.137) {
      const a = nlToANorm(nl);
      expect(a).toBeLessThan(prev);
      prev = a;
      expect(Math.abs(nlToANormFast(nl) / a - 1)).toBeLessThan(1e-4);
    }
  });
});

/**
 * The shared unit formatter (CLI, app, PDF). Every expected string is worked by hand from the SI
 * value: 1 pJ = 1e-12 J; 1 mm² = (1e-3 m)² = 1e-6 m²; 1 µm² = 1e-12 m²; 1 nm² = 1e-18 m².
 */
import { describe, expect, it } from 'vitest';
import {
  formatColumn,
  formatDuration,
  formatEng,
  formatNumber,
  formatPercent,
  formatProgress,
  formatRatio,
  formatScaled,
  normaliseUnit,
  pickScale,
  scaleFor,
  unitLabel,
} from '../../../src/core/format/units';

describe('energies and times: prefixes in steps of 10^3, number in [1, 1000)', () => {
  it('1.234e-12 J is 1.23 pJ; 5.46e-6 J is 5.46 µJ; 0.565 J is 565 mJ; 1234 J is 1.23 kJ', () => {
    expect(formatEng(1.234e-12, 'J')).toBe('1.23 pJ');
    expect(formatEng(5.46e-6, 'J')).toBe('5.46 µJ');
    expect(formatEng(0.565, 'J')).toBe('565 mJ');
    expect(formatEng(87.1, 'J')).toBe('87.1 J');
    expect(formatEng(1234, 'J')).toBe('1.23 kJ');
  });
  it('exact powers of ten stay at the lower prefix: 1e-12 J is 1 pJ, 1e-9 s is 1 ns', () => {
    expect(formatEng(1e-12, 'J')).toBe('1 pJ');
    expect(formatEng(1e-9, 's')).toBe('1 ns');
    expect(formatEng(1e-3, 's')).toBe('1 ms');
  });
  it('10e-9 s is 10 ns; 122.1 s stays in s; -2.5e-3 s is -2.5 ms (ASCII minus by default, U+2212 on request)', () => {
    expect(formatEng(10e-9, 's')).toBe('10 ns');
    expect(formatEng(122.1, 's')).toBe('122 s');
    // Times above a second stay in seconds (no ks): a latency column of 0.134 s and 3943 s reads in s.
    expect(formatEng(3943, 's')).toBe('3940 s');
    expect(formatColumn([0.134, 3943], 's')).toEqual({ label: 's', cells: ['0.134', '3940'] });
    expect(formatEng(-2.5e-3, 's')).toBe('-2.5 ms');
    expect(formatEng(-2.5e-3, 's', { minus: '−' })).toBe('−2.5 ms');
  });
  it('rounding carries into the next prefix: 999.6 pJ is 1 nJ, 999.4 pJ stays', () => {
    expect(formatEng(999.6e-12, 'J')).toBe('1 nJ');
    expect(formatEng(999.4e-12, 'J')).toBe('999 pJ');
  });
});

describe('areas: the prefix applies to the metre, so it counts twice', () => {
  it('97.24e-6 m² is 97.2 mm² (not µm²: 97.24e-6 m² / 1e-12 = 9.7e7 µm²)', () => {
    expect(formatEng(97.24e-6, 'm^2')).toBe('97.2 mm²');
    expect(formatEng(97.24e-6, 'm^2', { digits: 4 })).toBe('97.24 mm²');
    expect(scaleFor(97.24e-6, 'm^2')).toEqual({ divisor: 1e-6, label: 'mm²' });
  });
  it('13.40e-6 m² (the default design point) is 13.4 mm²', () => {
    expect(formatEng(13.40e-6, 'm^2')).toBe('13.4 mm²');
  });
  it('the smallest prefix that keeps the number below 1000: 3.651e-7 m² = 0.3651 mm²; 5e-11 m² = 50 µm²', () => {
    expect(formatEng(3.651e-7, 'm^2')).toBe('0.365 mm²');
    expect(formatEng(5e-11, 'm^2')).toBe('50 µm²');
    expect(formatEng(2e-12, 'm^2')).toBe('2 µm²');
    expect(formatEng(1e-6, 'm^2')).toBe('1 mm²');
    // 305.7e-12 m² = 305.7 µm² (an ADC's area); 1.6e-15 m² = 1600 nm² = 0.0016 µm².
    expect(formatEng(305.7e-12, 'm^2')).toBe('306 µm²');
    expect(formatEng(1.6e-15, 'm^2')).toBe('0.0016 µm²');
  });
  it('spellings m2 and m² are the same unit', () => {
    expect(formatEng(95.21e-6, 'm2')).toBe('95.2 mm²');
    expect(formatEng(95.21e-6, 'm²')).toBe('95.2 mm²');
    expect(normaliseUnit('m²')).toBe('m^2');
  });
});

describe('powers, conductances, fractions, plain numbers', () => {
  it('leakage power 174.9e-6 W is 175 µW; 22.35e-6 W is 22.4 µW; 1.2 W stays', () => {
    expect(formatEng(174.9e-6, 'W')).toBe('175 µW');
    expect(formatEng(22.35e-6, 'W')).toBe('22.4 µW');
    expect(formatEng(1.2, 'W')).toBe('1.2 W');
  });
  it('conductance: 10e-6/21 S = 476 nS; 38.46e-9 S = 38.5 nS', () => {
    expect(formatEng(10e-6 / 21, 'S')).toBe('476 nS');
    expect(formatEng(38.46e-9, 'S')).toBe('38.5 nS');
  });
  it('fractions are percentages, never milli: utilisation 0.8614 is 86.1 %', () => {
    expect(formatEng(0.8614, 'fraction')).toBe('86.1 %');
    expect(formatEng(0.9123, 'fraction')).toBe('91.2 %');
    expect(formatEng(0.0012, 'fraction')).toBe('0.12 %');
    expect(formatEng(0.5, '%')).toBe('50 %');
    expect(formatPercent(0.5)).toBe('50.0 %');
    expect(formatPercent(0.12345, 2)).toBe('12.35 %');
    expect(formatPercent(undefined)).toBe('–');
  });
  it('progress rounds down: 7,400 of 7,424 points is 99 %, only a finished job shows 100 %', () => {
    expect(formatProgress(7400 / 7424)).toBe('99 %');
    expect(formatProgress(0.999999)).toBe('99 %');
    expect(formatProgress(1)).toBe('100 %');
    expect(formatProgress(0.29)).toBe('29 %'); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(formatProgress(0.004)).toBe('0 %');
    expect(formatProgress(1.2)).toBe('100 %');
    expect(formatProgress(Number.NaN)).toBe('–');
  });
  it('units without an SI prefix print the number and the unit', () => {
    expect(formatEng(2.117, 'TOPS/W')).toBe('2.12 TOPS/W');
    expect(formatEng(1.84421e14, 'op')).toBe('1.84e14 op');
    expect(formatEng(42, '')).toBe('42');
    expect(formatEng(8, '1')).toBe('8');
  });
  it('zero, missing and non-finite values', () => {
    expect(formatEng(0, 'J')).toBe('0 J');
    expect(formatEng(null, 'J')).toBe('–');
    expect(formatEng(Number.NaN, 's')).toBe('–');
    expect(formatEng(Infinity, 's', { missing: 'n/a' })).toBe('n/a');
  });
  it('significant digits are an option; e-notation outside [1e-4, 1e6)', () => {
    expect(formatEng(1.23456e-9, 's', { digits: 5 })).toBe('1.2346 ns');
    expect(formatNumber(0.000012345, 3)).toBe('1.23e-5');
    expect(formatNumber(123456789, 3)).toBe('1.23e8');
    expect(formatNumber(1500, 3)).toBe('1500');
    expect(formatNumber(-0.25, 3, '–', '−')).toBe('−0.25');
  });
});

describe('table columns share one prefix', () => {
  it('the prefix of the largest magnitude: 36.4 mJ, 565 mJ, 1.7 mJ', () => {
    const s = pickScale([0.0364, 0.565, 1.7e-3], 'J');
    expect(s).toEqual({ divisor: 1e-3, label: 'mJ' });
    expect(formatScaled(0.0364, s)).toBe('36.4');
    expect(formatScaled(1.7e-3, s)).toBe('1.7');
    expect(formatScaled(undefined, s)).toBe('–');
  });
  it('formatColumn: latencies 71 ms, 24.66 ms, 5.6 us in ms; areas 4.18 mm² and 306 µm² in mm²', () => {
    expect(formatColumn([71e-3, 24.66e-3, 5.6e-6], 's')).toEqual({ label: 'ms', cells: ['71', '24.7', '0.0056'] });
    expect(formatColumn([4.178e-6, 305.7e-12], 'm^2')).toEqual({ label: 'mm²', cells: ['4.18', '0.000306'] });
    expect(formatColumn([0.61, 0.886], 'fraction')).toEqual({ label: '%', cells: ['61', '88.6'] });
  });
});

describe('ratios, durations, labels', () => {
  it('ratios keep three significant digits with trailing zeros', () => {
    expect(formatRatio(1)).toBe('1.00×');
    expect(formatRatio(0.41337)).toBe('0.413×');
    expect(formatRatio(1.95e-5)).toBe('1.95e-5×');
    expect(formatRatio(null)).toBe('–');
  });
  it('durations: 45 s; 200 s = 3 min 20 s; 7500 s = 2 h 05 min', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(7500)).toBe('2 h 05 min');
    expect(formatDuration(0.2)).toBe('< 1 s');
    expect(formatDuration(null)).toBe('–');
  });
  it('unit labels', () => {
    expect(unitLabel('m^2')).toBe('m²');
    expect(unitLabel('fraction')).toBe('%');
    expect(unitLabel('Ohm')).toBe('Ω');
    expect(unitLabel('1')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { formatEng, formatNumber, formatRatio, formatScaled, pickScale, scaleFor, unitLabel } from '../../../src/core/report/units';

describe('units: engineering formatting (hand-computed values)', () => {
  it('energy: 1.234e-12 J is 1.23 pJ; 5.46e-6 J is 5.46 µJ; 0.565 J is 565 mJ', () => {
    expect(formatEng(1.234e-12, 'J')).toBe('1.23 pJ');
    expect(formatEng(5.46e-6, 'J')).toBe('5.46 µJ');
    expect(formatEng(0.565, 'J')).toBe('565 mJ');
    expect(formatEng(87.1, 'J')).toBe('87.1 J');
    expect(formatEng(1234, 'J')).toBe('1.23 kJ');
  });
  it('time: 10e-9 s is 10 ns; 122.1 s stays in s; -2.5e-3 s is -2.5 ms', () => {
    expect(formatEng(10e-9, 's')).toBe('10 ns');
    expect(formatEng(122.1, 's')).toBe('122 s');
    expect(formatEng(-2.5e-3, 's')).toBe('-2.5 ms');
  });
  it('area scales by the prefix squared: 95.21e-6 m² is 95.2 mm²; 3.651e-7 m² is 0.365 mm² -> 365 000 µm²', () => {
    expect(formatEng(95.21e-6, 'm^2')).toBe('95.2 mm²');
    // 3.651e-7 m^2 = 0.3651 mm^2 = 365100 µm^2: the prefix gives a number in [1, 1e6) for squared units.
    expect(formatEng(3.651e-7, 'm^2')).toBe('365000 µm²');
    // 1.6e-15 m^2 = 1600 nm^2 (1 nm^2 = 1e-18 m^2).
    expect(formatEng(1.6e-15, 'm^2')).toBe('1600 nm²');
    expect(formatEng(2e-12, 'm^2')).toBe('2 µm²');
  });
  it('rounding carries into the next prefix: 999.6 pJ is 1 nJ', () => {
    expect(formatEng(999.6e-12, 'J')).toBe('1 nJ');
    expect(formatEng(999.4e-12, 'J')).toBe('999 pJ');
  });
  it('fractions print as percent; unitless and TOPS/W print the number only', () => {
    expect(formatEng(0.9123, 'fraction')).toBe('91.2 %');
    expect(formatEng(2.117, 'TOPS/W')).toBe('2.12 TOPS/W');
    expect(formatEng(1.84421e14, 'op')).toBe('1.84e14 op');
    expect(formatEng(42, '')).toBe('42');
  });
  it('zero, missing and non-finite values', () => {
    expect(formatEng(0, 'J')).toBe('0 J');
    expect(formatEng(null, 'J')).toBe('–');
    expect(formatEng(Number.NaN, 's')).toBe('–');
    expect(formatEng(Infinity, 's', { missing: 'n/a' })).toBe('n/a');
  });
  it('significant digits are an option', () => {
    expect(formatEng(1.23456e-9, 's', { digits: 5 })).toBe('1.2346 ns');
    expect(formatNumber(0.000012345, 3)).toBe('1.23e-5');
    expect(formatNumber(123456789, 3)).toBe('1.23e8');
    expect(formatNumber(1500, 3)).toBe('1500');
  });
  it('a column shares the prefix of its largest magnitude', () => {
    const s = pickScale([0.0364, 0.565, 1.7e-3], 'J');
    expect(s).toEqual({ divisor: 1e-3, label: 'mJ' });
    expect(formatScaled(0.0364, s)).toBe('36.4');
    expect(formatScaled(1.7e-3, s)).toBe('1.7');
    expect(formatScaled(undefined, s)).toBe('–');
    expect(scaleFor(95.21e-6, 'm^2')).toEqual({ divisor: 1e-6, label: 'mm²' });
  });
  it('ratios keep three significant digits with trailing zeros', () => {
    expect(formatRatio(1)).toBe('1.00×');
    expect(formatRatio(0.41337)).toBe('0.413×');
    expect(formatRatio(1.95e-5)).toBe('1.95e-5×');
    expect(formatRatio(null)).toBe('–');
  });
  it('unit labels', () => {
    expect(unitLabel('m^2')).toBe('m²');
    expect(unitLabel('fraction')).toBe('%');
    expect(unitLabel('Ohm')).toBe('Ω');
  });
});

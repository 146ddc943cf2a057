import { describe, expect, it } from 'vitest';
import {
  formatArea,
  formatDuration,
  formatEnergy,
  formatMetric,
  formatPercent,
  formatRatio,
  formatTime,
  sig,
} from '../../src/renderer/src/format';

describe('renderer formatters (SI in, display units out)', () => {
  it('rounds to significant digits without trailing zeros', () => {
    expect(sig(12.3456)).toBe('12.3');
    expect(sig(1.2)).toBe('1.2');
    expect(sig(0)).toBe('0');
    expect(sig(-2.5)).toBe('\u22122.5');
  });
  it('energy: J to fJ..J', () => {
    expect(formatEnergy(1.234e-12)).toBe('1.23 pJ');
    expect(formatEnergy(4.5e-9)).toBe('4.5 nJ');
    expect(formatEnergy(0.0123)).toBe('12.3 mJ');
    expect(formatEnergy(2)).toBe('2 J');
    expect(formatEnergy(999.9e-12)).toBe('1 nJ');
  });
  it('time: s to ns..s, long durations', () => {
    expect(formatTime(80e-9)).toBe('80 ns');
    expect(formatTime(3e-6)).toBe('3 µs');
    expect(formatTime(0.25)).toBe('250 ms');
    expect(formatTime(1.5)).toBe('1.5 s');
    expect(formatTime(200)).toBe('3 min 20 s');
  });
  it('area: m^2 to um^2 / mm^2', () => {
    expect(formatArea(50e-12)).toBe('50 µm²');
    expect(formatArea(1.5e-6)).toBe('1.5 mm²');
    expect(formatArea(3.2e-7)).toBe('0.32 mm²');
    expect(formatArea(97.24e-6)).toBe('97.2 mm²');
  });
  it('metrics by catalog unit, percent, ratio, durations', () => {
    expect(formatMetric(2e-3, 'J')).toBe('2 mJ');
    expect(formatMetric(1e-6, 'm^2')).toBe('1 mm²');
    expect(formatMetric(0.9312, 'fraction')).toBe('93.1 %');
    expect(formatMetric(12.5, 'TOPS/W')).toBe('12.5 TOPS/W');
    expect(formatMetric(null, 'J')).toBe('—');
    expect(formatPercent(0.5)).toBe('50.0 %');
    expect(formatRatio(3.21)).toBe('3.21×');
    expect(formatRatio(0.99953)).toBe('0.9995×');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(3600 * 2 + 300)).toBe('2 h 05 min');
    expect(formatDuration(null)).toBe('—');
  });
});

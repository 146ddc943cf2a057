/**
 * Renderer formatters: SI values from core (J, s, m^2, S, V, Hz) become display units (pJ, ns,
 * mm²...) through the shared formatter in core/format/units.ts (the CLI and the PDF use it too),
 * typeset with a true minus sign and an em dash for missing values. Pure functions, no DOM,
 * unit-tested in test/unit/renderer-format.test.ts.
 */
import { formatDuration as coreDuration, formatEng, formatNumber, formatPercent as corePercent, formatProgress as coreProgress, normaliseUnit, progressPercent } from '../../core/format/units';

const MINUS = '\u2212';
const MISSING = '—';
const STYLE = { missing: MISSING, minus: MINUS } as const;

/** Significant-digit rounding that drops trailing zeros: 3 -> "12.3", "1.23", "123". */
export function sig(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? MISSING : value > 0 ? '∞' : `${MINUS}∞`;
  return formatNumber(value, digits, MISSING, MINUS);
}

/** Energy in J -> "12.3 pJ". */
export const formatEnergy = (j: number, digits = 3): string => formatEng(j, 'J', { ...STYLE, digits });
/** Time in s -> "80 ns". Values >= 120 s use formatDuration. */
export const formatTime = (s: number, digits = 3): string => (Math.abs(s) >= 120 ? formatDuration(s) : formatEng(s, 's', { ...STYLE, digits }));
/** Area in m^2 -> "1.23 mm²", "50 µm²" (the prefix applies to the metre). */
export const formatArea = (m2: number, digits = 3): string => formatEng(m2, 'm^2', { ...STYLE, digits });
export const formatConductance = (s: number, digits = 3): string => formatEng(s, 'S', { ...STYLE, digits });
export const formatPower = (w: number, digits = 3): string => formatEng(w, 'W', { ...STYLE, digits });
export const formatFrequency = (hz: number, digits = 3): string => formatEng(hz, 'Hz', { ...STYLE, digits });

/** Seconds as a human duration for ETAs: "45 s", "3 min 20 s", "2 h 05 min". */
export const formatDuration = (seconds: number | null | undefined): string => coreDuration(seconds, MISSING);

/** Progress 0..1 of a job -> "99 %", rounded down (100 % only when done). */
export const formatProgress = (fraction: number): string => coreProgress(fraction, MISSING);
export { progressPercent };

/** Fraction 0..1 -> "42.5 %". */
export const formatPercent = (fraction: number, digits = 1): string => corePercent(fraction, digits, STYLE);

/** A ratio a/b as "3.2×"; ratios < 1 keep three significant digits ("0.412×"). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return MISSING;
  // Near 1, three digits would print "1×" for a 0.05 % difference: show four.
  return `${sig(ratio, Math.abs(ratio - 1) < 0.01 ? 4 : 3)}×`;
}

/** Plain count with thin grouping: 12345 -> "12,345". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  return Math.round(n).toLocaleString('en-US');
}

/**
 * A metric value given its SI unit (as the cost catalog states it): 'J', 's', 'm^2', 'W', 'S',
 * 'Hz', 'fraction', '%' (already in percent), 'TOPS/W' and so on; times of two minutes and more read as durations.
 */
export function formatMetric(value: number | null | undefined, unit = '', digits = 3): string {
  if (value === null || value === undefined) return MISSING;
  if (!Number.isFinite(value)) return sig(value);
  // '%' here means a value already in percent (a fraction's unit is 'fraction').
  if (unit.trim() === '%') return `${sig(value, digits)} %`;
  const u = unit.trim() === 'ratio' ? 'fraction' : normaliseUnit(unit);
  if (u === 's' && Math.abs(value) >= 120) return formatDuration(value);
  if (u === 'fraction') return corePercent(value, Math.max(0, digits - 2), STYLE);
  return formatEng(value, u, { ...STYLE, digits });
}

/**
 * Axis tick labels for a metric: enough significant digits that neighbouring ticks differ
 * (a front spanning 564.0 to 564.9 mJ needs four).
 */
export function axisFormatter(unit: string, min: number, max: number): (v: number) => string {
  const span = Math.abs(max - min);
  const mag = Math.max(Math.abs(min), Math.abs(max));
  const digits = span > 0 && mag > 0 ? Math.min(7, Math.max(2, Math.ceil(Math.log10(mag / span)) + 2)) : 3;
  return (v: number) => (v === 0 ? '0' : formatMetric(v, unit, digits));
}

/**
 * Display unit for an input in a given SI unit: the factor to divide an SI value by and its label.
 * Used by the wizard so a user types "80" ns rather than 8e-8 s.
 */
export function displayUnit(siUnit: string, scale: 'n' | 'u' | 'm' | 'f' | 'G' | 'k' | '' = ''): { factor: number; label: string } {
  const prefix: Record<string, [number, string]> = {
    f: [1e-15, 'f'],
    n: [1e-9, 'n'],
    u: [1e-6, 'µ'],
    m: [1e-3, 'm'],
    '': [1, ''],
    k: [1e3, 'k'],
    G: [1e9, 'G'],
  };
  const [factor, p] = prefix[scale]!;
  return { factor, label: `${p}${siUnit}` };
}

/** Short axis-tick formatter for charts with SI values: 1.2e-9 -> "1.2n". */
export function formatAxis(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const prefixes: [number, string][] = [
    [1e-15, 'f'],
    [1e-12, 'p'],
    [1e-9, 'n'],
    [1e-6, 'µ'],
    [1e-3, 'm'],
    [1, ''],
    [1e3, 'k'],
    [1e6, 'M'],
    [1e9, 'G'],
  ];
  let chosen = prefixes[5]!;
  for (const p of prefixes) if (abs >= p[0] * 0.9995) chosen = p;
  if (abs < 1e-15) chosen = prefixes[0]!;
  return `${sig(value / chosen[0], 3)}${chosen[1]}`;
}

/** ISO timestamp -> local "2025-01-31 14:05". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Renderer formatters: the only place SI values from core (J, s, m^2, S, V, Hz) become display
 * units (pJ, ns, um^2...). Pure functions, no DOM, unit-tested in test/unit/renderer-format.test.ts.
 */

const MINUS = '\u2212';

/** Significant-digit rounding that drops trailing zeros: 3 -> "12.3", "1.23", "123". */
export function sig(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '—' : value > 0 ? '∞' : `${MINUS}∞`;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  let s: string;
  if (abs >= 1e6 || abs < 1e-3) {
    s = value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  } else {
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
    s = value.toFixed(Math.min(decimals, 10));
    if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s.replace(/^-/, MINUS);
}

interface Scale {
  factor: number;
  unit: string;
}

function pick(value: number, scales: readonly Scale[]): Scale {
  const abs = Math.abs(value);
  if (abs === 0 || !Number.isFinite(abs)) return scales.find((s) => s.factor === 1) ?? scales[0]!;
  // Largest scale whose value is >= 1 (scales ordered small -> large).
  let chosen = scales[0]!;
  for (const s of scales) if (abs >= s.factor * 0.9995) chosen = s;
  return chosen;
}

function scaled(value: number, scales: readonly Scale[], digits: number): string {
  const s = pick(value, scales);
  return `${sig(value / s.factor, digits)} ${s.unit}`;
}

const ENERGY: readonly Scale[] = [
  { factor: 1e-15, unit: 'fJ' },
  { factor: 1e-12, unit: 'pJ' },
  { factor: 1e-9, unit: 'nJ' },
  { factor: 1e-6, unit: 'µJ' },
  { factor: 1e-3, unit: 'mJ' },
  { factor: 1, unit: 'J' },
  { factor: 1e3, unit: 'kJ' },
];
const TIME: readonly Scale[] = [
  { factor: 1e-12, unit: 'ps' },
  { factor: 1e-9, unit: 'ns' },
  { factor: 1e-6, unit: 'µs' },
  { factor: 1e-3, unit: 'ms' },
  { factor: 1, unit: 's' },
];
const AREA: readonly Scale[] = [
  { factor: 1e-12, unit: 'µm²' },
  { factor: 1e-6, unit: 'mm²' },
  { factor: 1e-4, unit: 'cm²' },
];
const CONDUCTANCE: readonly Scale[] = [
  { factor: 1e-12, unit: 'pS' },
  { factor: 1e-9, unit: 'nS' },
  { factor: 1e-6, unit: 'µS' },
  { factor: 1e-3, unit: 'mS' },
  { factor: 1, unit: 'S' },
];
const POWER: readonly Scale[] = [
  { factor: 1e-9, unit: 'nW' },
  { factor: 1e-6, unit: 'µW' },
  { factor: 1e-3, unit: 'mW' },
  { factor: 1, unit: 'W' },
];
const FREQUENCY: readonly Scale[] = [
  { factor: 1, unit: 'Hz' },
  { factor: 1e3, unit: 'kHz' },
  { factor: 1e6, unit: 'MHz' },
  { factor: 1e9, unit: 'GHz' },
];

/** Energy in J -> "12.3 pJ". */
export const formatEnergy = (j: number, digits = 3): string => scaled(j, ENERGY, digits);
/** Time in s -> "80 ns". Values >= 120 s use formatDuration. */
export const formatTime = (s: number, digits = 3): string => (Math.abs(s) >= 120 ? formatDuration(s) : scaled(s, TIME, digits));
/** Area in m^2 -> "1.23 mm²". Areas below 1 um^2 stay in um^2. */
export const formatArea = (m2: number, digits = 3): string => scaled(m2, AREA, digits);
export const formatConductance = (s: number, digits = 3): string => scaled(s, CONDUCTANCE, digits);
export const formatPower = (w: number, digits = 3): string => scaled(w, POWER, digits);
export const formatFrequency = (hz: number, digits = 3): string => scaled(hz, FREQUENCY, digits);

/** Seconds as a human duration for ETAs: "45 s", "3 min 20 s", "2 h 05 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Fraction 0..1 -> "42.5 %". */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits).replace(/^-/, MINUS)} %`;
}

/** A ratio a/b as "3.2×"; ratios < 1 keep three significant digits ("0.412×"). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  // Near 1, three digits would print "1×" for a 0.05 % difference: show four.
  return `${sig(ratio, Math.abs(ratio - 1) < 0.01 ? 4 : 3)}×`;
}

/** Plain count with thin grouping: 12345 -> "12,345". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/**
 * A metric value given its SI unit (as the cost catalog states it): 'J', 's', 'm^2', 'W', 'S',
 * 'Hz', 'fraction' / '%' / '1', 'TOPS/W' and so on. Unknown units print with 3 significant digits.
 */
export function formatMetric(value: number | null | undefined, unit = '', digits = 3): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return sig(value);
  switch (normUnit(unit)) {
    case 'J':
      return formatEnergy(value, digits);
    case 's':
      return Math.abs(value) >= 120 ? formatDuration(value) : scaled(value, TIME, digits);
    case 'm^2':
      return formatArea(value, digits);
    case 'W':
      return formatPower(value, digits);
    case 'S':
      return formatConductance(value, digits);
    case 'Hz':
      return formatFrequency(value, digits);
    case 'fraction':
      return formatPercent(value, Math.max(0, digits - 2));
    case '%':
      return `${sig(value, digits)} %`;
    case '':
    case '1':
      return sig(value, digits);
    default:
      return `${sig(value, digits)} ${unit}`;
  }
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

function normUnit(unit: string): string {
  const u = unit.trim();
  if (u === 'm2' || u === 'm²' || u === 'm^2') return 'm^2';
  if (u === 'ratio' || u === 'fraction' || u === '0..1') return 'fraction';
  return u;
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

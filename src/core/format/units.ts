/**
 * The one formatter for human-readable numbers: CLI tables, the app and the PDF all print through
 * it. Values everywhere else are SI base units (J, s, m^2, W, S, fractions 0..1); here they get an
 * engineering prefix whose exponent is a multiple of 3.
 *
 * - `formatEng(1.234e-12, 'J')` -> '1.23 pJ' (3 significant digits by default, trailing zeros dropped).
 * - Squared units scale by the prefix squared (1 mm² = 1e-6 m²), and the prefix is the smallest one
 *   that brings the number below 1000: 97.24e-6 m² -> '97.2 mm²', 3.651e-7 m² -> '0.365 mm²',
 *   5e-11 m² -> '50 µm²'. (A prefix applied to m² as if it were m would print 97.24e-6 m² as µm².)
 * - 'fraction' (0..1: accuracy, utilisation) prints as a percentage: 0.9123 -> '91.2 %'.
 * - Units without an SI prefix (TOPS/W, op, '') print the number with the unit, e-notation when large.
 * - A table column shares one prefix: `formatColumn(values, unit)` (or `pickScale` + `formatScaled`).
 *
 * Pure: no DOM, no Node.
 */

/** SI prefixes by power-of-ten exponent (multiples of 3). 'µ' is U+00B5 MICRO SIGN. */
const PREFIXES: Readonly<Record<number, string>> = {
  [-24]: 'y',
  [-21]: 'z',
  [-18]: 'a',
  [-15]: 'f',
  [-12]: 'p',
  [-9]: 'n',
  [-6]: 'µ',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
  21: 'Z',
  24: 'Y',
};

/** Units that take SI prefixes, with their dimension power (m^2 scales by the prefix squared). */
const PREFIXABLE: Readonly<Record<string, { symbol: string; power: number }>> = {
  J: { symbol: 'J', power: 1 },
  s: { symbol: 's', power: 1 },
  W: { symbol: 'W', power: 1 },
  Hz: { symbol: 'Hz', power: 1 },
  F: { symbol: 'F', power: 1 },
  S: { symbol: 'S', power: 1 },
  V: { symbol: 'V', power: 1 },
  A: { symbol: 'A', power: 1 },
  C: { symbol: 'C', power: 1 },
  m: { symbol: 'm', power: 1 },
  Ohm: { symbol: 'Ω', power: 1 },
  'Ω': { symbol: 'Ω', power: 1 },
  'm^2': { symbol: 'm²', power: 2 },
  'bit/s': { symbol: 'bit/s', power: 1 },
  'J/bit': { symbol: 'J/bit', power: 1 },
  'J/op': { symbol: 'J/op', power: 1 },
};

export interface Scale {
  /** Divide a value in SI by this to get the displayed number. */
  readonly divisor: number;
  /** Unit label to print after the number ('pJ', 'mm²', '%', 'TOPS/W', ''). */
  readonly label: string;
}

export interface FormatOptions {
  /** Significant digits (default 3). */
  readonly digits?: number;
  /** Text for a missing or non-finite value (default '–'). */
  readonly missing?: string;
  /** Minus sign: ASCII '-' (default; terminals, CSV-like text) or U+2212 '−' (typeset: app, PDF). */
  readonly minus?: '-' | '−';
}

/**
 * The canonical spelling of a unit: 'm2' and 'm²' are 'm^2'; '%', '1' for an accuracy and 'ratio'
 * are not normalised here (their meaning depends on the metric), except '%' which means a fraction.
 */
export function normaliseUnit(unit: string): string {
  const u = unit.trim();
  if (u === 'm2' || u === 'm²') return 'm^2';
  if (u === '%' || u === '0..1') return 'fraction';
  if (u === '1') return '';
  return u;
}

/** Is the unit one formatEng puts an SI prefix on? */
export function isPrefixable(unit: string): boolean {
  return Object.prototype.hasOwnProperty.call(PREFIXABLE, normaliseUnit(unit));
}

/** Human label of a unit without prefix ('m^2' -> 'm²', 'fraction' -> '%'). */
export function unitLabel(unit: string): string {
  const u = normaliseUnit(unit);
  if (u === 'fraction') return '%';
  return PREFIXABLE[u]?.symbol ?? u;
}

function withMinus(s: string, minus: '-' | '−' | undefined): string {
  return minus === '−' ? s.replace(/^-/, '−') : s;
}

/**
 * Round to `digits` significant digits and print without trailing zeros or exponent where the
 * magnitude is reasonable (1e-4 <= |x| < 1e6), otherwise in e-notation ('1.23e-7').
 */
export function formatNumber(x: number | null | undefined, digits = 3, missing = '–', minus: '-' | '−' = '-'): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return missing;
  if (x === 0) return '0';
  const r = Number(x.toPrecision(digits));
  const a = Math.abs(r);
  if (a >= 1e-4 && a < 1e6) {
    // Number -> String is the shortest round-trip form: no trailing zeros.
    const s = String(r);
    if (!s.includes('e')) return withMinus(s, minus);
  }
  const [mant, exp] = r.toExponential(digits - 1).split('e');
  const m = mant!.includes('.') ? mant!.replace(/0+$/, '').replace(/\.$/, '') : mant!;
  return withMinus(`${m}e${Number(exp)}`, minus);
}

/**
 * The engineering exponent (multiple of 3) for |x| in a unit of dimension power `power`: the
 * smallest one for which |x| / 10^(e * power) < 1000. For power 1 that is the usual [1, 1000).
 */
function engExponent(x: number, power: number): number {
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return 0;
  // e * power > log10(a) - 3, e a multiple of 3; the epsilon keeps exact powers of ten (1 pJ) in range.
  const e = (Math.floor((Math.log10(a) - 3) / (3 * power) + 1e-9) + 1) * 3;
  return Math.max(-24, Math.min(24, e));
}

/** Units that stay in the base unit above 1: times read 3940 s, not 3.94 ks. */
const NO_LARGE_PREFIX: ReadonlySet<string> = new Set(['s']);

/** The scale to print `x` (in SI `unit`) with: the prefix that puts the number in [1, 1000) (squared units: below 1000). */
export function scaleFor(x: number, unit: string): Scale {
  const u = normaliseUnit(unit);
  if (u === 'fraction') return { divisor: 0.01, label: '%' };
  const p = PREFIXABLE[u];
  if (!p) return { divisor: 1, label: u };
  let e = engExponent(x, p.power);
  if (e > 0 && NO_LARGE_PREFIX.has(u)) e = 0;
  return { divisor: 10 ** (e * p.power), label: `${PREFIXES[e]}${p.symbol}` };
}

/**
 * One scale for a set of values (a table column or chart axis): the prefix of the largest
 * magnitude, so every value in the column reads below 1000 in the shared unit.
 */
export function pickScale(values: readonly (number | null | undefined)[], unit: string): Scale {
  let max = 0;
  for (const v of values) if (v != null && Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return scaleFor(max, unit);
}

/** Format with a fixed scale (no unit label). */
export function formatScaled(x: number | null | undefined, scale: Scale, opts: FormatOptions = {}): string {
  if (x == null || !Number.isFinite(x)) return opts.missing ?? '–';
  return formatNumber(x / scale.divisor, opts.digits ?? 3, opts.missing, opts.minus);
}

/** Format a value in SI `unit` with the best engineering prefix: '1.23 pJ', '95.2 mm²', '91.2 %'. */
export function formatEng(x: number | null | undefined, unit: string, opts: FormatOptions = {}): string {
  if (x == null || !Number.isFinite(x)) return opts.missing ?? '–';
  const u = normaliseUnit(unit);
  const digits = opts.digits ?? 3;
  let scale = scaleFor(x, u);
  // Rounding can carry into the next prefix (999.6 pJ -> 1000 pJ): re-pick from the rounded value.
  if (u !== 'fraction') scale = scaleFor(Number((x / scale.divisor).toPrecision(digits)) * scale.divisor, u);
  const num = formatNumber(x / scale.divisor, digits, opts.missing, opts.minus);
  return scale.label ? `${num} ${scale.label}` : num;
}

/** A table column in one unit: the shared label ('mJ', 'mm²', '%') and each value scaled to it. */
export function formatColumn(values: readonly (number | null | undefined)[], unit: string, opts: FormatOptions = {}): { label: string; cells: string[] } {
  const scale = pickScale(values, unit);
  return { label: scale.label, cells: values.map((v) => formatScaled(v, scale, opts)) };
}

/** A ratio such as HPS / baseline: '0.123×' (3 significant digits, trailing zeros kept so ratios line up). */
export function formatRatio(r: number | null | undefined, digits = 3, opts: Pick<FormatOptions, 'missing' | 'minus'> = {}): string {
  if (r == null || !Number.isFinite(r)) return opts.missing ?? '–';
  const a = Math.abs(r);
  if (a === 0) return '0×';
  if (a >= 1e-3 && a < 1e4) {
    const s = r.toPrecision(digits);
    if (!s.includes('e')) return `${withMinus(s, opts.minus)}×`;
  }
  return `${formatNumber(r, digits, opts.missing, opts.minus)}×`;
}

/** A fraction (0..1) as a percentage with a fixed number of decimals: 0.5 -> '50.0 %' (progress, accuracy lists). */
export function formatPercent(fraction: number | null | undefined, decimals = 1, opts: Pick<FormatOptions, 'missing' | 'minus'> = {}): string {
  if (fraction == null || !Number.isFinite(fraction)) return opts.missing ?? '–';
  return `${withMinus((fraction * 100).toFixed(decimals), opts.minus)} %`;
}

/** Text for HTML (chart tooltips): &, <, > and " escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}

/** Whole percent of work done, rounded down (bars and their text agree: 100 only when done). */
export function progressPercent(fraction: number): number {
  return Math.floor(Math.min(1, Math.max(0, fraction)) * 100 + 1e-9);
}

/**
 * Progress of unfinished work as whole percent, rounded down: 7,400 of 7,424 points is "99 %", not
 * "100 %", which only a finished job shows. Clamped to 0..100.
 */
export function formatProgress(fraction: number | null | undefined, missing = '–'): string {
  if (fraction == null || !Number.isFinite(fraction)) return missing;
  return `${progressPercent(fraction)} %`;
}

/** Seconds as a human duration (ETAs, wall time): '45 s', '3 min 20 s', '2 h 05 min'. */
export function formatDuration(seconds: number | null | undefined, missing = '–'): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return missing;
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * Engineering-unit formatting for reports. Values inside core are SI base units (J, s, m^2, W...);
 * reports print them with an SI prefix whose exponent is a multiple of 3 (pJ, ms, mm^2).
 *
 * - `formatEng(1.234e-12, 'J')` -> '1.23 pJ' (3 significant digits by default, trailing zeros dropped).
 * - Squared units scale by the prefix squared: `formatEng(95.21e-6, 'm^2')` -> '95.2 mm²'.
 * - 'fraction' (0..1, e.g. accuracy) prints as a percentage: `formatEng(0.9123, 'fraction')` -> '91.2 %'.
 * - Units without an SI base (TOPS/W, '', 'count') print the number only, in plain or e-notation.
 * - A table column shares one prefix: `pickScale(values, unit)` then `formatScaled(v, scale)`.
 *
 * Pure: no DOM, no node.
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

/** Units that take SI prefixes, with their dimension power (m^2 scales by prefix squared). */
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
  'm2': { symbol: 'm²', power: 2 },
  'm²': { symbol: 'm²', power: 2 },
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
}

/** Is the unit one formatEng puts an SI prefix on? */
export function isPrefixable(unit: string): boolean {
  return Object.prototype.hasOwnProperty.call(PREFIXABLE, unit);
}

/** Human label of a unit without prefix ('m^2' -> 'm²', 'fraction' -> '%'). */
export function unitLabel(unit: string): string {
  if (unit === 'fraction') return '%';
  return PREFIXABLE[unit]?.symbol ?? unit;
}

/**
 * Round to `digits` significant digits and print without trailing zeros or exponent where the
 * magnitude is reasonable (1e-4 <= |x| < 1e6), otherwise in e-notation ('1.23e-7').
 */
export function formatNumber(x: number, digits = 3, missing = '–'): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return missing;
  if (x === 0) return '0';
  const r = Number(x.toPrecision(digits));
  const a = Math.abs(r);
  if (a >= 1e-4 && a < 1e6) {
    // toPrecision may give e-notation for large integers-ish values; Number->String is shortest.
    const s = String(r);
    if (!s.includes('e')) return s;
  }
  const [mant, exp] = r.toExponential(digits - 1).split('e');
  const m = mant!.includes('.') ? mant!.replace(/0+$/, '').replace(/\.$/, '') : mant!;
  return `${m}e${Number(exp)}`;
}

/** The engineering exponent (multiple of 3) for |x| in a unit of dimension power `power`. */
function engExponent(x: number, power: number): number {
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return 0;
  const decade = Math.floor(Math.log10(a) / power + 1e-12);
  let e = Math.floor(decade / 3) * 3;
  e = Math.max(-24, Math.min(24, e));
  return e;
}

/** The scale to print `x` (in SI `unit`) with: prefix chosen so the number is in [1, 1000). */
export function scaleFor(x: number, unit: string): Scale {
  if (unit === 'fraction') return { divisor: 0.01, label: '%' };
  const p = PREFIXABLE[unit];
  if (!p) return { divisor: 1, label: unit };
  const e = engExponent(x, p.power);
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
  return formatNumber(x / scale.divisor, opts.digits ?? 3, opts.missing);
}

/** Format a value in SI `unit` with the best engineering prefix: '1.23 pJ', '95.2 mm²', '91.2 %'. */
export function formatEng(x: number | null | undefined, unit: string, opts: FormatOptions = {}): string {
  if (x == null || !Number.isFinite(x)) return opts.missing ?? '–';
  const digits = opts.digits ?? 3;
  let scale = scaleFor(x, unit);
  // Rounding can carry into the next prefix (999.6 pJ -> 1000 pJ): re-pick from the rounded value.
  const rounded = Number((x / scale.divisor).toPrecision(digits)) * scale.divisor;
  if (unit !== 'fraction') scale = scaleFor(rounded, unit);
  const num = formatNumber(x / scale.divisor, digits, opts.missing);
  return scale.label ? `${num} ${scale.label}` : num;
}

/** A ratio such as HPS / baseline: '0.123×' (3 significant digits). */
export function formatRatio(r: number | null | undefined, digits = 3): string {
  if (r == null || !Number.isFinite(r)) return '–';
  const a = Math.abs(r);
  // Keep trailing zeros (1.00×) so ratios line up; e-notation outside [0.001, 10000).
  if (a === 0) return '0×';
  if (a >= 1e-3 && a < 1e4) {
    const s = r.toPrecision(digits);
    if (!s.includes('e')) return `${s}×`;
  }
  return `${formatNumber(r, digits)}×`;
}

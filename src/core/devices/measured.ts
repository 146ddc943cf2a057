/**
 * Measured devices (docs/devices.md#measured): users bring conductance-vs-pulse
 * sweeps, one LTP (potentiation from low G) and one LTD (depression from high G).
 *
 * - parseMeasuredCsv: CSV text -> validated sweeps; errors name the row, column and value.
 * - validateSweeps: numeric, enough points, pulse numbers increasing, monotonic enough.
 * - fitMeasured: least-squares fit to the NeuroSim model (NL per direction, levels, Gmin, Gmax)
 *   plus a cycle-to-cycle sigma, with the fit error.
 * - measuredLut / measuredPreset: the look-up-table device the synapse schemes use.
 */
import { ConfigError } from '../errors';
import type { DeviceParams, DevicePreset, MeasuredLut } from './types';
import { nlToANormFast } from './nl';

export type Sweep = ReadonlyArray<readonly [number, number]>;

/** Minimum points per sweep (3 parameters per direction: NL, Gmin, Gmax span). Matches the config schema. */
export const MIN_SWEEP_POINTS = 3;
/** A sweep may fall back from its running extreme by at most this fraction of its range. */
export const MAX_BACKTRACK = 0.5;
/**
 * Upper bounds that keep every use of measured data bounded in time and memory: the look-up table
 * has one entry per pulse (so 1e308 pulses cannot be allocated), and the fit visits every point
 * a few thousand times. Real sweeps have tens to a few thousand pulses.
 */
export const MAX_SWEEP_POINTS = 2_000;
export const MAX_MEASURED_PULSE = 100_000;

/** A measured-data problem, with the CSV row (1-based, counting the header) and column when known. */
export class MeasuredDataError extends ConfigError {
  readonly row: number | undefined;
  readonly column: string | undefined;
  readonly value: string | undefined;
  constructor(message: string, where: { row?: number; column?: string; value?: string } = {}) {
    const loc = [where.row !== undefined ? `row ${where.row}` : '', where.column ? `column "${where.column}"` : '']
      .filter(Boolean)
      .join(', ');
    const val = where.value !== undefined ? ` (value "${where.value}")` : '';
    super(`measured device data: ${loc ? `${loc}: ` : ''}${message}${val}`);
    this.row = where.row;
    this.column = where.column;
    this.value = where.value;
  }
}

const UNIT: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ns: 1e-9, ps: 1e-12 };

/** Unit scale from a header like "G_ltp (uS)" or "conductance [nS]"; 1 (siemens) when none. */
function headerUnit(h: string): number {
  const m = /[([]\s*([mµμunp]?s)\s*[)\]]\s*$/i.exec(h);
  if (!m) return 1;
  const u = m[1]!;
  const key = u.length === 1 ? 's' : u[0]!.toLowerCase() + 's';
  const scale = UNIT[key];
  return scale ?? 1;
}

function splitLine(line: string): string[] {
  const sep = line.includes('\t') ? '\t' : line.includes(';') && !line.includes(',') ? ';' : ',';
  return line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

function num(cell: string, row: number, column: string): number {
  const v = cell === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(v)) throw new MeasuredDataError('not a number', { row, column, value: cell });
  return v;
}

/**
 * Parse a CSV of pulse number vs conductance. Accepted layouts (header optional, `#` comments,
 * comma / semicolon / tab separated; a unit in a header, e.g. "G (uS)", scales that column):
 *  - long:  direction,pulse,conductance   with direction "ltp" / "ltd" (also potentiation / depression)
 *  - wide3: pulse,G_ltp,G_ltd             one pulse column shared; a sweep may leave cells empty
 *  - wide4: pulse_ltp,G_ltp,pulse_ltd,G_ltd
 * The LTD sweep lists conductance after 0, 1, 2, ... depression pulses starting from high G.
 */
export function parseMeasuredCsv(text: string): { ltp: [number, number][]; ltd: [number, number][] } {
  const lines = text.split(/\r?\n/);
  const rows: { row: number; cells: string[] }[] = [];
  lines.forEach((l, i) => {
    const t = l.trim();
    if (t === '' || t.startsWith('#')) return;
    rows.push({ row: i + 1, cells: splitLine(t) });
  });
  if (rows.length === 0) throw new MeasuredDataError('the file is empty');
  if (rows.length > 2 * MAX_SWEEP_POINTS + 1)
    throw new MeasuredDataError(`${rows.length} rows: at most ${MAX_SWEEP_POINTS} points per sweep (${2 * MAX_SWEEP_POINTS} rows) are supported`, { row: rows[2 * MAX_SWEEP_POINTS + 1]!.row });
  const first = rows[0]!;
  const firstIsHeader = first.cells.some((c, j) => !(j === 0 && /^(ltp|ltd|potentiation|depression|set|reset)$/i.test(c)) && !Number.isFinite(Number(c)) && c !== '');
  const header = firstIsHeader ? first.cells : null;
  const data = firstIsHeader ? rows.slice(1) : rows;
  if (data.length === 0) throw new MeasuredDataError('no data rows after the header', { row: first.row });
  const width = header ? header.length : data.reduce((w, r) => Math.max(w, r.cells.length), 0);
  const colName = (j: number, fallback: string) => header?.[j] ?? fallback;
  const scale = (j: number) => (header?.[j] ? headerUnit(header[j]!) : 1);
  const ltp: [number, number][] = [];
  const ltd: [number, number][] = [];
  const longFormat = /^(ltp|ltd|potentiation|depression|set|reset)$/i.test(data[0]!.cells[0] ?? '') || /dir/i.test(header?.[0] ?? '');
  for (const r of data) {
    const c = r.cells;
    if (longFormat) {
      if (c.length < 3) throw new MeasuredDataError(`expected 3 columns (direction, pulse, conductance), found ${c.length}`, { row: r.row });
      const d = c[0]!.toLowerCase();
      const dir = d === 'ltp' || d === 'potentiation' || d === 'set' ? ltp : d === 'ltd' || d === 'depression' || d === 'reset' ? ltd : null;
      if (!dir) throw new MeasuredDataError('direction must be "ltp" or "ltd"', { row: r.row, column: colName(0, 'direction'), value: c[0] });
      dir.push([num(c[1]!, r.row, colName(1, 'pulse')), num(c[2]!, r.row, colName(2, 'conductance')) * scale(2)]);
    } else if (width === 3 || width === 2) {
      if (c.length < 2) throw new MeasuredDataError(`expected at least 2 columns, found ${c.length}`, { row: r.row });
      const p = num(c[0]!, r.row, colName(0, 'pulse'));
      if ((c[1] ?? '') !== '') ltp.push([p, num(c[1]!, r.row, colName(1, 'G_ltp')) * scale(1)]);
      if ((c[2] ?? '') !== '') ltd.push([p, num(c[2]!, r.row, colName(2, 'G_ltd')) * scale(2)]);
    } else if (width === 4) {
      if ((c[0] ?? '') !== '' || (c[1] ?? '') !== '')
        ltp.push([num(c[0] ?? '', r.row, colName(0, 'pulse_ltp')), num(c[1] ?? '', r.row, colName(1, 'G_ltp')) * scale(1)]);
      if ((c[2] ?? '') !== '' || (c[3] ?? '') !== '')
        ltd.push([num(c[2] ?? '', r.row, colName(2, 'pulse_ltd')), num(c[3] ?? '', r.row, colName(3, 'G_ltd')) * scale(3)]);
    } else {
      throw new MeasuredDataError(
        `cannot tell the layout from ${width} columns; use "direction,pulse,conductance", "pulse,G_ltp,G_ltd" or "pulse_ltp,G_ltp,pulse_ltd,G_ltd"`,
        { row: (header ? first : r).row },
      );
    }
  }
  const rowOf = (dir: 'ltp' | 'ltd', k: number): number | undefined => {
    let seen = -1;
    for (const r of data) {
      const c = r.cells;
      const isDir = longFormat
        ? (/^(ltp|potentiation|set)$/i.test(c[0] ?? '') ? 'ltp' : 'ltd') === dir
        : width === 4
          ? (dir === 'ltp' ? (c[0] ?? '') !== '' || (c[1] ?? '') !== '' : (c[2] ?? '') !== '' || (c[3] ?? '') !== '')
          : (c[dir === 'ltp' ? 1 : 2] ?? '') !== '';
      if (isDir && ++seen === k) return r.row;
    }
    return undefined;
  };
  validateSweeps(ltp, ltd, rowOf);
  return { ltp, ltd };
}

/**
 * Check both sweeps; throws MeasuredDataError naming the sweep, point (or CSV row) and value.
 * `rowOf` maps (sweep, point index) to a CSV row for messages.
 */
export function validateSweeps(ltp: Sweep, ltd: Sweep, rowOf?: (dir: 'ltp' | 'ltd', k: number) => number | undefined): void {
  for (const [dir, sw] of [['ltp', ltp], ['ltd', ltd]] as const) {
    const where = (k: number, column: string, value: number) => {
      const row = rowOf?.(dir, k);
      return row !== undefined ? { row, column, value: String(value) } : { column: `${dir}[${k}].${column}`, value: String(value) };
    };
    if (sw.length < MIN_SWEEP_POINTS)
      throw new MeasuredDataError(`the ${dir.toUpperCase()} sweep has ${sw.length} points; at least ${MIN_SWEEP_POINTS} are needed`);
    if (sw.length > MAX_SWEEP_POINTS)
      throw new MeasuredDataError(`the ${dir.toUpperCase()} sweep has ${sw.length} points; at most ${MAX_SWEEP_POINTS} are supported`);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < sw.length; k++) {
      const [p, g] = sw[k]!;
      if (!Number.isFinite(p) || p < 0) throw new MeasuredDataError(`${dir.toUpperCase()} pulse number must be a finite number >= 0`, where(k, 'pulse', p));
      if (p > MAX_MEASURED_PULSE)
        throw new MeasuredDataError(`${dir.toUpperCase()} pulse number above ${MAX_MEASURED_PULSE} (the device model keeps one table entry per pulse)`, where(k, 'pulse', p));
      if (!Number.isFinite(g) || g <= 0) throw new MeasuredDataError(`${dir.toUpperCase()} conductance must be a positive number (S)`, where(k, 'conductance', g));
      if (k > 0 && !(p > sw[k - 1]![0])) throw new MeasuredDataError(`${dir.toUpperCase()} pulse numbers must increase`, where(k, 'pulse', p));
      lo = Math.min(lo, g);
      hi = Math.max(hi, g);
    }
    const g0 = sw[0]![1];
    const gN = sw[sw.length - 1]![1];
    const rising = dir === 'ltp';
    if (rising ? !(gN > g0) : !(gN < g0))
      throw new MeasuredDataError(
        `the ${dir.toUpperCase()} sweep must ${rising ? 'rise' : 'fall'} overall: first ${g0}, last ${gN}`,
        where(sw.length - 1, 'conductance', gN),
      );
    const range = hi - lo;
    let extreme = g0;
    for (let k = 1; k < sw.length; k++) {
      const g = sw[k]![1];
      extreme = rising ? Math.max(extreme, g) : Math.min(extreme, g);
      const back = rising ? extreme - g : g - extreme;
      if (back > MAX_BACKTRACK * range)
        throw new MeasuredDataError(
          `the ${dir.toUpperCase()} sweep is not monotonic enough: it goes back by ${(100 * back / range).toFixed(0)} % of its range (limit ${100 * MAX_BACKTRACK} %)`,
          where(k, 'conductance', g),
        );
    }
  }
}

/** Normalised curve value at position P of a direction with label nl and pMax (fast A table). */
function shape(nl: number, pMax: number, p: number): number {
  if (nl === 0) return p / pMax;
  const x = Math.sign(nl) / (nlToANormFast(nl) * pMax);
  return Math.expm1(-p * x) / Math.expm1(-pMax * x);
}

export interface DirectionFit {
  /** Fitted nonlinearity label. */
  readonly nl: number;
  /** Pulses spanned by the sweep (maxNumLevel). */
  readonly levels: number;
  /** RMS error of this sweep, S, and normalised by (gMax - gMin). */
  readonly rmse: number;
  readonly nrmse: number;
}

export interface MeasuredFit {
  readonly params: DeviceParams;
  readonly ltp: DirectionFit;
  readonly ltd: DirectionFit;
  /** RMS error over both sweeps, S, and normalised by (gMax - gMin). */
  readonly rmse: number;
  readonly nrmse: number;
}

interface Pt {
  p: number;
  g: number;
}

function positions(sw: Sweep, dir: 'ltp' | 'ltd'): { pts: Pt[]; pMax: number } {
  const p0 = sw[0]![0];
  const pMax = sw[sw.length - 1]![0] - p0;
  // LTP: position = pulses applied; LTD: depression moves down from P = pMax.
  const pts = sw.map(([p, g]) => ({ p: dir === 'ltp' ? p - p0 : pMax - (p - p0), g }));
  return { pts, pMax };
}

/** Linear least squares of g ~ gMin + dG * f over the given sets; returns SSE too. */
function linearFit(sets: { pts: Pt[]; f: (p: number) => number }[]): { gMin: number; dG: number; sse: number } {
  let n = 0, sf = 0, sg = 0, sff = 0, sfg = 0;
  for (const s of sets)
    for (const q of s.pts) {
      const f = s.f(q.p);
      n++;
      sf += f;
      sg += q.g;
      sff += f * f;
      sfg += f * q.g;
    }
  const det = n * sff - sf * sf;
  const dG = det !== 0 ? (n * sfg - sf * sg) / det : 0;
  const gMin = (sg - dG * sf) / n;
  let sse = 0;
  for (const s of sets)
    for (const q of s.pts) {
      const r = q.g - gMin - dG * s.f(q.p);
      sse += r * r;
    }
  return { gMin, dG, sse };
}

/** Minimise a 1-D function on [lo, hi]: coarse grid then golden-section refinement. */
function minimise1d(fn: (x: number) => number, lo: number, hi: number, step: number): number {
  let best = lo;
  let bestV = Infinity;
  for (let x = lo; x <= hi + 1e-12; x += step) {
    const v = fn(x);
    if (v < bestV) {
      bestV = v;
      best = x;
    }
  }
  let a = Math.max(lo, best - step);
  let b = Math.min(hi, best + step);
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = fn(c);
  let fd = fn(d);
  for (let i = 0; i < 60; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = fn(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = fn(d);
    }
  }
  const x = 0.5 * (a + b);
  return fn(x) <= bestV ? x : best;
}

const NL_RANGE = 9.5;

/**
 * Least-squares fit of both sweeps to the NeuroSim model with shared Gmin / Gmax: levels per
 * direction = pulses spanned by the sweep; for fixed NL labels the model is linear in (Gmin,
 * Gmax - Gmin), solved in closed form; the labels are found by grid search plus golden-section
 * refinement (per direction first, then alternately on the joint error).
 * Cycle-to-cycle sigma: RMS of the one-step residuals g[k+1] - step(g[k], n_k) divided by
 * sqrt(n_k), in units of (Gmax - Gmin), the same statistic the model's noise injects.
 */
export function fitMeasured(ltp: Sweep, ltd: Sweep): MeasuredFit {
  validateSweeps(ltp, ltd);
  const up = positions(ltp, 'ltp');
  const dn = positions(ltd, 'ltd');
  const setUp = (nl: number) => ({ pts: up.pts, f: (p: number) => shape(nl, up.pMax, p) });
  const setDn = (nl: number) => ({ pts: dn.pts, f: (p: number) => shape(nl, dn.pMax, p) });
  let nlUp = minimise1d((nl) => linearFit([setUp(nl)]).sse, -NL_RANGE, NL_RANGE, 0.05);
  let nlDn = minimise1d((nl) => linearFit([setDn(nl)]).sse, -NL_RANGE, NL_RANGE, 0.05);
  for (let round = 0; round < 4; round++) {
    const u = nlUp;
    const w = 0.5;
    nlUp = minimise1d((nl) => linearFit([setUp(nl), setDn(nlDn)]).sse, Math.max(-NL_RANGE, u - w), Math.min(NL_RANGE, u + w), 0.02);
    const d = nlDn;
    nlDn = minimise1d((nl) => linearFit([setUp(nlUp), setDn(nl)]).sse, Math.max(-NL_RANGE, d - w), Math.min(NL_RANGE, d + w), 0.02);
  }
  const snap = (v: number) => (Math.abs(v) < 1e-6 ? 0 : v);
  nlUp = snap(nlUp);
  nlDn = snap(nlDn);
  const lin = linearFit([setUp(nlUp), setDn(nlDn)]);
  const gMin = lin.gMin;
  const gMax = lin.gMin + lin.dG;
  const range = gMax - gMin;
  const dirErr = (s: { pts: Pt[]; f: (p: number) => number }) => {
    let sse = 0;
    for (const q of s.pts) {
      const r = q.g - gMin - lin.dG * s.f(q.p);
      sse += r * r;
    }
    const rmse = Math.sqrt(sse / s.pts.length);
    return { rmse, nrmse: rmse / range };
  };
  // One-step residuals for the c2c sigma.
  let s2 = 0;
  let cnt = 0;
  const oneStep = (sw: Sweep, nl: number, pMax: number, sign: 1 | -1) => {
    const x = nl === 0 ? 0 : Math.sign(nl) / (nlToANormFast(nl) * pMax);
    const den = Math.expm1(-pMax * x);
    for (let k = 0; k + 1 < sw.length; k++) {
      const g0 = (sw[k]![1] - gMin) / range;
      const g1 = (sw[k + 1]![1] - gMin) / range;
      const n = sw[k + 1]![0] - sw[k]![0];
      const m = sign * n;
      let pred: number;
      if (x === 0) pred = g0 + m / pMax;
      else {
        const e = Math.expm1(-m * x);
        pred = g0 * (1 + e) + e / den;
      }
      if (pred > 1 || pred < 0) continue;
      const r = (g1 - pred) / Math.sqrt(n);
      s2 += r * r;
      cnt++;
    }
  };
  oneStep(ltp, nlUp, up.pMax, 1);
  oneStep(ltd, nlDn, dn.pMax, -1);
  const sigmaC2c = cnt > 0 ? Math.sqrt(s2 / cnt) : 0;
  const eu = dirErr(setUp(nlUp));
  const ed = dirErr(setDn(nlDn));
  const nTot = up.pts.length + dn.pts.length;
  const rmse = Math.sqrt(lin.sse / nTot);
  const params: DeviceParams = {
    gMin,
    gMax,
    levelsLtp: Math.max(1, Math.round(up.pMax)),
    levelsLtd: Math.max(1, Math.round(dn.pMax)),
    nlLtp: nlUp,
    nlLtd: nlDn,
    sigmaC2c,
    sigmaD2d: 0,
    writeVoltageLtp: MEASURED_DEFAULT_VOLTAGE,
    writeVoltageLtd: MEASURED_DEFAULT_VOLTAGE,
    pulseWidthLtp: MEASURED_DEFAULT_PULSE,
    pulseWidthLtd: MEASURED_DEFAULT_PULSE,
  };
  return {
    params,
    ltp: { nl: nlUp, levels: params.levelsLtp, ...eu },
    ltd: { nl: nlDn, levels: params.levelsLtd, ...ed },
    rmse,
    nrmse: rmse / range,
  };
}

/** Write pulse facts are not in a conductance sweep: assumed defaults, to be overridden. */
export const MEASURED_DEFAULT_VOLTAGE = 2;
export const MEASURED_DEFAULT_PULSE = 100e-9;

/**
 * Look-up tables of a measured device, normalised to [gMin, gMax] = [min, max] of all data, on
 * integer positions (linear interpolation between measured pulses), forced non-decreasing in P.
 */
export function measuredLut(ltp: Sweep, ltd: Sweep): { lut: MeasuredLut; gMin: number; gMax: number } {
  let gMin = Infinity;
  let gMax = -Infinity;
  for (const [, g] of [...ltp, ...ltd]) {
    gMin = Math.min(gMin, g);
    gMax = Math.max(gMax, g);
  }
  const range = gMax - gMin;
  const table = (sw: Sweep, dir: 'ltp' | 'ltd'): number[] => {
    const { pts, pMax } = positions(sw, dir);
    const sorted = [...pts].sort((a, b) => a.p - b.p);
    const n = Math.max(1, Math.round(pMax));
    const out: number[] = [];
    let j = 0;
    let runMax = 0;
    for (let P = 0; P <= n; P++) {
      while (j + 1 < sorted.length - 1 && sorted[j + 1]!.p < P) j++;
      const a = sorted[j]!;
      const b = sorted[Math.min(j + 1, sorted.length - 1)]!;
      const g = b.p > a.p ? a.g + ((Math.min(Math.max(P, a.p), b.p) - a.p) / (b.p - a.p)) * (b.g - a.g) : a.g;
      const v = (g - gMin) / range;
      runMax = P === 0 ? v : Math.max(runMax, v);
      out.push(runMax);
    }
    return out;
  };
  return { lut: { ltp: table(ltp, 'ltp'), ltd: table(ltd, 'ltd') }, gMin, gMax };
}

/**
 * A DevicePreset for measured sweeps: the look-up-table model (normalised to the data's range),
 * with NL / levels / c2c from the least-squares fit (used for pricing and shown with the fit error).
 */
export function measuredPreset(ltp: Sweep, ltd: Sweep): DevicePreset {
  // Every point of a sweep resolves its devices again; the planned configs share the measured
  // arrays of the study's base, so the fit (up to a second for the longest sweeps) runs once.
  const hit = presetMemo.get(ltp);
  if (hit && hit.ltd === ltd) return hit.preset;
  const preset = buildMeasuredPreset(ltp, ltd);
  presetMemo.set(ltp, { ltd, preset });
  return preset;
}

const presetMemo = new WeakMap<Sweep, { ltd: Sweep; preset: DevicePreset }>();

function buildMeasuredPreset(ltp: Sweep, ltd: Sweep): DevicePreset {
  const fit = fitMeasured(ltp, ltd);
  const { lut, gMin, gMax } = measuredLut(ltp, ltd);
  return {
    id: 'measured',
    title: 'Measured device (look-up table)',
    cell: 'rram-1t1r',
    citation: 'neurosim-v3-manual',
    cellWidthF: 4,
    cellHeightF: 4,
    params: {
      ...fit.params,
      gMin,
      gMax,
      levelsLtp: lut.ltp.length - 1,
      levelsLtd: lut.ltd.length - 1,
    },
    lut,
    notes: [
      `Look-up table from ${ltp.length} LTP and ${ltd.length} LTD points; Gmin/Gmax = data min/max (${gMin.toExponential(3)} / ${gMax.toExponential(3)} S).`,
      `Least-squares fit: NL ${fit.ltp.nl.toFixed(2)} / ${fit.ltd.nl.toFixed(2)}, levels ${fit.ltp.levels} / ${fit.ltd.levels}, c2c ${(100 * fit.params.sigmaC2c).toFixed(2)} %, fit RMSE ${(100 * fit.nrmse).toFixed(2)} % of (Gmax - Gmin).`,
      `Write pulse not in the data: ${MEASURED_DEFAULT_VOLTAGE} V, ${MEASURED_DEFAULT_PULSE * 1e9} ns assumed (override writeVoltage*/pulseWidth*).`,
      'Cell assumed 1T1R 4F x 4F.',
    ],
  };
}

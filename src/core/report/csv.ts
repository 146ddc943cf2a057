/**
 * CSV writers for a study's points (docs/csv-format.md documents every column).
 *
 * - RFC 4180: fields containing a comma, a double quote, CR or LF are quoted, quotes doubled;
 *   records end with CRLF (also the last one); UTF-8 without a byte-order mark.
 * - Numbers are written in full precision as the shortest string that reads back to the same
 *   double (JavaScript `String(x)`: '0.1', '1e-12', '123456789012'); non-finite numbers are empty.
 * - Stable order: points by index, then role (hps before baseline, others after), then hash;
 *   metrics with the study's objectives first (in study order), then the rest alphabetically;
 *   knobs in study order, then any other knob keys alphabetically.
 */
import { metricInfo, studyView, type MetricInfo } from './adapters';
import type { ReportInput, ReportPoint } from './types';

export const CSV_EOL = '\r\n';

/** One CSV field. Strings are quoted when needed; numbers use the shortest round-trip form. */
export function csvField(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A numeric cell: full precision, empty when missing or non-finite. */
export function csvNumber(v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? '' : String(v);
}

export function csvLine(fields: readonly string[]): string {
  return fields.join(',') + CSV_EOL;
}

const ROLE_ORDER: Readonly<Record<string, number>> = { hps: 0, baseline: 1 };

/** Points in report order: index, role (hps, baseline, others), hash. */
export function orderedPoints(points: readonly ReportPoint[]): ReportPoint[] {
  return [...points].sort(
    (a, b) =>
      a.idx - b.idx ||
      (ROLE_ORDER[a.role] ?? 2) - (ROLE_ORDER[b.role] ?? 2) ||
      (a.role < b.role ? -1 : a.role > b.role ? 1 : 0) ||
      (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0),
  );
}

/** Metric keys present in any point, objectives first, then alphabetical. */
export function metricKeys(input: Pick<ReportInput, 'points' | 'study'>): string[] {
  const present = new Set<string>();
  for (const p of input.points) if (p.metrics) for (const k of Object.keys(p.metrics)) present.add(k);
  const obj = studyView(input.study.spec).objectives.map((o) => o.metric).filter((m) => present.has(m));
  const rest = [...present].filter((m) => !obj.includes(m)).sort();
  return [...obj, ...rest];
}

/** Knob paths: the study's knobs in order, then other keys found on points, alphabetically. */
export function knobPaths(input: Pick<ReportInput, 'points' | 'study'>): string[] {
  const fromStudy = studyView(input.study.spec).knobs.map((k) => k.path);
  const seen = new Set(fromStudy);
  const extra = new Set<string>();
  for (const p of input.points) for (const k of Object.keys(p.knobs)) if (!seen.has(k)) extra.add(k);
  return [...fromStudy, ...[...extra].sort()];
}

/** HPS point -> its baseline twin (when the twin is a different, stored point). */
export function twinOf(points: readonly ReportPoint[]): (p: ReportPoint) => ReportPoint | undefined {
  const byHash = new Map<string, ReportPoint>();
  for (const p of points) if (!byHash.has(p.hash)) byHash.set(p.hash, p);
  return (p) => {
    if (p.role !== 'hps' || !p.twinHash || p.twinHash === p.hash) return undefined;
    return byHash.get(p.twinHash);
  };
}

/** HPS / baseline (ratio metrics) or HPS - baseline (accuracy), null when not comparable. */
export function compareToTwin(p: ReportPoint, twin: ReportPoint | undefined, m: MetricInfo): number | null {
  if (!twin || p.status !== 'done' || twin.status !== 'done') return null;
  const a = p.metrics?.[m.key];
  const b = twin.metrics?.[m.key];
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  if (m.compare === 'difference') return a - b;
  if (b === 0) return null;
  return a / b;
}

export const LONG_COLUMNS = ['study_id', 'point_index', 'point_hash', 'role', 'status', 'metric', 'value', 'unit'] as const;

/** Tidy long format: one row per (point, metric) with a value; failed points have no rows. */
export function writeLongCsv(input: Pick<ReportInput, 'points' | 'study'>, catalog?: unknown): string {
  const keys = metricKeys(input);
  const info = new Map(keys.map((k) => [k, metricInfo(k, catalog)]));
  const parts: string[] = [csvLine([...LONG_COLUMNS])];
  const sid = csvField(input.study.id);
  for (const p of orderedPoints(input.points)) {
    if (!p.metrics) continue;
    const head = `${sid},${p.idx},${csvField(p.hash)},${csvField(p.role)},${csvField(p.status)},`;
    for (const k of keys) {
      const v = p.metrics[k];
      if (v === undefined) continue;
      parts.push(`${head}${csvField(k)},${csvNumber(v)},${csvField(info.get(k)!.unit)}${CSV_EOL}`);
    }
  }
  return parts.join('');
}

/** Wide format: one row per point with knob, metric and HPS-vs-twin comparison columns. */
export function writeWideCsv(input: Pick<ReportInput, 'points' | 'study'>, catalog?: unknown): string {
  const keys = metricKeys(input);
  const infos = keys.map((k) => metricInfo(k, catalog));
  const knobs = knobPaths(input);
  const twin = twinOf(input.points);
  const cmpCols = infos.map((m) => `${m.compare === 'difference' ? 'diff' : 'ratio'}.${m.key}`);
  const header = ['study_id', 'point_index', 'point_hash', 'role', 'twin_hash', 'status', 'reason', ...knobs.map((k) => `knob.${k}`), ...keys, ...cmpCols];
  const parts: string[] = [csvLine(header.map(csvField))];
  const sid = csvField(input.study.id);
  for (const p of orderedPoints(input.points)) {
    const cells: string[] = [sid, String(p.idx), csvField(p.hash), csvField(p.role), p.twinHash == null ? '' : csvField(p.twinHash), csvField(p.status), p.reason == null ? '' : csvField(p.reason)];
    for (const k of knobs) cells.push(Object.prototype.hasOwnProperty.call(p.knobs, k) ? csvField(p.knobs[k]) : '');
    for (const k of keys) cells.push(csvNumber(p.metrics?.[k]));
    const t = twin(p);
    for (const m of infos) cells.push(csvNumber(compareToTwin(p, t, m)));
    parts.push(csvLine(cells));
  }
  return parts.join('');
}

/** Parse RFC 4180 CSV (used by tests and importers): rows of raw string fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let any = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      any = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      any = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      any = true;
      i++;
    }
  }
  if (any || field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

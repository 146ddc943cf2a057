/**
 * Reading the repository's Markdown documents in tests: tables under an anchor, section text, and
 * numbers with SI prefixes ('3.077 nS', '300 µs', '3.5 %'), so check values stated in docs/ are
 * compared with the code instead of being copied into tests by hand.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

export function readDoc(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** The text of `doc` from the anchor `<a id="…">` (or a heading with that slug) to the next anchor. */
export function section(doc: string, anchor: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.includes(`<a id="${anchor}"></a>`) || headingSlug(l) === anchor);
  if (start < 0) throw new Error(`no section "${anchor}"`);
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) if (/<a id="[^"]+"><\/a>/.test(lines[i]!)) {
    end = i;
    break;
  }
  return lines.slice(start, end).join('\n');
}

/** GitHub's heading anchor of a Markdown heading line ('## 1.2 Applying n pulses' -> '12-applying-n-pulses'), or null. */
export function headingSlug(line: string): string | null {
  const m = /^#{1,6}\s+(.*)$/.exec(line.trim());
  if (!m) return null;
  return m[1]!
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a document defines: explicit `<a id>` and heading slugs. */
export function anchorsOf(doc: string): Set<string> {
  const out = new Set<string>();
  for (const m of doc.matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(m[1]!);
  for (const l of doc.split('\n')) {
    const s = headingSlug(l);
    if (s) out.add(s);
  }
  return out;
}

/** Rows (cells trimmed, header and rule dropped) of the first table in `text`. */
export function firstTable(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l.trim().startsWith('|'));
  if (lines.length < 2) throw new Error('no table');
  const cells = (l: string): string[] => l.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
  const header = cells(lines[0]!);
  const rows: string[][] = [];
  for (const l of lines.slice(2)) {
    if (!l.trim().startsWith('|')) break;
    rows.push(cells(l));
  }
  return { header, rows };
}

const PREFIX: Readonly<Record<string, number>> = { p: 1e-12, n: 1e-9, µ: 1e-6, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6 };

/**
 * A number from a table cell: '3.077 nS' -> 3.077e-9 (unit S), '300 µs' -> 3e-4, '3.5 %' -> 0.035,
 * '−4.88' (minus sign) -> -4.88, '2²⁴' -> 16777216. The unit symbol must be `unit` when given.
 */
export function parseValue(cell: string, unit = ''): number {
  const t = cell.replace(/−/g, '-').replace(/^\+/, '').replace(/\s+/g, ' ').trim();
  if (t === '2²⁴') return 2 ** 24;
  if (unit === '%') {
    const m = /^(-?[\d.]+(?:e-?\d+)?) ?%$/.exec(t);
    if (!m) throw new Error(`not a percentage: "${cell}"`);
    return Number(m[1]) / 100;
  }
  const m = /^(-?[\d.]+(?:e-?\d+)?)(?: ?([pnµumkM]?)([A-Za-zΩ]+))?$/.exec(t);
  if (!m) throw new Error(`not a number: "${cell}"`);
  const v = Number(m[1]);
  if (!m[3]) return v;
  if (unit && m[3] !== unit) throw new Error(`unit of "${cell}" is not ${unit}`);
  return v * PREFIX[m[2] ?? '']!;
}

/** 'a / b' -> [a, b] parsed with `parseValue`; a unit written once ('3.2 / 2.8 V') applies to both. */
export function pair(cell: string, unit = ''): [number, number] {
  const [a, b] = cell.split(' / ').map((x) => x.trim()) as [string, string];
  const unitText = / ([pnµumkM]?[A-Za-zΩ]+)$/.exec(b)?.[1];
  const first = unitText && !/[A-Za-zΩ%]$/.test(a) ? `${a} ${unitText}` : a;
  return [parseValue(first, unit), parseValue(b, unit)];
}

/** Relative agreement to the digits written: |a - b| <= half a unit in the last written digit (plus 1e-12 relative). */
export function agreesToWrittenDigits(written: string, exact: number, parsed: number): boolean {
  const mant = /-?([\d.]+)/.exec(written.replace(/−/g, '-'))?.[1] ?? '';
  const decimals = mant.includes('.') ? mant.split('.')[1]!.length : 0;
  const ulp = 10 ** -decimals;
  const scale = parsed === 0 ? 1 : Math.abs(parsed) / Number(mant);
  return Math.abs(exact - parsed) <= 0.5 * ulp * scale * (1 + 1e-9) + 1e-12 * Math.abs(exact);
}

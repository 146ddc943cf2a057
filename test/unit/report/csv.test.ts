import { describe, expect, it } from 'vitest';
import { CSV_EOL, csvField, csvNumber, metricKeys, orderedPoints, parseCsv, writeLongCsv, writeWideCsv } from '../../../src/core/report/csv';
import { syntheticInput } from './synthetic';

describe('csv: RFC 4180 fields', () => {
  it('quotes commas, quotes, CR and LF; doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' spaced ')).toBe(' spaced ');
    expect(csvField('µm² ünïcödé')).toBe('µm² ünïcödé');
  });
  it('numbers in full precision (shortest round trip), non-finite empty', () => {
    for (const x of [0.1, 1 / 3, 1e-12, 6.02214076e23, -0, 123456789012, 5e-324, 2 ** 53 + 2]) {
      const s = csvNumber(x);
      expect(Number(s)).toBe(x === 0 ? 0 : x);
      expect(s).toBe(String(x));
    }
    expect(csvNumber(Number.NaN)).toBe('');
    expect(csvNumber(Infinity)).toBe('');
    expect(csvNumber(null)).toBe('');
  });
  it('other values: booleans, null, objects as JSON', () => {
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('null');
    expect(csvField(undefined)).toBe('');
    expect(csvField({ preset: 'pcmo', overrides: { gMax: 1e-6 } })).toBe('"{""preset"":""pcmo"",""overrides"":{""gMax"":0.000001}}"');
  });
  it('parseCsv reads back what csvField writes', () => {
    const fields = ['a,b', 'say "hi"', 'x\r\ny', '', 'plain'];
    const text = fields.map(csvField).join(',') + CSV_EOL + 'next,row' + CSV_EOL;
    expect(parseCsv(text)).toEqual([fields, ['next', 'row']]);
  });
});

describe('csv: long and wide writers', () => {
  const input = syntheticInput();

  it('orders points by index, then hps before baseline', () => {
    const shuffled = { ...input, points: [...input.points].reverse() };
    expect(orderedPoints(shuffled.points).map((p) => `${p.idx}${p.role[0]}`)).toEqual(orderedPoints(input.points).map((p) => `${p.idx}${p.role[0]}`));
    expect(writeLongCsv(shuffled)).toBe(writeLongCsv(input));
    expect(writeWideCsv(shuffled)).toBe(writeWideCsv(input));
  });

  it('metric columns: objectives first, then alphabetical', () => {
    expect(metricKeys(input)).toEqual(['energyPerEpoch', 'latencyPerEpoch', 'accuracy', 'area', 'energy.fw', 'energy.wu']);
  });

  it('long format: header, one row per (point, metric), CRLF, no BOM', () => {
    const text = writeLongCsv(input);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['study_id', 'point_index', 'point_hash', 'role', 'status', 'metric', 'value', 'unit']);
    const metricsCount = input.points.reduce((n, p) => n + (p.metrics ? Object.keys(p.metrics).length : 0), 0);
    expect(rows.length - 1).toBe(metricsCount);
    const first = rows[1]!;
    expect(first).toEqual(['study-1', '0', 'h0', 'hps', 'done', 'energyPerEpoch', '0.4', 'J']);
    const acc = rows.find((r) => r[5] === 'accuracy')!;
    expect(acc[7]).toBe('fraction');
  });

  it('wide format: knob columns, metrics, ratio and difference columns against the twin', () => {
    const rows = parseCsv(writeWideCsv(input));
    const h = rows[0]!;
    expect(h.slice(0, 7)).toEqual(['study_id', 'point_index', 'point_hash', 'role', 'twin_hash', 'status', 'reason']);
    expect(h).toContain('knob.synapse.transfer.everyImages');
    expect(h).toContain('ratio.energyPerEpoch');
    expect(h).toContain('diff.accuracy');
    const get = (row: string[], col: string): string => row[h.indexOf(col)]!;
    const hps0 = rows.find((r) => get(r, 'point_hash') === 'h0')!;
    const p0 = input.points.find((p) => p.hash === 'h0')!;
    const b0 = input.points.find((p) => p.hash === p0.twinHash)!;
    expect(Number(get(hps0, 'ratio.energyPerEpoch'))).toBe(p0.metrics!.energyPerEpoch! / b0.metrics!.energyPerEpoch!);
    expect(Number(get(hps0, 'diff.accuracy'))).toBe(p0.metrics!.accuracy! - b0.metrics!.accuracy!);
    const base = rows.find((r) => get(r, 'point_hash') === b0.hash)!;
    expect(get(base, 'ratio.energyPerEpoch')).toBe('');
    const failed = rows.find((r) => get(r, 'status') === 'failed')!;
    expect(get(failed, 'reason')).toBe('access transistor wider than the cell, "4F"');
    expect(get(failed, 'energyPerEpoch')).toBe('');
    // Every data row has as many fields as the header.
    for (const r of rows) expect(r.length).toBe(h.length);
  });
});

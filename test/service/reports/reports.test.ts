/**
 * Reports against a real SQLite file: a study seeded through the Store API (real DSE expansion and
 * cost model), exported as PDF, long and wide CSV and JSON bundle; the PDF is read back with pdf.js
 * (text, fonts, images) and rendered page by page (PNGs under artifacts/report-pages/), the CSVs
 * are parsed back and compared with the store, and the bundle makes a lossless round trip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../../../src/main/store/store';
import { exportStudy, importBundle } from '../../../src/main/reports';
import { parseCsv } from '../../../src/core/report/csv';
import { formatScaled, pickScale } from '../../../src/core/format/units';
import { median } from '../../../src/core/report/model';
import { ConfigError } from '../../../src/core/errors';
import { readPdf, renderPdfPages, type PdfReading } from '../../support/pdf';
import { seedSampleStudy, SAMPLE_STUDY } from './fixtures';

const PAGES_DIR = resolve('artifacts/report-pages');

let dir: string;
let store: Store;
let studyId: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hps-reports-'));
  store = Store.open(join(dir, 'hps.db'));
  studyId = seedSampleStudy(store, { trainingRuns: 4 }).studyId;
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PDF report', () => {
  let pdf: Buffer;
  let reading: PdfReading;
  let text = '';

  beforeAll(async () => {
    const r = await exportStudy(store, studyId, 'pdf');
    expect(r.mime).toBe('application/pdf');
    expect(r.filename).toMatch(/^hps-vs-envm-device-transfer-interval-and-adc-[0-9a-f]{8}\.pdf$/);
    pdf = r.data;
    mkdirSync(PAGES_DIR, { recursive: true });
    for (const f of readdirSync(PAGES_DIR)) if (f.endsWith('.png') || f.endsWith('.pdf')) rmSync(join(PAGES_DIR, f));
    writeFileSync(join(PAGES_DIR, 'report.pdf'), pdf);
    reading = await readPdf(pdf);
    text = reading.text;
  });

  it('is a PDF', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });

  it('has the title page facts, sections and page numbers', () => {
    expect(text).toContain(SAMPLE_STUDY.name.slice(0, 20));
    expect(text).toContain('HPS vs eNVM-only baseline: comparison report');
    expect(text).toContain('HPS Studio 0.1.0');
    expect(text).toContain('tfjs-wasm');
    expect(text).toMatch(/sampler 1; config 1; runs 1000, 1001, 1002, 1003/);
    for (const s of ['Summary: HPS versus eNVM-only baseline', 'Configuration', 'Energy, latency and area breakdowns', 'Training curves', 'Failures, assumptions and warnings', 'Methodology and references'])
      expect(text).toContain(s);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });

  it('prints the numbers that are in the store', () => {
    const pts = store.listPoints(studyId);
    const hpsE = pts.filter((p) => p.role === 'hps' && p.status === 'done').map((p) => p.metrics!.energyPerEpoch!);
    const baseE = pts.filter((p) => p.role === 'baseline' && p.status === 'done').map((p) => p.metrics!.energyPerEpoch!);
    // The report scales a metric's column by all of its done points (model.ts), so the test does too.
    const sc = pickScale([...hpsE, ...baseE], 'J');
    const line = text.split('\n').find((l) => l.includes(`Energy per epoch (${sc.label})`))!;
    expect(line).toBeDefined();
    expect(line).toContain(formatScaled(median(hpsE), sc));
    expect(line).toContain(formatScaled(median(baseE), sc));
    // Status counts and the failure reason.
    const failed = pts.filter((p) => p.status === 'failed').length;
    const infeasible = pts.filter((p) => p.status === 'infeasible').length;
    expect(text).toContain(`${infeasible} infeasible, ${failed} failed`);
    expect(text).toContain('worker crashed: out of memory (synthetic)');
    // Configuration as changes from defaults, iso set, knobs, assumptions, citations.
    expect(text).toMatch(/training\.epochs\s+5\s+3/);
    expect(text).toContain('circuit.roadmap');
    expect(text).toContain('synapse.transfer.everyImages');
    expect(text).toContain('Estimator follows DNN+NeuroSim V2.1');
    expect(text.replace(/\s+/g, '')).toContain('doi:10.1109/TCAD.2020.3043731');
    expect(text).toContain('device preset ag-a-si');
  });

  it('embeds its fonts and draws charts as vectors (no raster images)', () => {
    expect(reading.fonts.length).toBeGreaterThan(0);
    // Embedded, subset, and every character extractable as text: what `pdffonts` shows as emb/sub/uni.
    for (const f of reading.fonts) expect(f).toEqual({ name: f.name, embedded: true, subset: true, unicode: true });
    expect(reading.rasterImages).toBe(0);
    // Chart text is real text: axis names from the SVG charts are extractable.
    const energies = store.listPoints(studyId).flatMap((p) => (p.status === 'done' ? [p.metrics!.energyPerEpoch!] : []));
    expect(text).toContain(`Energy per epoch (${pickScale(energies, 'J').label})`);
  });

  it('renders every page to PNG under artifacts/report-pages/', async () => {
    const rendered = await renderPdfPages(pdf, PAGES_DIR, { dpi: 80 });
    const pngs = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.png'));
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pngs.length).toBe(pages);
    expect(reading.pages).toBe(pages);
    // Every page draws something (at the least its footer): none renders blank.
    for (const r of rendered) expect(r.ink, r.file).toBeGreaterThan(0.002);
  });
});

describe('CSV exports', () => {
  it('long format holds every stored metric value exactly', async () => {
    const r = await exportStudy(store, studyId, 'csv');
    expect(r.mime).toBe('text/csv; charset=utf-8');
    const text = r.data.toString('utf8');
    expect(r.data[0]).not.toBe(0xef); // no BOM
    const rows = parseCsv(text);
    const header = rows[0]!;
    expect(header).toEqual(['study_id', 'point_index', 'point_hash', 'role', 'status', 'metric', 'value', 'unit']);
    const stored = new Map(store.listPoints(studyId).map((p) => [p.hash, p]));
    let n = 0;
    for (const row of rows.slice(1)) {
      const [sid, idx, hash, role, status, metric, value] = row;
      const p = stored.get(hash!)!;
      expect(sid).toBe(studyId);
      expect(Number(idx)).toBe(p.idx);
      expect(role).toBe(p.role);
      expect(status).toBe(p.status);
      expect(Number(value)).toBe(p.metrics![metric!]);
      n++;
    }
    expect(n).toBe([...stored.values()].reduce((s, p) => s + (p.metrics ? Object.keys(p.metrics).length : 0), 0));
  });

  it('wide format has one row per point with knobs and metrics', async () => {
    const r = await exportStudy(store, studyId, 'csv-wide');
    const rows = parseCsv(r.data.toString('utf8'));
    const h = rows[0]!;
    const stored = store.listPoints(studyId);
    expect(rows.length - 1).toBe(stored.length);
    const col = (name: string): number => h.indexOf(name);
    expect(col('knob.synapse.device.preset')).toBeGreaterThan(0);
    for (const row of rows.slice(1)) {
      const p = stored.find((x) => x.hash === row[col('point_hash')])!;
      expect(row[col('status')]).toBe(p.status);
      const preset = p.knobs['synapse.device.preset'];
      expect(row[col('knob.synapse.device.preset')]).toBe(preset === undefined ? '' : String(preset));
      if (p.metrics) expect(Number(row[col('area')])).toBe(p.metrics.area);
      else expect(row[col('area')]).toBe('');
      if (p.role === 'hps' && p.status === 'done') {
        const twin = stored.find((x) => x.hash === p.twinHash)!;
        if (twin.status === 'done') expect(Number(row[col('ratio.energyPerEpoch')])).toBe(p.metrics!.energyPerEpoch! / twin.metrics!.energyPerEpoch!);
      }
    }
  });
});

describe('JSON bundle', () => {
  const strip = (b: Record<string, unknown>): Record<string, unknown> => ({ ...b, exportedAt: '<t>' });

  it('round-trips into a fresh store without loss (same ids, same export)', async () => {
    const first = await exportStudy(store, studyId, 'json');
    expect(first.mime).toBe('application/json');
    const fresh = Store.open(join(dir, 'fresh.db'));
    try {
      const { studyId: id2 } = await importBundle(fresh, first.data);
      expect(id2).toBe(studyId);
      const second = await exportStudy(fresh, id2, 'json');
      expect(strip(JSON.parse(second.data.toString('utf8')))).toEqual(strip(JSON.parse(first.data.toString('utf8'))));
      // The CSVs of the imported study are byte-identical, checkpoints excepted nothing is lost.
      expect((await exportStudy(fresh, id2, 'csv-wide')).data.equals((await exportStudy(store, studyId, 'csv-wide')).data)).toBe(true);
      expect(fresh.epochMetrics(store.listRuns(studyId)[0]!.id)).toEqual(store.epochMetrics(store.listRuns(studyId)[0]!.id));
    } finally {
      fresh.close();
    }
  });

  it('imports a bundle whose study id exists as a copy under new ids, leaving the original untouched', async () => {
    const before = await exportStudy(store, studyId, 'json');
    const { studyId: copy } = await importBundle(store, before.data.toString('utf8'));
    expect(copy).not.toBe(studyId);
    const after = await exportStudy(store, studyId, 'json');
    expect(strip(JSON.parse(after.data.toString('utf8')))).toEqual(strip(JSON.parse(before.data.toString('utf8'))));
    const a = JSON.parse(before.data.toString('utf8'));
    const b = JSON.parse((await exportStudy(store, copy, 'json')).data.toString('utf8'));
    // Equal modulo ids: the study id and every run id (points follow their runs).
    const runMap = new Map<string, string>(a.runs.map((r: { id: string }, i: number) => [r.id, b.runs[i].id]));
    for (const [o, n] of runMap) expect(n).not.toBe(o);
    const norm = (x: typeof a, ids: (id: string) => string): unknown => ({
      ...x,
      exportedAt: '<t>',
      study: { ...x.study, id: '<study>' },
      runs: x.runs.map((r: { id: string }) => ({ ...r, id: ids(r.id) })),
      points: x.points.map((p: { runId: string | null }) => ({ ...p, runId: p.runId && ids(p.runId) })),
    });
    expect(norm(b, (id) => id)).toEqual(norm(a, (id) => runMap.get(id)!));
  });

  it('refuses an invalid bundle, naming the field, and writes nothing', async () => {
    const good = JSON.parse((await exportStudy(store, studyId, 'json')).data.toString('utf8'));
    const n = store.listStudies().length;
    const bad = { ...good, study: { ...good.study, id: 'new-id' }, points: good.points.map((p: object, i: number) => (i === 3 ? { ...p, status: 'exploded' } : p)) };
    await expect(importBundle(store, JSON.stringify(bad))).rejects.toThrow(ConfigError);
    await expect(importBundle(store, JSON.stringify(bad))).rejects.toThrow(/points\[3\]\.status/);
    await expect(importBundle(store, '{not json')).rejects.toThrow(/not valid JSON/);
    expect(store.listStudies().length).toBe(n);
  });
});

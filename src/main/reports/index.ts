/**
 * Study exports (PDF report, long and wide CSV, JSON bundle) and bundle import.
 *
 * Import never loses or overwrites stored data: the whole bundle is written in one transaction
 * (all or nothing). A bundle keeps its study id when that id is free; when a study with that id
 * already exists the bundle is imported as a NEW study under a fresh id (a copy), and any run id
 * that already exists is given a fresh id too (points that name the run follow it). Everything
 * else is kept as in the bundle: names, specs, statuses, app versions, seeds, backends,
 * timestamps, metrics, epoch metrics and cost results.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import { NotFoundError } from '../../core/errors';
import { buildBundle, parseBundleText, type Bundle } from '../../core/report/bundle';
import { writeLongCsv, writeWideCsv } from '../../core/report/csv';
import { buildReportModel } from '../../core/report/model';
import { writeDiagnosticsCsv } from '../../core/report/fairness';
import { loadReportInput } from './load';
import { renderPdf } from './pdf';

export type ExportFormat = 'pdf' | 'csv' | 'csv-wide' | 'csv-diagnostics' | 'json';

export interface ExportFile {
  filename: string;
  mime: string;
  data: Buffer;
}

/** 'My study (v2)' -> 'my-study-v2'. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'study';
}

export async function exportStudy(store: Store, studyId: string, format: ExportFormat): Promise<ExportFile> {
  const now = new Date().toISOString();
  const input = loadReportInput(store, studyId, now);
  const stem = `${slug(input.study.name)}-${input.study.id.slice(0, 8)}`;
  switch (format) {
    case 'pdf': {
      const model = buildReportModel(input);
      return { filename: `${stem}.pdf`, mime: 'application/pdf', data: await renderPdf(model, { generatedAt: now }) };
    }
    case 'csv':
      return { filename: `${stem}-long.csv`, mime: 'text/csv; charset=utf-8', data: Buffer.from(writeLongCsv(input), 'utf8') };
    case 'csv-wide':
      return { filename: `${stem}-wide.csv`, mime: 'text/csv; charset=utf-8', data: Buffer.from(writeWideCsv(input), 'utf8') };
    case 'csv-diagnostics':
      return { filename: `${stem}-diagnostics.csv`, mime: 'text/csv; charset=utf-8', data: Buffer.from(writeDiagnosticsCsv(input), 'utf8') };
    case 'json':
      return { filename: `${stem}.hps-study.json`, mime: 'application/json', data: Buffer.from(`${JSON.stringify(buildBundle(input, now), null, 1)}\n`, 'utf8') };
    default:
      throw new NotFoundError('export format', String(format));
  }
}

/** Import a study bundle (JSON text or bytes). Returns the id the study was stored under. */
export async function importBundle(store: Store, data: Buffer | string): Promise<{ studyId: string }> {
  let text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const bundle = parseBundleText(text);
  return { studyId: writeBundle(store, bundle) };
}

function writeBundle(store: Store, b: Bundle): string {
  const db = store.db;
  const studyExists = (id: string): boolean => db.prepare('SELECT 1 FROM studies WHERE id = ?').get(id) !== undefined;
  const runExists = (id: string): boolean => db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
  let studyId = '';
  db.transaction(() => {
    studyId = studyExists(b.study.id) ? randomUUID() : b.study.id;
    store.createStudy({ id: studyId, name: b.study.name, description: b.study.description, tags: b.study.tags, spec: b.study.spec, status: b.study.status });
    db.prepare('UPDATE studies SET app_version = ?, created_at = ?, updated_at = ? WHERE id = ?').run(b.study.appVersion, b.study.createdAt, b.study.updatedAt, studyId);

    const runIds = new Map<string, string>();
    const setRun = db.prepare('UPDATE runs SET app_version = ?, status = ?, error = ?, summary = ?, created_at = ?, started_at = ?, finished_at = ? WHERE id = ?');
    for (const r of b.runs) {
      const id = runExists(r.id) ? randomUUID() : r.id;
      runIds.set(r.id, id);
      store.createRun({ id, studyId, pointHash: r.pointHash, role: r.role, config: r.config, seed: r.seed, backend: r.backend });
      setRun.run(r.appVersion, r.status, r.error, r.summary === null ? null : JSON.stringify(r.summary), r.createdAt, r.startedAt, r.finishedAt, id);
      for (const e of r.epochs) store.recordEpoch(id, e.epoch, e.metrics);
      if (r.cost !== null) store.setCostResult(id, r.cost);
      if (r.tuning !== undefined) store.setRunTuning(id, r.tuning);
      const byEpoch = new Map<number, unknown[]>();
      for (const d of r.diagnostics ?? []) byEpoch.set(d.epoch, [...(byEpoch.get(d.epoch) ?? []), d.data]);
      for (const [epoch, layers] of byEpoch) store.recordDiagnostics(id, epoch, layers);
    }

    store.insertPoints(
      b.points.map((p) => ({
        studyId,
        hash: p.hash,
        idx: p.idx,
        role: p.role,
        twinHash: p.twinHash,
        knobs: p.knobs,
        status: p.status,
        metrics: p.metrics,
        reason: p.reason,
        runId: p.runId === null ? null : (runIds.get(p.runId) ?? p.runId),
        elapsedMs: p.elapsedMs,
        ...(p.group !== undefined ? { replicate: p.replicate ?? 0, group: p.group } : {}),
      })),
    );
    const setPoint = db.prepare('UPDATE points SET created_at = ? WHERE study_id = ? AND hash = ?');
    for (const p of b.points) setPoint.run(p.createdAt, studyId, p.hash);
  })();
  return studyId;
}

export { loadReportInput } from './load';
export { renderPdf, renderChartSvg } from './pdf';

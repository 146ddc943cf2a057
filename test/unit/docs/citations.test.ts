/**
 * No document outside the repository is cited anywhere: UI strings and tooltips (src/renderer), the
 * configuration and study schemas (their descriptions), resources/ (templates, examples, the JSON
 * Schema), README.md, docs/, the rest of the source, tests and scripts, and the text of a generated
 * PDF report. Every Markdown file a text names (`docs/cost.md#calibration`, `csv-format.md`) must
 * exist in the repository, and every section anchor must exist in that file. The "Source:" tooltips
 * of the app must name the docs section that explains the value (docs/README.md lists them).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { studyJsonSchemaText } from '../../../src/core/dse/json-schema';
import { FIELD_DOCS } from '../../../src/renderer/src/fieldMeta';
import { buildReportModel } from '../../../src/core/report/model';
import { renderPdf } from '../../../src/main/reports/pdf';
import { anchorsOf, ROOT } from './markdown';
import { costOnlyInput } from '../report/cost-only';
import { readPdf } from '../../support/pdf';

const SELF = relative(ROOT, __filename);
const SCANNED_DIRS = ['src', 'test', 'scripts', 'resources', 'docs', 'bin', '.ci'];
const SCANNED_FILES = ['README.md', 'eslint.config.js', 'electron-builder.yml', 'electron.vite.config.ts', 'vitest.config.ts', 'package.json'];
const TEXT = /\.(ts|js|mjs|cjs|vue|wat|json|md|yml|yaml|sh|html|css)$/;
const SKIP_DIRS = new Set(['node_modules', 'out', 'datasets', 'fonts', 'artifacts']);

/** Developer notes that live outside the repository: never cite them, cite docs/ instead. */
const OUTSIDE = /(?<![\w/-])(domain|cost-model|architecture|stack)\.md\b|shared\/docs|\/work\/shared/;
const HINT =
  'cite the user documentation instead: docs/devices.md, docs/synapses.md, docs/training.md, docs/cost.md (sections 1-11 as before: #hierarchy #phases #technology #adc #cells #dominance #neurosim-differences #statistics #calibration), README.md "Architecture"';

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (TEXT.test(name)) out.push(p);
  }
  return out;
}

const files = [...SCANNED_DIRS.flatMap((d) => walk(join(ROOT, d))), ...SCANNED_FILES.map((f) => join(ROOT, f)).filter(existsSync)].filter((f) => relative(ROOT, f) !== SELF);

/** Markdown files a text names, with their anchors: 'docs/cost.md#calibration', '../README.md'. */
export function mdCitations(text: string): { path: string; anchor: string | null }[] {
  const noUrls = text.replace(/https?:\/\/\S+/g, ' ');
  const out: { path: string; anchor: string | null }[] = [];
  for (const m of noUrls.matchAll(/(?<![\w/.-])((?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)*\.md)(?:#([\w-]+))?/g)) out.push({ path: m[1]!, anchor: m[2] ?? null });
  return out;
}

/** Why a citation does not resolve from `fromDir` (null when it does). */
function unresolved(c: { path: string; anchor: string | null }, fromDir: string): string | null {
  const target = [join(fromDir, c.path), join(ROOT, c.path), join(ROOT, 'docs', c.path)].find((p) => existsSync(p) && statSync(p).isFile());
  if (!target) return `${c.path} is not a file of the repository`;
  if (c.anchor && !anchorsOf(readFileSync(target, 'utf8')).has(c.anchor)) return `${relative(ROOT, target)} has no section #${c.anchor}`;
  return null;
}

function problems(text: string, fromDir: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (OUTSIDE.test(line)) out.push(`line ${i + 1}: cites a document outside the repository: ${line.trim().slice(0, 160)}`);
    for (const c of mdCitations(line)) {
      const why = unresolved(c, fromDir);
      if (why) out.push(`line ${i + 1}: ${why}: ${line.trim().slice(0, 160)}`);
    }
  });
  return out;
}

describe('citations of documents', () => {
  it('scans the places users read (sanity: the walk finds them)', () => {
    const rel = files.map((f) => relative(ROOT, f));
    for (const f of ['README.md', 'src/renderer/src/fieldMeta.ts', 'src/core/config/schema.ts', 'resources/schema/study.schema.json', 'docs/cost.md', 'src/core/cost/model.ts'])
      expect(rel, f).toContain(f);
  });

  it('the detector finds the citations it must reject', () => {
    expect(problems('Source: domain.md §4', ROOT).length).toBeGreaterThan(0);
    expect(problems('(cost-model.md section 9)', ROOT).length).toBeGreaterThan(0);
    expect(problems('see ../shared/docs/stack.md', ROOT).length).toBeGreaterThan(0);
    expect(problems('docs/cost.md#no-such-section', ROOT)).toHaveLength(1);
    expect(problems('docs/missing.md', ROOT)).toHaveLength(1);
    expect(problems('docs/cost.md#calibration and docs/cost-model-notes.md; https://x.org/domain.md', ROOT)).toEqual([]);
  });

  it('every text file of the repository cites only files of the repository, with existing sections', () => {
    const bad: string[] = [];
    for (const f of files) for (const p of problems(readFileSync(f, 'utf8'), dirname(f))) bad.push(`${relative(ROOT, f)} ${p}`);
    expect(bad, HINT).toEqual([]);
  });

  it('the study and configuration schemas (descriptions shown as tooltips) cite only docs/ sections', () => {
    const text = studyJsonSchemaText();
    expect(text).toContain('docs/devices.md#presets');
    expect(problems(text, ROOT), HINT).toEqual([]);
  });

  it('every "Source:" of a field tooltip names the docs section that explains it', () => {
    const sources = Object.entries(FIELD_DOCS).filter(([, d]) => d.source);
    expect(sources.length).toBeGreaterThan(20);
    for (const [path, d] of sources) {
      const cited = mdCitations(d.source!).filter((c) => c.path.startsWith('docs/') && c.anchor);
      expect(cited.length, `${path}: ${d.source}`).toBeGreaterThan(0);
      for (const c of cited) expect(unresolved(c, ROOT), `${path}: ${d.source}`).toBeNull();
    }
  });

  it('a generated PDF report (cost-only study) cites only docs/ sections', async () => {
    const input = costOnlyInput();
    const model = buildReportModel(input);
    // The model's text is what the PDF prints; checked without any PDF reader.
    const modelText = JSON.stringify(model);
    expect(modelText.includes('docs/cost.md#assumptions')).toBe(true);
    expect(problems(modelText.replace(/\\n/g, '\n'), ROOT), HINT).toEqual([]);
    const pdf = await readPdf(await renderPdf(model, { generatedAt: input.generatedAt }));
    // Word-wrap may split a path or an anchor after '-', '/' or '#': join those lines back.
    const text = pdf.text.replace(/([-/#])\n\s*/g, '$1');
    expect(text).toContain('Cost-model assumptions');
    expect(problems(text, ROOT), HINT).toEqual([]);
  });
});

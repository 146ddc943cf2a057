/**
 * PDF writer: lays out a ReportModel with pdfkit. Charts are ECharts options rendered server-side
 * to SVG and drawn as vector graphics by svg-to-pdfkit. Fonts: DejaVu Sans (bundled under
 * resources/fonts, embedded as a subset); if the files cannot be found the built-in Helvetica is
 * used and non-Latin-1 symbols are replaced by ASCII.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import * as echarts from 'echarts';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block, ReportModel, Table } from '../../core/report/model';
import type { ChartSpec } from '../../core/report/charts';

const PAGE = { size: 'A4' as const, margin: 50, top: 54, bottom: 60 };
const INK = '#1b1f24';
const MUTED = '#5b6470';
const ACCENT = '#1f5fbf';
const RULE = '#c9d1dc';

interface Fonts {
  regular: string;
  bold: string;
  embedded: boolean;
}

/** Where resources/fonts is: env override, next to the sources (dev, tests), next to the build, Electron resources. */
export function findFontDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.HPS_RESOURCES_DIR ? join(process.env.HPS_RESOURCES_DIR, 'fonts') : null,
    resolve(here, '../../../resources/fonts'),
    resolve(here, '../../resources/fonts'),
    (process as { resourcesPath?: string }).resourcesPath ? join((process as { resourcesPath?: string }).resourcesPath!, 'fonts') : null,
    resolve(process.cwd(), 'resources/fonts'),
  ];
  for (const c of candidates) if (c && existsSync(join(c, 'DejaVuSans.ttf')) && existsSync(join(c, 'DejaVuSans-Bold.ttf'))) return c;
  return null;
}

function setupFonts(doc: PDFKit.PDFDocument): Fonts {
  const dir = findFontDir();
  if (!dir) return { regular: 'Helvetica', bold: 'Helvetica-Bold', embedded: false };
  doc.registerFont('Sans', join(dir, 'DejaVuSans.ttf'));
  doc.registerFont('Sans-Bold', join(dir, 'DejaVuSans-Bold.ttf'));
  return { regular: 'Sans', bold: 'Sans-Bold', embedded: true };
}

/** Replace symbols that WinAnsi (Helvetica) cannot show. */
function asciiSafe(s: string): string {
  return s.replace(/→/g, '->').replace(/…/g, '...').replace(/≤/g, '<=').replace(/≥/g, '>=').replace(/Ω/g, 'Ohm');
}

/** Render an ECharts option to an SVG string (server-side, no DOM). */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface PdfMeta {
  readonly generatedAt: string;
}

class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly fonts: Fonts;
  readonly width: number;
  readonly left: number;
  readonly toc: { title: string; page: number }[] = [];

  constructor(doc: PDFKit.PDFDocument, fonts: Fonts) {
    this.doc = doc;
    this.fonts = fonts;
    this.left = PAGE.margin;
    this.width = doc.page.width - 2 * PAGE.margin;
  }

  t(s: string): string {
    return this.fonts.embedded ? s : asciiSafe(s);
  }

  get bottom(): number {
    return this.doc.page.height - PAGE.bottom;
  }

  ensure(h: number): void {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  font(bold: boolean, size: number, color = INK): void {
    this.doc.font(bold ? this.fonts.bold : this.fonts.regular).fontSize(size).fillColor(color);
  }

  sectionTitle(title: string): void {
    const d = this.doc;
    this.toc.push({ title, page: d.bufferedPageRange().start + d.bufferedPageRange().count });
    this.font(true, 15, ACCENT);
    d.text(this.t(title), this.left, d.y, { width: this.width });
    d.moveTo(this.left, d.y + 2).lineTo(this.left + this.width, d.y + 2).lineWidth(0.8).strokeColor(ACCENT).stroke();
    d.y += 10;
  }

  heading(text: string): void {
    this.ensure(40);
    this.doc.y += 4;
    this.font(true, 10.5);
    this.doc.text(this.t(text), this.left, this.doc.y, { width: this.width });
    this.doc.y += 3;
  }

  paragraph(text: string): void {
    this.font(false, 9);
    this.ensure(this.doc.heightOfString(this.t(text), { width: this.width }) > 60 ? 30 : this.doc.heightOfString(this.t(text), { width: this.width }));
    this.doc.text(this.t(text), this.left, this.doc.y, { width: this.width, align: 'left', lineGap: 1.5 });
    this.doc.y += 6;
  }

  list(items: readonly string[]): void {
    this.font(false, 8.8);
    for (const it of items) {
      const h = this.doc.heightOfString(this.t(it), { width: this.width - 12 });
      this.ensure(h + 2);
      const y = this.doc.y;
      this.doc.text('•', this.left + 2, y, { width: 10, lineBreak: false });
      this.doc.text(this.t(it), this.left + 12, y, { width: this.width - 12, lineGap: 1 });
      this.doc.y += 2.5;
    }
    this.doc.y += 4;
  }

  facts(rows: readonly (readonly [string, string])[], labelWidth = 120, size = 9): void {
    for (const [k, v] of rows) {
      this.font(false, size);
      const h = Math.max(this.doc.heightOfString(this.t(v), { width: this.width - labelWidth }), size * 1.2);
      this.ensure(h + 3);
      const y = this.doc.y;
      this.font(true, size, MUTED);
      this.doc.text(this.t(k), this.left, y, { width: labelWidth - 8 });
      this.font(false, size);
      this.doc.text(this.t(v), this.left + labelWidth, y, { width: this.width - labelWidth });
      this.doc.y = Math.max(this.doc.y, y + h) + 3;
    }
    this.doc.y += 6;
  }

  table(t: Table): void {
    const d = this.doc;
    const pad = 3;
    const size = 7.8;
    const weights = t.columns.map((c) => c.weight ?? 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / total) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const rowHeight = (cells: readonly string[], bold: boolean): number => {
      this.font(bold, size);
      let h = 0;
      cells.forEach((c, i) => (h = Math.max(h, d.heightOfString(this.t(c || ' '), { width: widths[i]! - 2 * pad }))));
      return h + 2 * pad;
    };
    const drawRow = (cells: readonly string[], bold: boolean, fill: string | null): void => {
      const h = rowHeight(cells, bold);
      const y = d.y;
      if (fill) d.rect(this.left, y, this.width, h).fill(fill);
      this.font(bold, size, bold ? INK : INK);
      cells.forEach((c, i) => {
        d.text(this.t(c), xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align: t.columns[i]!.align });
      });
      d.y = y + h;
    };
    const header = t.columns.map((c) => c.header);
    const headerH = rowHeight(header, true);
    const firstH = t.rows[0] ? rowHeight(t.rows[0], false) : 0;
    this.ensure((t.title ? 18 : 0) + headerH + firstH + 4);
    if (t.title) {
      d.y += 2;
      this.font(true, 10);
      d.text(this.t(t.title), this.left, d.y, { width: this.width });
      d.y += 3;
    }
    const drawHeader = (): void => {
      drawRow(header, true, '#e8edf4');
      d.moveTo(this.left, d.y).lineTo(this.left + this.width, d.y).lineWidth(0.6).strokeColor(RULE).stroke();
    };
    drawHeader();
    t.rows.forEach((r, i) => {
      const h = rowHeight(r, false);
      if (d.y + h > this.bottom) {
        d.addPage();
        this.font(false, 7.5, MUTED);
        d.text(this.t(`${t.title ?? 'Table'} (continued)`), this.left, d.y, { width: this.width });
        d.y += 2;
        drawHeader();
      }
      drawRow(r, false, i % 2 === 1 ? '#f6f8fb' : null);
    });
    d.moveTo(this.left, d.y).lineTo(this.left + this.width, d.y).lineWidth(0.6).strokeColor(RULE).stroke();
    d.y += 4;
    if (t.note) {
      this.font(false, 7.5, MUTED);
      d.text(this.t(t.note), this.left, d.y, { width: this.width });
    }
    d.y += 10;
  }

  chart(c: ChartSpec): void {
    const d = this.doc;
    const scale = Math.min(1, this.width / c.width);
    const w = c.width * scale;
    const h = c.height * scale;
    this.font(false, 7.5);
    const capH = c.caption ? d.heightOfString(this.t(c.caption), { width: this.width }) : 0;
    this.ensure(16 + h + capH + 8);
    this.font(true, 10);
    d.text(this.t(c.title), this.left, d.y, { width: this.width });
    d.y += 2;
    const svg = renderChartSvg(c);
    const y = d.y;
    const x = this.left + (this.width - w) / 2;
    SVGtoPDF(d, svg, x, y, {
      width: w,
      height: h,
      assumePt: true,
      fontCallback: (_family, bold) => (bold ? this.fonts.bold : this.fonts.regular),
    });
    d.y = y + h + 2;
    if (c.caption) {
      this.font(false, 7.5, MUTED);
      d.text(this.t(c.caption), this.left, d.y, { width: this.width });
    }
    d.y += 10;
  }

  block(b: Block): void {
    switch (b.kind) {
      case 'heading':
        return this.heading(b.text);
      case 'paragraph':
        return this.paragraph(b.text);
      case 'list':
        return this.list(b.items);
      case 'facts':
        return this.facts(b.rows);
      case 'table':
        return this.table(b.table);
      case 'chart':
        return this.chart(b.chart);
    }
  }
}

/** Render the report model to a PDF. */
export function renderPdf(model: ReportModel, meta: PdfMeta): Promise<Buffer> {
  const created = new Date(meta.generatedAt);
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: `${model.title.studyName}: HPS vs baseline report`,
      Author: 'HPS Studio',
      Subject: model.title.heading,
      Creator: 'HPS Studio',
      Producer: 'HPS Studio (pdfkit)',
      CreationDate: Number.isNaN(created.getTime()) ? new Date() : created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => res(Buffer.concat(chunks)));
    doc.on('error', rej);
  });
  const fonts = setupFonts(doc);
  const w = new Writer(doc, fonts);

  // Title page.
  doc.rect(0, 0, doc.page.width, 8).fill(ACCENT);
  doc.y = 110;
  w.font(false, 11, MUTED);
  doc.text(w.t(model.title.heading), w.left, doc.y, { width: w.width });
  doc.y += 8;
  w.font(true, 24, INK);
  doc.text(w.t(model.title.studyName), w.left, doc.y, { width: w.width });
  doc.y += 6;
  if (model.title.description) {
    w.font(false, 10, MUTED);
    doc.text(w.t(model.title.description), w.left, doc.y, { width: w.width, lineGap: 1.5 });
  }
  doc.y += 14;
  doc.moveTo(w.left, doc.y).lineTo(w.left + w.width, doc.y).lineWidth(0.6).strokeColor(RULE).stroke();
  doc.y += 12;
  w.facts(model.title.facts, 110, 9.5);
  const tocY = doc.y + 10;

  for (const s of model.sections) {
    if (s.newPage) doc.addPage();
    w.sectionTitle(s.title);
    for (const b of s.blocks) w.block(b);
  }

  // Contents on the title page.
  const range = doc.bufferedPageRange();
  doc.switchToPage(range.start);
  doc.y = tocY;
  w.font(true, 11);
  doc.text('Contents', w.left, doc.y, { width: w.width });
  doc.y += 4;
  for (const e of w.toc) {
    w.font(false, 9.5);
    const y = doc.y;
    doc.text(w.t(e.title), w.left, y, { width: w.width - 40, lineBreak: false });
    doc.text(String(e.page), w.left + w.width - 40, y, { width: 40, align: 'right', lineBreak: false });
    doc.y = y + 15;
  }

  // Footers with page numbers.
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 38;
    doc.moveTo(w.left, y - 6).lineTo(w.left + w.width, y - 6).lineWidth(0.4).strokeColor(RULE).stroke();
    w.font(false, 7.5, MUTED);
    doc.text(w.t(model.footer), w.left, y, { width: w.width - 80, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, w.left + w.width - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

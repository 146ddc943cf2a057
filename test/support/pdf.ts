/**
 * Reading a PDF back the way a reader's viewer would, in JavaScript only (pdf.js, with
 * @napi-rs/canvas to draw pages), so the report checks run wherever `npm ci` ran: its text laid out
 * in lines, its fonts, its raster images, and its pages rendered to PNG files for people to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument, OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';

export interface PdfFont {
  /** As in the file, with its subset tag: "CZZZZZ+DejaVuSans". */
  name: string;
  /** The font program is in the file (a reader needs nothing installed). */
  embedded: boolean;
  /** Only the glyphs used are embedded (the six-letter tag before "+"). */
  subset: boolean;
  /** Every character drawn with it extracts as real text: no U+FFFD, no private-use code points. */
  unicode: boolean;
}

export interface PdfReading {
  pages: number;
  /** Every page's text, one line per baseline, columns kept apart by spaces; pages end with "\f". */
  text: string;
  fonts: PdfFont[];
  /** Raster images drawn on any page (charts are vector graphics, so 0 is expected). */
  rasterImages: number;
}

const open = (data: Uint8Array): Promise<PDFDocumentProxy> =>
  // A copy: pdf.js transfers the buffer it is given to its worker.
  getDocument({ data: new Uint8Array(data), fontExtraProperties: true, verbosity: 0 }).promise;

const RASTER_OPS = new Set(Object.entries(OPS).flatMap(([name, op]) => (/Image/.test(name) ? [op] : [])));
const NOT_TEXT = /[\uFFFD\uE000-\uF8FF]/;

export async function readPdf(data: Uint8Array): Promise<PdfReading> {
  const doc = await open(data);
  try {
    const fonts = new Map<string, PdfFont>();
    const texts: string[] = [];
    let rasterImages = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      ops.fnArray.forEach((op, i) => {
        if (RASTER_OPS.has(op)) rasterImages++;
        if (op === OPS.setFont) noteFont(page, ops.argsArray[i][0] as string, fonts);
      });
      const items = (await page.getTextContent()).items.filter((i): i is TextItem => 'str' in i && i.str.trim() !== '');
      for (const i of items) if (NOT_TEXT.test(i.str)) fonts.get(i.fontName)!.unicode = false;
      texts.push(`${layoutLines(items).join('\n')}\n\f`);
    }
    return { pages: doc.numPages, text: texts.join(''), fonts: [...fonts.values()], rasterImages };
  } finally {
    await doc.destroy();
  }
}

function noteFont(page: PDFPageProxy, id: string, fonts: Map<string, PdfFont>): void {
  if (fonts.has(id)) return;
  const f = page.commonObjs.get(id) as { name?: string; missingFile?: boolean; data?: Uint8Array };
  const name = f.name ?? id;
  fonts.set(id, { name, embedded: f.missingFile === false && (f.data?.length ?? 0) > 0, subset: /^[A-Z]{6}\+/.test(name), unicode: true });
}

/**
 * Text items into lines, as `pdftotext -layout` would: items on one baseline (within a third of the
 * font size) joined left to right, a gap wider than a space becoming at least one space (so table
 * cells stay apart), roughly one space per half em. Rotated text (chart axis names) follows, an
 * item per line.
 */
function layoutLines(items: TextItem[]): string[] {
  const size = (i: TextItem): number => Math.hypot(i.transform[2], i.transform[3]) || 1;
  const upright = items.filter((i) => Math.abs(i.transform[1]) < 1e-6 && Math.abs(i.transform[2]) < 1e-6 && i.transform[0] > 0);
  const rotated = items.filter((i) => !upright.includes(i));
  const byBaseline = [...upright].sort((a, b) => b.transform[5] - a.transform[5] || a.transform[4] - b.transform[4]);
  const lines: TextItem[][] = [];
  for (const i of byBaseline) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0]!.transform[5] - i.transform[5]) < size(i) / 3) line.push(i);
    else lines.push([i]);
  }
  const text = lines.map((line) => {
    let s = '';
    let end = -Infinity;
    for (const i of line.sort((a, b) => a.transform[4] - b.transform[4])) {
      const gap = i.transform[4] - end;
      if (s && gap > size(i) * 0.15) s += ' '.repeat(Math.max(1, Math.round(gap / (size(i) * 0.5))));
      s += i.str;
      end = i.transform[4] + i.width;
    }
    return s;
  });
  return [...text, ...rotated.map((i) => i.str)];
}

/**
 * Renders every page to `<dir>/<prefix>-<n>.png` at `dpi` on white. Returns, per page, the file and
 * the fraction of pixels that are not white (a page that renders blank shows up as 0).
 */
export async function renderPdfPages(data: Uint8Array, dir: string, { dpi = 80, prefix = 'page' } = {}): Promise<{ file: string; ink: number }[]> {
  mkdirSync(dir, { recursive: true });
  const doc = await open(data);
  try {
    const out: { file: string; ink: number }[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      // @napi-rs/canvas stands in for the DOM canvas pdf.js declares (its Node build uses it too).
      await page.render({ canvas, canvasContext: ctx, viewport } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let p = 0; p < px.length; p += 4) if (px[p]! < 250 || px[p + 1]! < 250 || px[p + 2]! < 250) inked++;
      const file = join(dir, `${prefix}-${String(n).padStart(2, '0')}.png`);
      writeFileSync(file, canvas.toBuffer('image/png'));
      out.push({ file, ink: inked / (px.length / 4) });
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

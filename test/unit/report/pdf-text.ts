/**
 * The text of a PDF for tests: pdfjs-dist when it is installed, else poppler's pdftotext when it is on
 * the PATH, else null (the caller then checks the report model's text only). Lines that a word-wrap
 * split after a '-', '/' or '#' inside a path or section anchor are joined back.
 */
import { spawnSync } from 'node:child_process';

type PdfJs = {
  getDocument(src: { data: Uint8Array; useSystemFonts?: boolean }): { promise: Promise<{ numPages: number; getPage(n: number): Promise<{ getTextContent(): Promise<{ items: { str?: string; hasEOL?: boolean }[] }> }> }> };
};

async function loadPdfJs(): Promise<PdfJs | null> {
  const name = 'pdfjs-dist/legacy/build/pdf.mjs';
  try {
    return (await import(/* @vite-ignore */ name)) as PdfJs;
  } catch {
    return null;
  }
}

function joinWrapped(text: string): string {
  return text.replace(/([-/#])\n\s*/g, '$1');
}

export async function pdfText(pdf: Buffer): Promise<string | null> {
  const pdfjs = await loadPdfJs();
  if (pdfjs) {
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const c = await (await doc.getPage(i)).getTextContent();
      pages.push(c.items.map((it) => (it.str ?? '') + (it.hasEOL ? '\n' : '')).join(''));
    }
    return joinWrapped(pages.join('\n'));
  }
  const r = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) return null;
  return joinWrapped(r.stdout);
}

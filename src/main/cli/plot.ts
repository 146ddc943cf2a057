/**
 * `--plot FILE`: a chart written as SVG (ECharts rendered on the server, as in the PDF reports) or
 * PNG (that SVG rasterised by resvg compiled to WebAssembly with the bundled DejaVu fonts, so the
 * picture is the same on every machine and needs neither a browser nor system fonts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { ConfigError } from '../../core/errors';
import type { ChartSpec } from '../../core/report/charts';

let wasmReady: Promise<void> | undefined;

async function svgToPng(svg: string, width: number): Promise<Uint8Array> {
  const resvg = await import('@resvg/resvg-wasm');
  wasmReady ??= resvg.initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')));
  await wasmReady;
  const { findFontDir } = await import('../reports/pdf');
  const dir = findFontDir();
  const fontBuffers = dir ? ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => readFileSync(join(dir, f))) : [];
  const r = new resvg.Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: width * 2 },
    font: { fontBuffers, defaultFontFamily: 'DejaVu Sans', loadSystemFonts: false },
  });
  return r.render().asPng();
}

/** Write `spec` to `file` (.svg or .png); returns the absolute path written. */
export async function writePlot(file: string, spec: ChartSpec): Promise<string> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.svg' && ext !== '.png')
    throw new ConfigError(`--plot: '${file}' must end in .svg or .png`, { issues: [{ path: '--plot', message: 'expected a .svg or .png file name', value: file }] });
  const { renderChartSvg } = await import('../reports/pdf');
  const svg = renderChartSvg(spec);
  const path = resolve(file);
  writeFileSync(path, ext === '.svg' ? svg : await svgToPng(svg, spec.width));
  return path;
}

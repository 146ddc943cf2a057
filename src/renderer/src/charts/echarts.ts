/**
 * ECharts, registered piecemeal: each chart kind registers only the series and components it
 * uses (echarts/core + specific charts/components + the canvas renderer). Two themes follow the
 * app's CSS variables.
 */
import { use, registerTheme } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { LineChart, ScatterChart, BarChart, ParallelChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  VisualMapComponent,
  BrushComponent,
  ToolboxComponent,
  ParallelComponent,
  MarkLineComponent,
  TitleComponent,
  AriaComponent,
} from 'echarts/components';

const done = new Set<string>();
function once(key: string, parts: Parameters<typeof use>[0]): void {
  if (done.has(key)) return;
  done.add(key);
  use(parts);
}

export function useBase(): void {
  once('base', [CanvasRenderer, AriaComponent, TooltipComponent, TitleComponent]);
  once('themes', []);
  registerThemes();
}
/** Line charts: pulse-response curves, training curves. */
export const useLineParts = (): void => once('line', [LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent]);
/** Stacked bars: energy / latency / area breakdowns. */
export const useBarParts = (): void => once('bar', [BarChart, GridComponent, LegendComponent]);
/** Pareto scatter with zoom, brush and colour mapping. */
export const useScatterParts = (): void =>
  once('scatter', [ScatterChart, LineChart, GridComponent, LegendComponent, DataZoomComponent, VisualMapComponent, BrushComponent, ToolboxComponent]);
/** Parallel coordinates for 3+ objectives. */
export const useParallelParts = (): void => once('parallel', [ParallelChart, ParallelComponent, VisualMapComponent]);

let themesDone = false;
function registerThemes(): void {
  if (themesDone) return;
  themesDone = true;
  const axis = (fg: string, line: string, split: string): Record<string, unknown> => ({
    axisLine: { lineStyle: { color: line } },
    axisTick: { lineStyle: { color: line } },
    axisLabel: { color: fg },
    splitLine: { lineStyle: { color: split } },
    nameTextStyle: { color: fg },
  });
  registerTheme('hps-light', {
    color: ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a16207'],
    backgroundColor: 'transparent',
    textStyle: { color: '#1b2430' },
    legend: { textStyle: { color: '#1b2430' } },
    categoryAxis: axis('#4e5a69', '#8a96a6', '#e3e7ec'),
    valueAxis: axis('#4e5a69', '#8a96a6', '#e3e7ec'),
    logAxis: axis('#4e5a69', '#8a96a6', '#e3e7ec'),
    parallelAxis: axis('#4e5a69', '#8a96a6', '#e3e7ec'),
  });
  registerTheme('hps-dark', {
    color: ['#6ea1ff', '#f5a524', '#34d399', '#c4b5fd', '#fb7185', '#67e8f9', '#a3e635', '#fde047'],
    backgroundColor: 'transparent',
    textStyle: { color: '#e6ebf1' },
    legend: { textStyle: { color: '#e6ebf1' }, inactiveColor: '#5b6573' },
    categoryAxis: axis('#a5b0bf', '#5b6573', '#2b3440'),
    valueAxis: axis('#a5b0bf', '#5b6573', '#2b3440'),
    logAxis: axis('#a5b0bf', '#5b6573', '#2b3440'),
    parallelAxis: axis('#a5b0bf', '#5b6573', '#2b3440'),
    tooltip: { backgroundColor: '#232b36', borderColor: '#38434f', textStyle: { color: '#e6ebf1' } },
    dataZoom: { textStyle: { color: '#a5b0bf' } },
    visualMap: { textStyle: { color: '#e6ebf1' } },
  });
}

export const HPS_COLOR = { light: '#1d4ed8', dark: '#6ea1ff' };
export const BASE_COLOR = { light: '#b45309', dark: '#f5a524' };
export const PHASE_COLORS = ['#1d4ed8', '#0e7490', '#7c3aed', '#b45309', '#be123c', '#4d7c0f', '#a16207', '#64748b', '#db2777', '#0891b2'];

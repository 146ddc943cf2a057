/** Report model: units (re-exported from core/format), CSV writers, chart options, the report model and the study bundle. */
export * from './types';
export * from '../format/units';
export * from './csv';
export * from './charts';
export * from './knob-series';
export * from './knob-chart';
export * from './model';
export * from './bundle';
export { metricInfo, costView, citationsFor, studyView, type MetricInfo, type CostView, type Citation } from './adapters';

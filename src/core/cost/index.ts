/** Circuit-level cost model of in-situ training. See docs/cost-model-notes.md. */
export { evaluateCost, hardwareSecondsPerBatch } from './model';
export { costMetricCatalog, flattenCostMetrics, type CostMetricInfo } from './catalog';
export { defaultTrainingStats, statsFromCounts, pulsesPerGradientStep, gradientBitsOf, VGG8_INPUT_ACTIVITY, DEFAULT_CHANGE_FRACTION } from './stats';
export { technology, nmosOnResistance, effectiveWidth, type Technology, type Roadmap } from './technology';
export * as circuits from './circuits';
export { floorplan } from './floorplan';
export * as pricing from './components';
export { costDevice, type CostDevice } from './cells';
export { CALIBRATION } from './calibration';
export * from './types';

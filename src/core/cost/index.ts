/** Circuit-level cost model of in-situ training (issue 5). See docs/cost-model-notes.md. */
export { evaluateCost, hardwareSecondsPerBatch, defaultImagesPerEpoch } from './model';
export { costMetricCatalog, flattenCostMetrics, type CostMetricInfo } from './catalog';
export { defaultTrainingStats, statsFromCounts, VGG8_INPUT_ACTIVITY, DEFAULT_CHANGE_FRACTION } from './stats';
export { technology, repeatedWire, nmosOnResistance, isSupportedNode, type Technology, type Roadmap } from './technology';
export * as pricing from './components';
export { costDevice, type CostDevice } from './cells';
export { CALIBRATION } from './calibration';
export * from './types';

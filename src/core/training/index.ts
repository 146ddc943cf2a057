export * from './engine';
export * from './checkpoint';
export * from './network';
export * from './quant';
export * from './optimizer';
export * from './convention';
export * from './diagnostics';
export * from './tuning';

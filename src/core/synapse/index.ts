export * from './types';
export * from './builder';
export { IdealSynapse } from './ideal';
export { BaselineSynapse, type BaselineOptions } from './baseline';
export { HpsSynapse, type HpsOptions, type ProgrammingMode } from './hps';
export { Fefet2t1fSynapse, type Fefet2t1fOptions } from './fefet2t1f';

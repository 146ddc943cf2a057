/** Device models: presets, the NeuroSim update model, measured devices, capacitor and FeFET cells. */
export * from './types';
export * from './nl';
export * from './normal';
export * from './envm';
export * from './measured';
export * from './presets';
export * from './capacitor';
export * from './fefet';
export * from './stream';

/** Design-space exploration core: study files, sampling, expansion, sharding, Pareto analysis. */
export * from './study';
export * from './samplers';
export * from './paths';
export * from './hash';
export * from './expand';
export * from './pareto';
export * from './hypervolume';
export * from './analysis';
export * from './summary';
export * from './sanity';
export * from './replicates';

export * from './chart-release';
export * from './serving-platform';

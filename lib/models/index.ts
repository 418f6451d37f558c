export * from './catalog';
export * from './catalog-schema';
export * from './merge';
export * from './model-fleet';
export * from './model-service';
export * from './profiles';
export * from './version-template';
export * from './slo';

export * from './ack-settings';
export * from './ack-rules';
export * from './ahpa-template';
export * from './eci';
export * from './node-labels';
export * from './placement';
export * from './reserved-instance';
export * from './resource-policy';

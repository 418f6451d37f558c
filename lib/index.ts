// The Kubernetes layers: pure cdk8s, no @pulumi/* module is loaded. The cloud side lives at the
// subpaths `ack-serving/cloud` and `ack-serving/deploy`; the simulator at `ack-serving/sim`.
export * from './validation';
export * from './knative';
export * from './ack';
export * from './models';
export * from './synth-app';
export { writeOwnedTree, checkOutputDir, OWNERSHIP_RECORD } from './owned-output';
export type { OwnedOutputOptions, OwnedOutputReport } from './owned-output';

// `ack-serving`: the public constructs, value classes and types of the Kubernetes layers (pure cdk8s:
// no @pulumi/* module is loaded). Subpaths: `ack-serving/knative`, `/ack`, `/models`, `/validation`,
// `/rules` (every rule function), `/cloud` and `/deploy` (Pulumi), `/sim` (the simulator).
export * from './entries/validation';
export * from './entries/knative';
export * from './entries/ack';
export * from './entries/models';
export { synthApp } from './synth-app';
export { writeOwnedTree, OWNERSHIP_RECORD } from './owned-output';
export type { OwnedOutputOptions, OwnedOutputReport } from './owned-output';

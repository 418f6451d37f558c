// `ack-serving/validation`: the error every check throws and how its issues print. The checks
// themselves are in `ack-serving/rules`.
export { ValidationError, formatIssue, formatIssues, throwIfAny } from '../validation';
export type * from '../validation';

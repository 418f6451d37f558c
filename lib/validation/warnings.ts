import { IConstruct } from 'constructs';
import { Issue, aggregateIssues } from './issue';

const REPORTS_WARNINGS = Symbol.for('ack-serving.reports-warnings');

/** A construct whose `warnings` cover everything below it (a ModelFleet covers its models). */
export interface IReportsWarnings extends IConstruct {
  readonly warnings: readonly Issue[];
}

/** Marks a construct as reporting the warnings of its whole subtree in `warnings`. */
export function markReportsWarnings(construct: IReportsWarnings): void {
  Object.defineProperty(construct, REPORTS_WARNINGS, { value: true });
}

function reports(c: IConstruct): c is IReportsWarnings {
  return (c as unknown as Record<symbol, unknown>)[REPORTS_WARNINGS] === true;
}

/**
 * Every warning of the constructs under `scopes` (a fleet's, or each model's when only model
 * charts are given), each once: what a synth prints and what a deployment logs.
 */
export function collectWarnings(scopes: readonly IConstruct[]): Issue[] {
  const found: Issue[] = [];
  const seen = new Set<IConstruct>();
  const visit = (c: IConstruct): void => {
    if (seen.has(c)) return;
    seen.add(c);
    if (reports(c)) {
      found.push(...c.warnings);
      return;
    }
    for (const child of c.node.children) visit(child);
  };
  scopes.forEach(visit);
  return aggregateIssues(found);
}

import { Issue, joinPath, show } from '../../validation/issue';
import {
  checkDestination,
  DestinationInput,
  destinationFeatures,
  renderDestination,
  toDestination,
} from './destination';
import { EventingFeatureRequirement } from './features';

/** What every Knative source takes (knative/pkg apis/duck/v1/source_types.go `SourceSpec`). */
export interface SourceProps {
  /** Where the source sends its events: a Broker, a `ModelService`, a `KnativeService`, a `Destination` or a URI. */
  readonly sink: DestinationInput;
  /**
   * CloudEvents extension attributes added to every event, e.g. `{ team: 'risk' }`. Names are
   * lower-case letters and digits.
   * @default - none
   */
  readonly ceOverrides?: Readonly<Record<string, string>>;
}

const EXTENSION_NAME = /^[a-z0-9]+$/;

/** Checks a source's sink and CloudEvents overrides. */
// knative/pkg apis/duck/v1/source_types.go (SourceSpec, CloudEventOverrides.Validate)
export function checkSourceSpec(props: SourceProps, path: string): Issue[] {
  const issues: Issue[] = [];
  if (props.sink === undefined || props.sink === null || props.sink === '') {
    issues.push({
      path: joinPath(path, 'sink'),
      message: `sink is required: a Broker, a ModelService, a KnativeService, a Destination or an absolute URI`,
    });
  } else {
    issues.push(
      ...checkDestination(toDestination(props.sink).spec, joinPath(path, 'sink'), 'sink'),
    );
  }
  for (const [key, value] of Object.entries(props.ceOverrides ?? {})) {
    const at = joinPath(joinPath(path, 'ceOverrides'), key);
    // Knative only requires alphanumeric names; the CloudEvents spec requires lower case.
    if (!EXTENSION_NAME.test(key)) {
      issues.push({
        path: at,
        message: `CloudEvents extension name ${show(key)} is invalid: use only lower-case letters and digits`,
      });
    }
    if (typeof value !== 'string')
      issues.push({
        path: at,
        message: `CloudEvents extension ${show(key)} has the value ${show(value)}; values are strings`,
      });
  }
  return issues;
}

/** Feature flags the sink needs. */
export function sourceFeatures(props: SourceProps, path: string): EventingFeatureRequirement[] {
  if (props.sink === undefined || props.sink === null || props.sink === '') return [];
  return destinationFeatures(toDestination(props.sink).spec, joinPath(path, 'sink'));
}

/** Renders `sink` and `ceOverrides`. */
export function renderSourceSpec(props: SourceProps, namespace?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    sink: renderDestination(toDestination(props.sink).spec, namespace),
  };
  if (props.ceOverrides && Object.keys(props.ceOverrides).length > 0)
    out.ceOverrides = { extensions: { ...props.ceOverrides } };
  return out;
}

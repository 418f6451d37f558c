import { Construct } from 'constructs';
import { ClusterConfig } from './cluster-config';
import { KnativeObjectProps, checkObjectMetadata } from './object-metadata';
import { RevisionTemplateProps, checkRevisionTemplate } from './revision-template';
import { ServingSettings } from './serving-settings';
import { Issue, joinPath } from '../validation';

/** A Service or Configuration: an object that owns a revision template. */
export interface TemplateOwnerProps extends KnativeObjectProps {
  readonly template: RevisionTemplateProps;
  readonly cluster?: ClusterConfig;
}

/**
 * The metadata and template checks shared by KnativeService and KnativeConfiguration. Feature flags
 * are checked here unless a ServingSettings in the app will check them once everything exists.
 */
export function checkTemplateOwner(
  owner: Construct,
  props: TemplateOwnerProps,
  namespace: string | undefined,
  cluster: ClusterConfig,
): Issue[] {
  const featureFlags = props.cluster !== undefined || ServingSettings.of(owner) === undefined;
  return [
    ...checkObjectMetadata(props, owner.node.path, namespace),
    ...checkRevisionTemplate(
      props.template,
      joinPath(owner.node.path, 'template'),
      cluster,
      props.name,
      { featureFlags },
    ),
  ];
}

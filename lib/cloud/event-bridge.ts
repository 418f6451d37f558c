import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { Issue, joinPath, show } from '../validation/issue';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';
import { checkProviderInputs } from './provider-rules';

const RULE_TYPE = 'alicloud:eventbridge/rule:Rule';

/**
 * Where EventBridge delivers: a Knative Broker or a Knative Service, reached through the
 * cluster's gateway (ALB, MSE, ASM or Kourier), or any HTTPS endpoint.
 */
export class KnativeTarget {
  /**
   * A Knative Broker. The gateway must route `/<namespace>/<broker>` on `gatewayHost` to
   * `broker-ingress.knative-eventing.svc.cluster.local` (Knative does not expose the broker ingress
   * by itself; see docs/eventing.md). Events are posted in structured CloudEvents mode.
   */
  public static broker(opts: {
    gatewayHost: pulumi.Input<string>;
    namespace: string;
    name: string;
    scheme?: 'https' | 'http';
  }): KnativeTarget {
    const scheme = opts.scheme ?? 'https';
    const endpoint = pulumi.interpolate`${scheme}://${opts.gatewayHost}/${opts.namespace}/${opts.name}`;
    return new KnativeTarget(
      endpoint,
      scheme,
      { host: opts.gatewayHost, namespace: opts.namespace, name: opts.name },
      'broker',
    );
  }

  /**
   * A Knative Service (or a model's Route) by its public URL on the gateway, such as
   * `https://batch-score.models.example.com`.
   */
  public static service(url: pulumi.Input<string>): KnativeTarget {
    return KnativeTarget.endpoint(url, 'service');
  }

  /** Any HTTP(S) endpoint. */
  public static endpoint(
    url: pulumi.Input<string>,
    kind: 'service' | 'endpoint' = 'endpoint',
  ): KnativeTarget {
    const scheme = typeof url === 'string' && url.startsWith('http://') ? 'http' : 'https';
    return new KnativeTarget(pulumi.output(url), scheme, { url }, kind);
  }

  private constructor(
    /** The URL EventBridge posts to. */
    public readonly endpoint: pulumi.Output<string>,
    /** `http` or `https`: the default EventBridge target type. */
    public readonly scheme: 'http' | 'https',
    /** The plain inputs, for validation. */
    public readonly parts: {
      host?: pulumi.Input<string>;
      namespace?: string;
      name?: string;
      url?: pulumi.Input<string>;
    },
    public readonly kind: 'broker' | 'service' | 'endpoint',
  ) {}
}

/** An EventBridge event pattern (JSON): field -> up to five values or matchers, nested for `data`. */
export type EventPattern = Readonly<Record<string, unknown>>;

/** EventBridge retry strategies for pushing to a target. */
export type PushRetryStrategy = 'BACKOFF_RETRY' | 'EXPONENTIAL_DECAY_RETRY';

export interface EventBridgeToKnativeArgs {
  /**
   * Create a custom event bus with this name. Leave unset for Alibaba Cloud service events (OSS,
   * ECS, ACK...), which arrive only on the system bus `default`.
   * @default - the system bus 'default' (not created)
   */
  readonly eventBus?: { readonly name: string; readonly description?: string };
  /** The rule's name. */
  readonly ruleName: string;
  /**
   * The rule's description.
   * @default - none
   */
  readonly description?: string;
  /** The event pattern, e.g. `ossEventPattern({...})` or `{ source: ['acs.mns'] }`. */
  readonly pattern: EventPattern;
  /** Where matching events go. */
  readonly target: KnativeTarget;
  /**
   * The EventBridge target `type`. EventBridge documents a "Route events to Knative" target, but
   * the API type string for it is unconfirmed, so the default is a plain HTTPS target at the
   * gateway; set the Knative type here once confirmed for your region.
   * @default - the target's scheme: 'https' (or 'http')
   */
  readonly targetType?: string;
  /**
   * The target's ID within the rule.
   * @default '<ruleName>-knative'
   */
  readonly targetId?: string;
  /**
   * How EventBridge retries a failed push.
   * @default 'EXPONENTIAL_DECAY_RETRY'
   */
  readonly pushRetryStrategy?: PushRetryStrategy;
  /**
   * An MNS queue or RocketMQ topic ARN for events that still fail after the retries.
   * @default - failed events are dropped
   */
  readonly deadLetterQueueArn?: pulumi.Input<string>;
  /**
   * How EventBridge reaches the gateway.
   * @default 'PublicNetwork'
   */
  readonly network?: 'PublicNetwork' | 'PrivateNetwork';
  /**
   * HTTP headers sent with each event (param `HeaderParameters`, unconfirmed key). A Broker
   * target needs the structured CloudEvents content type; set `{}` to send none.
   * @default - { 'Content-Type': 'application/cloudevents+json' } for a Broker target, none otherwise
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * More target parameters, such as VPC settings for `PrivateNetwork`; appended after the library's.
   * @default - none
   */
  readonly extraParams?: readonly alicloud.types.input.eventbridge.RuleTargetParamList[];
  /**
   * A custom event source on the custom bus, for MNS, RocketMQ or RabbitMQ (OSS needs none).
   * @default - none
   */
  readonly eventSource?: {
    readonly name: string;
    readonly externalSourceType: 'MNS' | 'RocketMQ' | 'RabbitMQ';
    readonly externalSourceConfig: Readonly<Record<string, string>>;
  };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,126}$/;
const PATTERN_MAX_VALUES = 5;

/** An OSS bucket (and key prefix) whose object events a rule selects. */
export interface OssObjects {
  /** e.g. `cn-hangzhou`. */
  readonly region: string;
  /** The Alibaba Cloud account ID that owns the bucket. */
  readonly accountId: string;
  readonly bucket: string;
  /**
   * Only keys under this prefix, e.g. `incoming/`.
   * @default - every key
   */
  readonly keyPrefix?: string;
}

/** The CloudEvents `subject` prefix of OSS object events: `acs:oss:<region>:<accountId>:<bucket>/<keyPrefix>`. */
export function ossSubjectPrefix(objects: OssObjects): string {
  return `acs:oss:${objects.region}:${objects.accountId}:${objects.bucket}/${objects.keyPrefix ?? ''}`;
}

/**
 * An event pattern for OSS object events on the system bus: `source: ['acs.oss']`, the given
 * types (such as `oss:ObjectCreated:PutObject`) and, when objects are named, a `subject` prefix.
 */
export function ossEventPattern(opts: {
  types: readonly string[];
  objects?: OssObjects;
}): EventPattern {
  const pattern: Record<string, unknown> = { source: ['acs.oss'], type: [...opts.types] };
  if (opts.objects !== undefined) pattern.subject = [{ prefix: ossSubjectPrefix(opts.objects) }];
  return pattern;
}

/** Checks the component's arguments; every problem is returned. */
export function checkEventBridgeToKnative(args: EventBridgeToKnativeArgs, path = ''): Issue[] {
  const issues: Issue[] = [];
  const name = (value: unknown, at: string, what: string) => {
    if (typeof value !== 'string' || !NAME.test(value)) {
      issues.push({
        path: at,
        message: `${what} ${show(value)} must be 1 to 127 letters, digits, '_' or '-', starting with a letter or digit`,
      });
    }
  };
  name(args.ruleName, joinPath(path, 'ruleName'), 'ruleName');
  if (args.eventBus)
    name(args.eventBus.name, joinPath(joinPath(path, 'eventBus'), 'name'), 'eventBus name');
  if (args.targetId !== undefined) name(args.targetId, joinPath(path, 'targetId'), 'targetId');
  issues.push(...checkEventPattern(args.pattern, joinPath(path, 'pattern')));
  const sources = Array.isArray(args.pattern?.source) ? (args.pattern.source as unknown[]) : [];
  const cloudSources = sources.filter(
    (s): s is string => typeof s === 'string' && s.startsWith('acs.'),
  );
  if (args.eventBus && cloudSources.length > 0) {
    issues.push({
      path: joinPath(path, 'eventBus'),
      message: `Alibaba Cloud service events (${cloudSources.map((s) => `'${s}'`).join(', ')}) arrive only on the system bus 'default'; leave eventBus unset`,
    });
  }
  if (args.eventSource && !args.eventBus) {
    issues.push({
      path: joinPath(path, 'eventSource'),
      message: `a custom event source needs a custom bus; set eventBus`,
    });
  }
  if (!args.target) {
    issues.push({
      path: joinPath(path, 'target'),
      message: `target is required: KnativeTarget.broker({...}), KnativeTarget.service(url) or KnativeTarget.endpoint(url)`,
    });
  } else {
    const p = args.target.parts;
    if (typeof p.host === 'string' && (p.host === '' || /[/:\s]/.test(p.host))) {
      issues.push({
        path: joinPath(path, 'target'),
        message: `gatewayHost ${show(p.host)} must be a bare host name such as 'events.example.com' (no scheme, port or path)`,
      });
    }
    if (args.target.kind === 'broker' && (!p.namespace || !p.name)) {
      issues.push({
        path: joinPath(path, 'target'),
        message: `a Broker target needs the broker's namespace and name`,
      });
    }
    if (typeof p.url === 'string' && !/^https?:\/\/[^/\s]+/.test(p.url)) {
      issues.push({
        path: joinPath(path, 'target'),
        message: `target URL ${show(p.url)} must be an absolute http(s) URL such as 'https://batch-score.models.example.com'`,
      });
    }
  }
  if (
    args.pushRetryStrategy !== undefined &&
    !['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'].includes(args.pushRetryStrategy)
  ) {
    issues.push({
      path: joinPath(path, 'pushRetryStrategy'),
      message: `pushRetryStrategy ${show(args.pushRetryStrategy)} is not one of 'BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'`,
    });
  }
  if (
    args.network !== undefined &&
    args.network !== 'PublicNetwork' &&
    args.network !== 'PrivateNetwork'
  ) {
    issues.push({
      path: joinPath(path, 'network'),
      message: `network ${show(args.network)} is not one of 'PublicNetwork', 'PrivateNetwork'`,
    });
  }
  if (issues.length === 0) issues.push(...checkRuleTargetRules(args, path));
  return issues;
}

/**
 * The provider's rules on the target the component will send (resource_alicloud_event_bridge_rule.go),
 * named by the argument each value came from: `targetType`, `extraParams[i].form`.
 */
function checkRuleTargetRules(args: EventBridgeToKnativeArgs, path: string): Issue[] {
  const target = renderRuleTarget(args);
  const own = (target.paramLists as unknown[]).length - (args.extraParams?.length ?? 0);
  return checkProviderInputs(RULE_TYPE, { targets: [target] }, '').map((i) => {
    const param = /^targets\[0\]\.paramLists\[(\d+)\]\.(.*)$/.exec(i.path);
    const renamed = param
      ? `extraParams[${Number(param[1]) - own}].${param[2]}`
      : i.path === 'targets[0].type'
        ? 'targetType'
        : i.path.replace(/^targets\[0\]\./, '');
    return { ...i, path: path === '' ? renamed : `${path}.${renamed}` };
  });
}

/** Checks an event pattern: a non-empty object whose fields list one to five values or nest objects. */
// EventBridge event patterns (ROS ALIYUN::EventBridge::Rule FilterPattern: "each field ... up to five values")
export function checkEventPattern(pattern: unknown, path: string): Issue[] {
  if (
    typeof pattern !== 'object' ||
    pattern === null ||
    Array.isArray(pattern) ||
    Object.keys(pattern).length === 0
  ) {
    return [
      {
        path,
        message: `pattern must be a non-empty object such as { source: ['acs.oss'], type: ['oss:ObjectCreated:PutObject'] }`,
      },
    ];
  }
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const at = joinPath(path, key);
    if (Array.isArray(value)) {
      if (value.length === 0)
        issues.push({
          path: at,
          message: `pattern field ${show(key)} lists no value; give 1 to ${PATTERN_MAX_VALUES} values or drop the field`,
        });
      if (value.length > PATTERN_MAX_VALUES) {
        issues.push({
          path: at,
          message: `pattern field ${show(key)} lists ${value.length} values; EventBridge allows at most ${PATTERN_MAX_VALUES} per field, split the rule or use a prefix matcher`,
        });
      }
    } else if (typeof value === 'object' && value !== null) {
      issues.push(...checkEventPattern(value, at));
    } else {
      issues.push({
        path: at,
        message: `pattern field ${show(key)} must be a list of values or matchers, such as ['oss:ObjectCreated:PutObject'], got ${show(value)}`,
      });
    }
  }
  return issues;
}

/** The rule's target, as `alicloud.eventbridge.Rule` takes it. */
export function renderRuleTarget(
  args: EventBridgeToKnativeArgs,
): alicloud.types.input.eventbridge.RuleTarget {
  const headers =
    args.headers ??
    (args.target.kind === 'broker' ? { 'Content-Type': 'application/cloudevents+json' } : {});
  const params: alicloud.types.input.eventbridge.RuleTargetParamList[] = [
    { resourceKey: 'url', form: 'CONSTANT', value: args.target.endpoint },
    { resourceKey: 'Network', form: 'CONSTANT', value: args.network ?? 'PublicNetwork' },
    { resourceKey: 'Body', form: 'ORIGINAL' },
  ];
  if (Object.keys(headers).length > 0) {
    params.push({
      resourceKey: 'HeaderParameters',
      form: 'CONSTANT',
      value: JSON.stringify(headers),
    });
  }
  params.push(...(args.extraParams ?? []));
  return {
    targetId: args.targetId ?? `${args.ruleName}-knative`,
    type: args.targetType ?? args.target.scheme,
    endpoint: args.target.endpoint,
    pushRetryStrategy: args.pushRetryStrategy ?? 'EXPONENTIAL_DECAY_RETRY',
    ...(args.deadLetterQueueArn !== undefined
      ? { deadLetterQueue: { arn: args.deadLetterQueueArn } }
      : {}),
    paramLists: params,
  };
}

/**
 * Brings Alibaba Cloud events (OSS, MNS, RocketMQ, Kafka...) to Knative: an optional custom event
 * bus and source, and a rule whose pattern selects events and whose target posts them to a Knative
 * Broker or Service through the cluster's gateway.
 */
export class EventBridgeToKnative extends pulumi.ComponentResource {
  public readonly eventBus?: alicloud.eventbridge.EventBus;
  public readonly eventSource?: alicloud.eventbridge.EventSource;
  public readonly rule: alicloud.eventbridge.Rule;
  /** The bus the rule is on. */
  public readonly eventBusName: pulumi.Output<string>;
  /** The URL EventBridge posts to. */
  public readonly endpoint: pulumi.Output<string>;

  constructor(
    name: string,
    args: EventBridgeToKnativeArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    // Checked before super(): invalid arguments register nothing.
    throwIfInvalid('ack-serving:cloud:EventBridgeToKnative', name, checkEventBridgeToKnative(args));
    super('ack-serving:cloud:EventBridgeToKnative', name, {}, opts);
    if (args.eventBus) {
      this.eventBus = new alicloud.eventbridge.EventBus(
        `${name}-bus`,
        { eventBusName: args.eventBus.name, description: args.eventBus.description },
        childOptions(this, opts),
      );
    }
    this.eventBusName = this.eventBus ? this.eventBus.eventBusName : pulumi.output('default');
    if (args.eventSource) {
      this.eventSource = new alicloud.eventbridge.EventSource(
        `${name}-source`,
        {
          eventBusName: this.eventBusName,
          eventSourceName: args.eventSource.name,
          externalSourceType: args.eventSource.externalSourceType,
          externalSourceConfig: { ...args.eventSource.externalSourceConfig },
          linkedExternalSource: true,
        },
        childOptions(this, opts, this.eventBus ? [this.eventBus] : []),
      );
    }
    this.rule = new alicloud.eventbridge.Rule(
      `${name}-rule`,
      {
        eventBusName: this.eventBusName,
        ruleName: args.ruleName,
        description: args.description,
        filterPattern: JSON.stringify(args.pattern),
        targets: [renderRuleTarget(args)],
      },
      childOptions(this, opts, this.eventSource ? [this.eventSource] : []),
    );
    this.endpoint = args.target.endpoint;
    this.registerOutputs({
      eventBusName: this.eventBusName,
      rule: this.rule,
      endpoint: this.endpoint,
    });
  }
}

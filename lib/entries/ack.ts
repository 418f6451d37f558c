// `ack-serving/ack`: Alibaba Cloud placement (ECS, ECI, GPU), ResourcePolicy, AHPA and the ACK
// settings and labels they use. Rule functions: `ack-serving/rules`.
export {
  Placement,
  ResourcePolicy,
  AhpaTemplate,
  ackSettings,
  DEFAULT_ACK_SETTINGS,
  ECI_ANNOTATION_PREFIX,
  ECI_LABEL,
  GPU_POOL,
  GPU_TAINT,
  POOL_LABEL_KEY,
  STEADY_POOL,
  VIRTUAL_NODE_SELECTOR,
  VIRTUAL_NODE_TOLERATION,
} from '../ack';
export type * from '../ack';

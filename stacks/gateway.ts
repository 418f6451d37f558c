import { KnativeGateway } from '../lib/cloud/knative-addon';
import { GatewayName } from './config';

/** The Knative gateway a config name stands for, with the library's defaults. */
export function gatewayFor(name: GatewayName): KnativeGateway {
  switch (name) {
    case 'alb':
      return KnativeGateway.alb();
    case 'mse':
      return KnativeGateway.mse();
    case 'asm':
      return KnativeGateway.asm();
    case 'kourier':
      return KnativeGateway.kourier();
  }
}

/**
 * The Pulumi program (`main` in Pulumi.yaml): reads the stack config and builds the environment
 * `ack-serving:environment` selects. `pulumi preview` / `pulumi up` run it; `ack-serving plan`
 * runs the same stack functions offline.
 */
import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { ValidationError } from '../lib/validation';
import { CONFIG_KEYS, NS, parseStackConfig } from './config';
import { devStack } from './dev';
import { prodStack } from './prod';
import { Stack } from './stack';

/** The dev kubeconfig: the secret config value, else the file KUBECONFIG names (read at up-time). */
function kubeconfig(): pulumi.Output<string> | undefined {
  const secret = new pulumi.Config(NS).getSecret('kubeconfig');
  if (secret) return secret;
  const file = process.env.KUBECONFIG?.split(':').find((f) => f !== '');
  if (!file) return undefined;
  try {
    return pulumi.secret(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ValidationError([
      {
        path: `${NS}:kubeconfig`,
        message: `not set, and the KUBECONFIG file cannot be read (${(e as NodeJS.ErrnoException).code}); set the secret or fix KUBECONFIG`,
      },
    ]);
  }
}

function run(): Stack {
  const all = pulumi.runtime.allConfig();
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(all)) {
    if (key.startsWith(`${NS}:`) || CONFIG_KEYS.includes(key)) raw[key] = all[key];
  }
  // never the plain text: the kubeconfig is read as a secret Output
  delete raw[`${NS}:kubeconfig`];
  if (raw[`${NS}:environment`] === 'dev') raw[`${NS}:kubeconfig`] = kubeconfig();
  const config = parseStackConfig(raw);
  return config.environment === 'prod' ? prodStack(config) : devStack(config);
}

const stack = run();
export const environment = stack.platform.context;
export const clusterId = stack.platform.clusterId;
export const vpcId = stack.platform.vpcId;
export const ingressClass = stack.platform.ingressClass;
export const eventsEndpoint = stack.eventBridge?.endpoint;

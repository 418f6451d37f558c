/**
 * The real Pulumi engine for the cluster tests: the CLI and the kubernetes plugin built by
 * toolchain.ts, the Node Automation API with an inline program, and a local file backend.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { LocalWorkspace, PulumiCommand, Stack } from '@pulumi/pulumi/automation';
import { parseStackConfig } from '../../stacks/config';
import { devStack } from '../../stacks/dev';
import { CACHE_DIR, PULUMI_HOME } from './toolchain';

export const PROJECT = 'ack-serving-cluster-test';

/** A stack of the dev environment on the test cluster, its state in `dir`. */
export async function devStackOnCluster(opts: {
  dir: string;
  kubeconfig: string;
  /** Catalog file (absolute); read by the program at every run. */
  catalog: string;
  stackName?: string;
  /** More environment for the CLI (e.g. PULUMI_SKIP_CHECKPOINTS). */
  env?: Readonly<Record<string, string>>;
}): Promise<Stack> {
  fs.mkdirSync(path.join(opts.dir, 'state'), { recursive: true });
  const pulumiCommand = await PulumiCommand.get({ root: CACHE_DIR });
  const kubeconfig = fs.readFileSync(opts.kubeconfig, 'utf8');
  const program = async () => {
    const config = parseStackConfig({
      'ack-serving:environment': 'dev',
      'ack-serving:gateway': 'kourier',
      'ack-serving:catalog': opts.catalog,
      'ack-serving:kubeconfig': pulumi.secret(kubeconfig),
    });
    if (config.environment !== 'dev') throw new Error('expected the dev environment');
    const stack = devStack(config);
    return { ingressClass: stack.platform.ingressClass };
  };
  return LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName ?? 'dev', projectName: PROJECT, program },
    {
      workDir: opts.dir,
      pulumiCommand,
      pulumiHome: PULUMI_HOME,
      projectSettings: {
        name: PROJECT,
        runtime: 'nodejs',
        backend: { url: `file://${path.join(opts.dir, 'state')}` },
      },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: 'cluster-test',
        PULUMI_HOME,
        PULUMI_SKIP_UPDATE_CHECK: 'true',
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
        KUBECONFIG: opts.kubeconfig,
        ...opts.env,
      },
    },
  );
}

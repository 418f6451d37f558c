import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCommand } from '../../stacks/plan';

const root = join(__dirname, '..', '..');
const catalog = join(root, 'examples', 'credit-risk-fleet', 'catalog.yaml');
/** What a kubeconfig, a key or a password looks like; none may ever be printed. */
const SECRET_MARKERS = ['BEGIN', 'client-key-data', 'token:', 'password', 'AccessKey'];

async function plan(opts: Parameters<typeof planCommand>[0]) {
  let stdout = '';
  let stderr = '';
  const code = await planCommand(opts, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

function expectNoSecrets(text: string): void {
  for (const marker of SECRET_MARKERS) expect(text).not.toContain(marker);
}

test('plan of the prod stack prints the resource tree, counts and the Kubernetes objects', async () => {
  // GIVEN the committed Pulumi.prod.yaml
  const before = readdirSync(root).sort();
  // WHEN
  const { code, stdout, stderr } = await plan({ stack: 'prod', root });
  // THEN
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain(
    "Plan of stack 'prod': environment prod, catalog examples/credit-risk-fleet/catalog.yaml",
  );
  // the tree: components under the platform, cloud resources under their components
  expect(stdout).toContain(
    [
      '  ack-serving:deploy:ServingPlatform  prod',
      '    ack-serving:cloud:AckCluster  prod-cluster',
      '      alicloud:cs/managedKubernetes:ManagedKubernetes  prod-cluster-ack',
      '      pulumi:providers:kubernetes  prod-cluster-k8s',
    ].join('\n'),
  );
  expect(stdout).toContain(
    '  ack-serving:cloud:EventBridgeToKnative  scoring\n    alicloud:eventbridge/rule:Rule  scoring-rule',
  );
  expect(stdout).toMatch(/alicloud:vpc\/switch:Switch +4\n/);
  expect(stdout).toMatch(/alicloud:cs\/nodePool:NodePool +2\n/);
  expect(stdout).toMatch(/kubernetes:yaml\/v2:ConfigGroup +3\n/);
  // the objects handed over, including the event-driven scoring example
  expect(stdout).toMatch(/serving\.knative\.dev\/v1 +Route +models\/batch-scoring\n/);
  expect(stdout).toMatch(/eventing\.knative\.dev\/v1 +Broker +models\/scoring-events\n/);
  expect(stdout).toMatch(/sources\.knative\.dev\/v1 +PingSource +models\/nightly-rescore\n/);
  expect(stdout).toMatch(
    /networking\.k8s\.io\/v1 +Ingress +knative-eventing\/scoring-events-gateway\n/,
  );
  expect(stdout).toContain(
    'v1 ConfigMap knative-serving/config-network (keys: ingress-class, ingress.class)',
  );
  expect(stdout).toMatch(/57 resources \(36 custom, 21 components\)/);
  // Eventing is installed before the objects that need it
  expect(stdout).toContain(
    '    ack-serving:cloud:KnativeEventing  prod-eventing\n      kubernetes:yaml/v2:ConfigFile  prod-eventing-eventing-core',
  );
  // a reviewer sees which addon names ACK's documentation does not confirm
  expect(stdout).toContain(
    'Addon names not confirmed by ACK documentation (settings; see docs/cloud.md):\n  knative: documented for ACK Serverless only',
  );
  // deletion protection is said out loud, with how to turn it off
  expect(stdout).toContain(
    "Deletion protection is on for prod-cluster-ack: 'pulumi destroy' and any change that replaces the cluster (a ForceNew field such as serviceCidr) fail until ack-serving:deletionProtection is false and applied with 'pulumi up'.",
  );
  // no input is printed without --show-inputs
  expect(stdout).not.toContain('| ');
  // nothing secret printed or written
  expectNoSecrets(stdout + stderr);
  // (other work in the same checkout may add files meanwhile: none of them may hold a secret)
  for (const name of readdirSync(root).filter((n) => !before.includes(n))) {
    const file = join(root, name);
    if (statSync(file).isFile()) expectNoSecrets(readFileSync(file, 'utf8'));
  }
});

test('plan --show-inputs prints what each resource would be sent, secrets as [secret]', async () => {
  // WHEN
  const { code, stdout, stderr } = await plan({ stack: 'prod', root, showInputs: true });
  // THEN
  expect(stderr).toBe('');
  expect(code).toBe(0);
  // the values a reviewer checks: version (unset: ACK's newest), security group, NAT, login, ALB
  expect(stdout).toContain(
    [
      '      alicloud:cs/managedKubernetes:ManagedKubernetes  prod-cluster-ack',
      '        | addons: [{"config":"{\\"NetworkPolicy\\":\\"false\\",\\"ENITrunking\\":\\"true\\",\\"IPVlan\\":\\"false\\"}","name":"terway-eniip"},{"name":"csi-plugin"},{"name":"managed-csiprovisioner"},{"disabled":true,"name":"nginx-ingress-controller"}]',
    ].join('\n'),
  );
  expect(stdout).toContain('        | isEnterpriseSecurityGroup: true\n');
  expect(stdout).toContain('        | newNatGateway: false\n');
  expect(stdout).toContain('        | deletionProtection: true\n');
  expect(stdout).not.toMatch(/\| version: /);
  expect(stdout).toContain('        | kubeconfig: [secret]\n');
  expect(stdout).toContain('        | keyName: "ack-serving-prod"\n');
  expect(stdout).toContain(
    '        | config: "{\\"albIngress\\":{\\"CreateDefaultALBConfig\\":true,\\"AddressType\\":\\"Internet\\"}}"\n        | name: "alb-ingress-controller"\n',
  );
  expect(stdout).toContain(
    '        | data: {"vswitch-ids":"prod-network-node-cn-hangzhou-h-id,prod-network-node-cn-hangzhou-i-id"}\n',
  );
  expect(stdout).toMatch(/\| objs: \[\d+ objects, listed below\]/);
  // strings and numbers stay apart: desiredSize is a string in the provider
  expect(stdout).toContain('        | desiredSize: "3"\n        | imageType: "AliyunLinux3"\n');
  expect(stdout).toContain('        | systemDiskSize: 120\n');
  expect(stdout).toContain('Provider lookups made at deploy time (answered by the mocks here):');
  expect(stdout).toContain('  alicloud:ram/getRoles:getRoles');
  expectNoSecrets(stdout);
});

test('plan --json parses and holds every resource with its inputs, secrets as [secret]', async () => {
  // GIVEN a stack with a node password (encrypted in the file, unreadable offline)
  const dir = mkdtempSync(join(tmpdir(), 'ack-serving-plan-'));
  const prodFile = readFileSync(join(root, 'Pulumi.prod.yaml'), 'utf8')
    .replace(
      /^ {2}ack-serving:nodeKeyName: .*$/m,
      '  ack-serving:nodePassword:\n    secure: AAABADQ0NDQ=',
    )
    .replace('examples/credit-risk-fleet/catalog.yaml', catalog);
  writeFileSync(join(dir, 'Pulumi.pw.yaml'), prodFile);
  // WHEN
  const text = await plan({ stack: 'prod', root, json: true });
  const pw = await plan({ stack: 'pw', root: dir, json: true });
  const tree = await plan({ stack: 'prod', root });
  // THEN
  expect(text.code).toBe(0);
  const doc = JSON.parse(text.stdout);
  const count = Number(/^(\d+) resources/m.exec(tree.stdout)?.[1]);
  expect(doc.resources).toHaveLength(count);
  expect(doc).toMatchObject({ stack: 'prod', environment: 'prod' });
  const byName = (d: any, name: string) => d.resources.find((r: any) => r.name === name);
  expect(byName(doc, 'prod-cluster-k8s').inputs.kubeconfig).toBe('[secret]');
  expect(byName(doc, 'prod-cluster-ack').inputs).toMatchObject({
    clusterSpec: 'ack.pro.small',
    isEnterpriseSecurityGroup: true,
    newNatGateway: false,
  });
  expect(byName(doc, 'prod-release-knative').inputs.objs.length).toBeGreaterThan(0);
  expect(doc.invokes).toContain('alicloud:ram/getRoles:getRoles');
  // the password is sent as a secret and printed as [secret]
  expect(pw.stderr).toBe('');
  const pwDoc = JSON.parse(pw.stdout);
  expect(byName(pwDoc, 'prod-steady-pool').inputs.password).toBe('[secret]');
  expect(byName(pwDoc, 'prod-gpu-pool').inputs.password).toBe('[secret]');
  expect(byName(pwDoc, 'prod-steady-pool').inputs).not.toHaveProperty('management');
  expect(pw.stdout).not.toContain('Plan-placeholder');
  expectNoSecrets(text.stdout.replace(/"password": "\[secret\]"/g, ''));
});

test('plan of the dev stack creates no cloud resources and never prints the kubeconfig', async () => {
  const { code, stdout, stderr } = await plan({ stack: 'dev', root });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).not.toContain('alicloud:');
  expect(stdout).toContain('    pulumi:providers:kubernetes  dev-k8s');
  expect(stdout).toContain(
    'v1 ConfigMap knative-serving/config-network (keys: ingress-class, ingress.class)',
  );
  expect(stdout).toMatch(/10 resources \(5 custom, 5 components\)/);
  expect(stdout).not.toContain('ResourcePolicy');
  expectNoSecrets(stdout + stderr);
});

test('plan is deterministic', async () => {
  const first = await plan({ stack: 'dev', root });
  const second = await plan({ stack: 'dev', root });
  expect(second.stdout).toBe(first.stdout);
});

test('fails with exit 2 and config-key paths on invalid configuration, printing no secret', async () => {
  // GIVEN a stack file with several mistakes, and a kubeconfig-looking secret where it does not belong
  const dir = mkdtempSync(join(tmpdir(), 'ack-serving-plan-'));
  writeFileSync(
    join(dir, 'Pulumi.bad.yaml'),
    [
      'config:',
      '  ack-serving:environment: prod',
      '  alicloud:region: cn-hangzhou',
      '  ack-serving:zones:',
      '    - { zoneId: cn-hangzhou-h, nodeCidr: 10.0.0.0/20, podCidr: 10.100.0.0/16 }',
      '    - { zoneId: cn-shanghai-b, nodeCidr: 10.1.0.0/20 }',
      '  ack-serving:gateway: nginx',
      '  ack-serving:steadyPool: { size: two }',
      '  ack-serving:kubeconfig: "client-key-data: BEGIN password AccessKey token: x"',
      '  ack-serving:zone: cn-hangzhou-h',
      `  ack-serving:catalog: ${JSON.stringify(catalog)}`,
    ].join('\n'),
  );
  // WHEN
  const { code, stdout, stderr } = await plan({ stack: 'bad', root: dir });
  // THEN
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toBe(
    [
      'ack-serving:zone: unknown config key; the stacks read ack-serving:environment, ack-serving:catalog, ack-serving:gateway, ack-serving:zones, ack-serving:vpcCidr, ack-serving:kubernetesVersion, ack-serving:nodeKeyName, ack-serving:nodePassword, ack-serving:deletionProtection, ack-serving:steadyPool, ack-serving:gpuPool, ack-serving:observability, ack-serving:eventing, ack-serving:eventDrivenScoring, ack-serving:acr, ack-serving:kubeconfig',
      "ack-serving:gateway: 'nginx' is not a gateway; use one of alb, mse, asm, kourier",
      'ack-serving:zones[1].podCidr: missing; it is required',
      "ack-serving:zones[1].zoneId: zone 'cn-shanghai-b' is not in region 'cn-hangzhou' (alicloud:region); use a zone such as 'cn-hangzhou-h'",
      'ack-serving:nodeKeyName: missing; set the name of an ECS key pair in the region for node login (or a secret ack-serving:nodePassword): the provider needs one',
      "ack-serving:steadyPool.size: 'two' must be a whole number",
      '6 errors; nothing was planned',
      '',
    ].join('\n'),
  );
  expectNoSecrets(stdout + stderr);
});

test('fails with exit 2 when the platform rejects a config value, naming the config key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ack-serving-plan-'));
  writeFileSync(
    join(dir, 'Pulumi.small.yaml'),
    [
      'config:',
      '  ack-serving:environment: prod',
      '  alicloud:region: cn-hangzhou',
      '  ack-serving:zones:',
      '    - { zoneId: cn-hangzhou-h, nodeCidr: 10.0.0.0/20, podCidr: 10.100.0.0/16 }',
      '    - { zoneId: cn-hangzhou-i, nodeCidr: 10.1.0.0/20, podCidr: 10.101.0.0/16 }',
      '  ack-serving:kubernetesVersion: 1.26.3-aliyun.1',
      '  ack-serving:nodeKeyName: nodes',
      '  ack-serving:gpuPool: { instanceTypes: [ecs.g7.2xlarge] }',
    ].join('\n'),
  );
  const { code, stderr } = await plan({ stack: 'small', root: dir, catalog });
  expect(code).toBe(2);
  expect(stderr).toContain(
    "ack-serving:gpuPool.instanceTypes[0]: instance type 'ecs.g7.2xlarge' is not a GPU type; use an ecs.gn* family such as 'ecs.gn7i-c8g1.2xlarge'\n",
  );
  expect(stderr).toContain(
    "ack-serving:kubernetesVersion: ACK Knative needs Kubernetes 1.28 or later, got '1.26.3-aliyun.1'; choose a newer version\n",
  );
  expect(stderr).toContain(
    "ack-serving:kubernetesVersion: version '1.26.3-aliyun.1' is not one ACK creates clusters on (as of 2026-12-02: 1.36.x-aliyun.n, 1.35.x-aliyun.n); pick one of those, leave it unset for ACK's newest, or set supportedMinorVersions if cs.getKubernetesVersion lists it\n",
  );
});

test('fails with exit 2 on an invalid catalog and on an unknown stack', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ack-serving-plan-'));
  const bad = join(dir, 'catalog.yaml');
  writeFileSync(
    bad,
    'namespace: models\nmodels:\n  - name: m\n    versions:\n      - { name: v1, image: "registry.example.com/m:1", traffic: 90 }\n',
  );
  const invalid = await plan({ stack: 'dev', root, catalog: bad });
  expect(invalid.code).toBe(2);
  expect(invalid.stderr).toMatch(/^models\[0\]/);
  expectNoSecrets(invalid.stderr);

  const unknown = await plan({ stack: 'staging', root });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toBe(
    "--stack: no stack 'staging': Pulumi.staging.yaml is not in the project directory; the committed stacks are prod and dev\n1 error; nothing was planned\n",
  );
});

describe('ack-serving plan (child process)', () => {
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'bin', 'cli.ts'), ...args],
      { cwd: root, encoding: 'utf8' },
    );
  test('plan --stack dev and --stack prod exit 0 and print no secret', () => {
    for (const stack of ['dev', 'prod']) {
      const r = cli('plan', '--stack', stack);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Plan of stack '${stack}': environment ${stack}`);
      expectNoSecrets(r.stdout + r.stderr);
    }
    const bad = cli('plan', '--stack', 'staging');
    expect(bad.status).toBe(2);
  });

  test('plan --show-inputs --stack prod and plan --json', () => {
    const shown = cli('plan', '--show-inputs', '--stack', 'prod');
    expect(shown.stderr).toBe('');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('        | kubeconfig: [secret]\n');
    expectNoSecrets(shown.stdout);
    const json = cli('plan', '--json', '--stack', 'prod');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).resources.length).toBeGreaterThan(40);
  });
});

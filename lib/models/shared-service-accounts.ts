import { Chart } from 'cdk8s';
import { Namespace } from 'cdk8s-plus-27';
import { Issue, OssGrant, show } from '../validation';
import { RRSA_INJECTION_LABEL } from './identity';
import { ModelService } from './model-service';
import { ModelServiceAccount } from './model-service-account';

/**
 * A fleet's identities: one ServiceAccount for each shared name (per-team or named), with the union
 * of its models' OSS access, and the namespace labelled for ACK's pod identity webhook when any
 * model has an identity. Two models that disagree about a shared account's role, or a shared name
 * that is also a model's own, are issues.
 */
export function addSharedServiceAccounts(
  platform: Chart,
  namespace: Namespace,
  models: readonly ModelService[],
  issues: Issue[],
): ModelServiceAccount[] {
  const withIdentity = models.filter((m) => m.identity !== undefined);
  if (withIdentity.length === 0) return [];
  namespace.metadata.addLabel(RRSA_INJECTION_LABEL, 'on');
  const own = new Map(
    withIdentity.filter((m) => !m.identity?.shared).map((m) => [m.identity?.serviceAccount, m]),
  );
  const shared = new Map<string, { role: string; first: ModelService; oss: OssGrant[] }>();
  for (const m of withIdentity) {
    const id = m.identity;
    if (!id?.shared) continue;
    const path = `models[${models.indexOf(m)}].identity`;
    const owner = own.get(id.serviceAccount);
    if (owner) {
      issues.push({
        path: `${path}.serviceAccount`,
        message: `service account ${show(id.serviceAccount)} is shared, but model ${show(owner.name)} uses the same name for its own; rename one of them`,
      });
      continue;
    }
    const seen = shared.get(id.serviceAccount);
    if (seen && seen.role !== id.roleName) {
      issues.push({
        path: `${path}.roleName`,
        message: `service account ${show(id.serviceAccount)} assumes role ${show(seen.role)} for model ${show(seen.first.name)}, but ${show(id.roleName)} here; one service account has one role, so give both the same roleName`,
      });
      continue;
    }
    if (seen) seen.oss.push(...id.oss);
    else shared.set(id.serviceAccount, { role: id.roleName, first: m, oss: [...id.oss] });
  }
  return [...shared.keys()].sort().map((name) => {
    const s = shared.get(name) as { role: string; oss: OssGrant[] };
    return new ModelServiceAccount(platform, `service-account-${name}`, {
      name,
      namespace: namespace.name,
      roleName: s.role,
      oss: s.oss,
    });
  });
}

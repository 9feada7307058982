import type { ErrorObject } from 'ajv';
import type { Infra, Json, JsonObject } from '../load/model';
import { isObject } from '../load/model';
import type { Problem } from '../problems';
import { dottedPath } from '../schemas/ajvErrors';
import { portalConfigValidator } from '../schemas/portalConfigSchema';

/**
 * What the portal on the cluster needs configured, with what goes wrong
 * without it. `*` stands for any entry of a map (a provider id).
 */
const NEEDED: { path: string; why: string }[] = [
  { path: 'app.baseUrl', why: 'the app cannot build its links' },
  { path: 'backend.baseUrl', why: 'plugins cannot reach each other' },
  {
    path: 'backend.database.connection',
    why: 'the catalog, search and the lakehouse plugin would keep their data in memory',
  },
  {
    path: 'backend.auth.externalAccess',
    why: 'OpenLineage producers (dbt-ol) cannot post lineage to the portal',
  },
  { path: 'auth.providers', why: 'nobody can sign in' },
  { path: 'techdocs.builder', why: 'no docs site is built' },
  {
    path: 'catalog.providers.dbt.*.target',
    why: 'datasets of the dbt project are not discovered',
  },
  {
    path: 'catalog.providers.iceberg.*.url',
    why: 'the Iceberg tables of Polaris are not discovered',
  },
  {
    path: 'catalog.providers.trino.*.server',
    why: 'Trino catalogs without a REST catalog are not discovered',
  },
  {
    path: 'catalog.providers.feast.*.url',
    why: 'feature views and feature services are not discovered',
  },
  {
    path: 'catalog.providers.mlflow.*.url',
    why: 'registered models are not discovered',
  },
  {
    path: 'catalog.providers.kserve.*.cluster',
    why: 'model deployments are not discovered',
  },
  {
    path: 'kubernetes.clusterLocatorMethods',
    why: 'the Kubernetes tab and the KServe provider have no cluster',
  },
  {
    path: 'lakehouse.trino.server',
    why: 'the SQL console and drift monitors have no engine',
  },
  {
    path: 'lakehouse.trino.auth.username',
    why: 'the portal has no identity of its own to impersonate users with',
  },
  {
    path: 'lakehouse.trino.impersonation.userFrom',
    why: 'how portal users are named to Trino is left to a default',
  },
  { path: 'lakehouse.queries', why: 'the console runs with default limits' },
  {
    path: 'lakehouse.feast.featureServerUrl',
    why: 'online lookups on feature view pages answer 503',
  },
  {
    path: 'lakehouse.drift.monitors.*.entity',
    why: 'no model is watched for drift',
  },
];

/**
 * The portal's production app-config in infra/: every key is one of the
 * portal's configuration schema (strict, so misspelt keys are caught), every
 * key the portal's providers and services need is set, a KServe provider's
 * cluster is one of the configured clusters, and a dbt manifest on MinIO is
 * read through an awsS3 integration of that endpoint.
 */
export function checkPortalConfig(infra: Infra, repoRoot: string): Problem[] {
  if (!infra.appConfig) {
    return [
      {
        file: 'infra/portal/app-config.production.yaml',
        message: 'is missing: the portal has no configuration on the cluster',
      },
    ];
  }
  const { file, data } = infra.appConfig;
  const report = (message: string) => ({ file, message });
  const problems: Problem[] = [];

  const validate = portalConfigValidator(repoRoot);
  if (!validate(JSON.parse(JSON.stringify(data)))) {
    for (const error of closestErrors(validate.errors ?? [])) {
      const at = dottedPath(error.instancePath);
      if (isSubstitution(valueAt(data, error.instancePath))) continue;
      if (error.keyword === 'additionalProperties') {
        const property = (error.params as { additionalProperty: string })
          .additionalProperty;
        problems.push(
          report(
            `${
              at ? `${at}.` : ''
            }${property} is not a key of the portal's configuration schema`,
          ),
        );
      } else if (error.keyword === 'required') {
        problems.push(
          report(
            `${at || 'the configuration'} lacks ${
              (error.params as { missingProperty: string }).missingProperty
            }, which the portal's configuration schema requires`,
          ),
        );
      } else {
        problems.push(
          report(
            `${at || 'the configuration'} ${
              error.message ?? 'is invalid'
            } (portal configuration schema)`,
          ),
        );
      }
    }
  }

  for (const { path, why } of NEEDED) {
    if (!isSet(data, path.split('.'))) {
      problems.push(report(`${path} is not set: ${why}`));
    }
  }

  const clusters = new Set<string>();
  const methods = valueAt(data, '/kubernetes/clusterLocatorMethods');
  for (const method of Array.isArray(methods) ? methods : []) {
    if (!isObject(method) || !Array.isArray(method.clusters)) continue;
    for (const cluster of method.clusters)
      if (isObject(cluster) && typeof cluster.name === 'string')
        clusters.add(cluster.name);
  }
  const kserve = valueAt(data, '/catalog/providers/kserve');
  for (const [id, provider] of Object.entries(isObject(kserve) ? kserve : {})) {
    if (
      isObject(provider) &&
      typeof provider.cluster === 'string' &&
      !clusters.has(provider.cluster)
    ) {
      problems.push(
        report(
          `catalog.providers.kserve.${id}.cluster is ${
            provider.cluster
          }, which is not a cluster of kubernetes.clusterLocatorMethods (${
            [...clusters].join(', ') || 'none'
          })`,
        ),
      );
    }
  }

  const s3Hosts = new Set<string>();
  const awsS3 = valueAt(data, '/integrations/awsS3');
  for (const integration of Array.isArray(awsS3) ? awsS3 : []) {
    if (isObject(integration) && typeof integration.endpoint === 'string')
      s3Hosts.add(hostOf(integration.endpoint));
  }
  const dbt = valueAt(data, '/catalog/providers/dbt');
  for (const [id, provider] of Object.entries(isObject(dbt) ? dbt : {})) {
    if (!isObject(provider) || typeof provider.target !== 'string') continue;
    const host = hostOf(provider.target);
    if (host && host.includes('minio') && !s3Hosts.has(host)) {
      problems.push(
        report(
          `catalog.providers.dbt.${id}.target is on ${host}, but no integrations.awsS3 entry has that endpoint, so the portal cannot read it`,
        ),
      );
    }
  }
  return problems;
}

/**
 * For each anyOf that failed, only the errors of the branch that came
 * closest (fewest errors): the other branches' complaints are noise. Nested
 * anyOfs are narrowed the same way inside the chosen branch.
 */
function closestErrors(errors: ErrorObject[]): ErrorObject[] {
  const outer = errors
    .filter(error => error.keyword === 'anyOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
  if (!outer) return errors;
  const inGroup = (error: ErrorObject) =>
    error !== outer &&
    error.schemaPath.startsWith(`${outer.schemaPath}/`) &&
    (error.instancePath === outer.instancePath ||
      error.instancePath.startsWith(`${outer.instancePath}/`));
  const branches = new Map<string, ErrorObject[]>();
  for (const error of errors.filter(inGroup)) {
    const branch = error.schemaPath
      .slice(outer.schemaPath.length + 1)
      .split('/')[0];
    branches.set(branch, [...(branches.get(branch) ?? []), error]);
  }
  const [closest = []] = [...branches.values()].sort(
    (a, b) => a.length - b.length,
  );
  const rest = errors.filter(error => error !== outer && !inGroup(error));
  return [...closestErrors(closest), ...closestErrors(rest)];
}

function valueAt(data: JsonObject, pointer: string): Json | undefined {
  let node: Json | undefined = data;
  for (const part of pointer.split('/').slice(1)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node))
      node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    else return undefined;
  }
  return node;
}

/** Values of the form ${VAR} are filled in from the environment at start-up. */
function isSubstitution(value: Json | undefined): boolean {
  return (
    typeof value === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value)
  );
}

function isSet(node: Json | undefined, parts: string[]): boolean {
  if (parts.length === 0) {
    return (
      node !== undefined &&
      node !== null &&
      node !== '' &&
      !(Array.isArray(node) && node.length === 0) &&
      !(isObject(node) && Object.keys(node).length === 0)
    );
  }
  if (!isObject(node)) return false;
  const [head, ...tail] = parts;
  if (head === '*')
    return Object.values(node).some(child => isSet(child, tail));
  return isSet(node[head], tail);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

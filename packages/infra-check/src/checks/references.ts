import { chartKnowledge } from '../charts/charts';
import { isNamespaced } from '../load/loadInfra';
import type { Infra, JsonObject, ManifestObject } from '../load/model';
import { isObject } from '../load/model';
import type { Problem } from '../problems';
import type { Inventory } from './inventory';
import { key } from './inventory';
import { containers, describe, podTemplates } from './podTemplates';

/**
 * References between objects resolve: every Secret and ConfigMap a pod
 * reads exists with the keys it reads (env, envFrom, volumes, subPath
 * mounts of ConfigMap keys), volume mounts name volumes of the pod, service
 * accounts exist, role bindings name existing roles and service accounts,
 * and namespaced objects name an existing namespace. Helm releases' values
 * are held to the same rule for the Secrets they name.
 */
export function checkReferences(infra: Infra, inventory: Inventory): Problem[] {
  const problems: Problem[] = [];

  for (const object of infra.objects) {
    const report = (message: string) =>
      problems.push({ file: object.file, object: describe(object), message });
    if (isNamespaced(object.kind)) {
      if (!object.namespace) {
        report(
          'has no metadata.namespace: it would land in whatever namespace kubectl is set to',
        );
      } else if (!inventory.namespaces.has(object.namespace)) {
        report(
          `is in namespace ${object.namespace}, which no manifest creates`,
        );
      }
    }
    if (object.kind === 'ServiceAccount') {
      for (const secret of listOf(object.body.secrets)) {
        if (typeof secret.name === 'string')
          requireSecret(
            inventory,
            object.namespace,
            secret.name,
            undefined,
            report,
          );
      }
    }
    if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
      checkBinding(object, inventory, report);
    }
    // KServe runs the predictor's pods as this service account, which
    // carries the storage credentials.
    if (object.kind === 'InferenceService') {
      const spec = isObject(object.body.spec) ? object.body.spec : {};
      const predictor = isObject(spec.predictor) ? spec.predictor : {};
      const account = predictor.serviceAccountName;
      if (
        typeof account === 'string' &&
        !inventory.serviceAccounts.has(key(object.namespace, account))
      ) {
        report(
          `predictor runs as service account ${account}, which no manifest of namespace ${object.namespace} declares`,
        );
      }
    }
  }

  for (const template of podTemplates(infra.objects)) {
    const { object, spec } = template;
    const namespace = object.namespace;
    const report = (message: string) =>
      problems.push({ file: object.file, object: describe(object), message });

    const serviceAccount = spec.serviceAccountName;
    if (
      typeof serviceAccount === 'string' &&
      serviceAccount !== 'default' &&
      !inventory.serviceAccounts.has(key(namespace, serviceAccount))
    ) {
      report(
        `runs as service account ${serviceAccount}, which no manifest of namespace ${namespace} declares`,
      );
    }
    for (const secret of listOf(spec.imagePullSecrets)) {
      if (typeof secret.name === 'string')
        requireSecret(inventory, namespace, secret.name, undefined, report);
    }

    const volumes = new Map<string, JsonObject>();
    // A StatefulSet's claim templates are volumes of its pods too.
    const workloadSpec = isObject(object.body.spec) ? object.body.spec : {};
    for (const claim of listOf(workloadSpec.volumeClaimTemplates)) {
      if (isObject(claim.metadata) && typeof claim.metadata.name === 'string')
        volumes.set(claim.metadata.name, { name: claim.metadata.name });
    }
    for (const volume of listOf(spec.volumes)) {
      if (typeof volume.name !== 'string') continue;
      volumes.set(volume.name, volume);
      const where = `volume ${volume.name}`;
      if (isObject(volume.secret)) {
        const name = volume.secret.secretName;
        if (typeof name === 'string' && volume.secret.optional !== true) {
          const keys = listOf(volume.secret.items).map(item => item.key);
          requireSecret(inventory, namespace, name, keys, report, where);
        }
      }
      if (isObject(volume.configMap)) {
        const name = volume.configMap.name;
        if (typeof name === 'string' && volume.configMap.optional !== true) {
          const keys = listOf(volume.configMap.items).map(item => item.key);
          requireConfigMap(inventory, namespace, name, keys, report, where);
        }
      }
      if (isObject(volume.projected)) {
        for (const source of listOf(volume.projected.sources)) {
          if (isObject(source.secret) && typeof source.secret.name === 'string')
            requireSecret(
              inventory,
              namespace,
              source.secret.name,
              listOf(source.secret.items).map(item => item.key),
              report,
              where,
            );
          if (
            isObject(source.configMap) &&
            typeof source.configMap.name === 'string'
          )
            requireConfigMap(
              inventory,
              namespace,
              source.configMap.name,
              listOf(source.configMap.items).map(item => item.key),
              report,
              where,
            );
        }
      }
    }

    for (const { container, name, at } of containers(template)) {
      const where = `container ${name}`;
      for (const env of listOf(container.env)) {
        const from = isObject(env.valueFrom) ? env.valueFrom : {};
        const envWhere = `${where}, env ${String(env.name)}`;
        const secretRef = from.secretKeyRef;
        if (
          isObject(secretRef) &&
          typeof secretRef.name === 'string' &&
          secretRef.optional !== true
        ) {
          requireSecret(
            inventory,
            namespace,
            secretRef.name,
            [secretRef.key],
            report,
            envWhere,
          );
        }
        const configMapRef = from.configMapKeyRef;
        if (
          isObject(configMapRef) &&
          typeof configMapRef.name === 'string' &&
          configMapRef.optional !== true
        ) {
          requireConfigMap(
            inventory,
            namespace,
            configMapRef.name,
            [configMapRef.key],
            report,
            envWhere,
          );
        }
      }
      for (const source of listOf(container.envFrom)) {
        if (
          isObject(source.secretRef) &&
          typeof source.secretRef.name === 'string' &&
          source.secretRef.optional !== true
        )
          requireSecret(
            inventory,
            namespace,
            source.secretRef.name,
            [],
            report,
            `${where}, envFrom`,
          );
        if (
          isObject(source.configMapRef) &&
          typeof source.configMapRef.name === 'string' &&
          source.configMapRef.optional !== true
        )
          requireConfigMap(
            inventory,
            namespace,
            source.configMapRef.name,
            [],
            report,
            `${where}, envFrom`,
          );
      }
      for (const mount of listOf(container.volumeMounts)) {
        const volume =
          typeof mount.name === 'string' ? volumes.get(mount.name) : undefined;
        if (!volume) {
          report(
            `${where} (${at}) mounts volume ${String(
              mount.name,
            )}, which the pod does not declare`,
          );
          continue;
        }
        // A subPath of a ConfigMap or Secret volume is one of its keys.
        if (typeof mount.subPath !== 'string') continue;
        const mountWhere = `${where}, mount of ${mount.subPath} at ${String(
          mount.mountPath,
        )}`;
        if (
          isObject(volume.configMap) &&
          typeof volume.configMap.name === 'string'
        )
          requireConfigMap(
            inventory,
            namespace,
            volume.configMap.name,
            [mount.subPath],
            report,
            mountWhere,
          );
        if (
          isObject(volume.secret) &&
          typeof volume.secret.secretName === 'string'
        )
          requireSecret(
            inventory,
            namespace,
            volume.secret.secretName,
            [mount.subPath],
            report,
            mountWhere,
          );
      }
    }
  }

  for (const release of infra.releases) {
    const knowledge = chartKnowledge(release);
    if (!knowledge || !release.values || !release.valuesFile) continue;
    for (const ref of knowledge.secretRefs(release.values)) {
      requireSecret(
        inventory,
        release.namespace,
        ref.secret,
        ref.key ? [ref.key] : [],
        message =>
          problems.push({
            file: release.valuesFile!,
            object: `Helm release ${release.name}`,
            message,
          }),
        ref.field,
      );
    }
  }

  return problems;
}

function checkBinding(
  object: ManifestObject,
  inventory: Inventory,
  report: (message: string) => void,
) {
  const roleRef = isObject(object.body.roleRef) ? object.body.roleRef : {};
  if (typeof roleRef.name === 'string') {
    const exists =
      roleRef.kind === 'ClusterRole'
        ? inventory.clusterRoles.has(roleRef.name)
        : inventory.roles.has(key(object.namespace, roleRef.name));
    if (!exists) {
      report(
        `binds ${String(roleRef.kind)} ${roleRef.name}, which no manifest${
          roleRef.kind === 'Role' ? ` of namespace ${object.namespace}` : ''
        } declares`,
      );
    }
  }
  for (const subject of listOf(object.body.subjects)) {
    if (subject.kind !== 'ServiceAccount' || typeof subject.name !== 'string')
      continue;
    const namespace =
      typeof subject.namespace === 'string'
        ? subject.namespace
        : object.namespace;
    if (
      subject.name !== 'default' &&
      !inventory.serviceAccounts.has(key(namespace, subject.name))
    ) {
      report(
        `binds service account ${namespace}/${subject.name}, which no manifest declares`,
      );
    }
  }
}

function requireSecret(
  inventory: Inventory,
  namespace: string | undefined,
  name: string,
  keys: unknown[] | undefined,
  report: (message: string) => void,
  where?: string,
) {
  const prefix = where ? `${where}: ` : '';
  const secret = inventory.secrets.get(key(namespace, name));
  if (!secret) {
    report(
      `${prefix}reads Secret ${name}, which no manifest, infra/secrets/ template or Job of namespace ${namespace} declares`,
    );
    return;
  }
  for (const k of keys ?? []) {
    if (typeof k === 'string' && !secret.keys.has(k)) {
      report(
        `${prefix}reads key ${k} of Secret ${name}, which has only ${
          [...secret.keys].join(', ') || 'no keys'
        } (declared in ${secret.origin})`,
      );
    }
  }
}

function requireConfigMap(
  inventory: Inventory,
  namespace: string | undefined,
  name: string,
  keys: unknown[],
  report: (message: string) => void,
  where: string,
) {
  const configMap = inventory.configMaps.get(key(namespace, name));
  if (!configMap) {
    report(
      `${where}: reads ConfigMap ${name}, which no manifest or configMapGenerator of namespace ${namespace} makes`,
    );
    return;
  }
  for (const k of keys) {
    if (typeof k === 'string' && !configMap.keys.has(k)) {
      report(
        `${where}: reads key ${k} of ConfigMap ${name}, which has only ${
          [...configMap.keys].join(', ') || 'no keys'
        }`,
      );
    }
  }
}

function listOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

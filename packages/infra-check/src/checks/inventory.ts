import { releaseServices } from '../charts/charts';
import type { GeneratedConfigMap, Infra, JsonObject } from '../load/model';
import { isObject } from '../load/model';
import { describe, stringMap } from './podTemplates';

/**
 * Annotation of a Job that writes Secrets at run time, listing each with its
 * keys: `polaris-trino-credentials(clientId,clientSecret) other(key)`.
 */
export const CREATES_SECRETS_ANNOTATION = 'lakehouse.dev/creates-secrets';

/** Keys Kubernetes fills into a Secret of type kubernetes.io/service-account-token. */
const SERVICE_ACCOUNT_TOKEN_KEYS = ['token', 'ca.crt', 'namespace'];

export interface SecretInfo {
  keys: Set<string>;
  /** Where it is declared, for messages: a manifest, a template or a Job. */
  origin: string;
}

export interface ConfigMapInfo {
  keys: Set<string>;
  generated?: GeneratedConfigMap;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

export interface ServiceInfo {
  ports: ServicePort[];
  origin: string;
}

/**
 * What exists once infra/ is applied, by `namespace/name`. A Secret exists
 * when a manifest declares it, when infra/secrets/ has a template of it
 * (the operator creates it from that), or when a Job declares that it
 * writes it (annotation lakehouse.dev/creates-secrets); its keys are the
 * declared ones. Services come from manifests and from the Helm releases
 * infra-check knows the charts of.
 */
export interface Inventory {
  secrets: Map<string, SecretInfo>;
  configMaps: Map<string, ConfigMapInfo>;
  serviceAccounts: Set<string>;
  services: Map<string, ServiceInfo>;
  roles: Set<string>;
  clusterRoles: Set<string>;
  namespaces: Set<string>;
}

export const key = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

export function buildInventory(infra: Infra): Inventory {
  const inventory: Inventory = {
    secrets: new Map(),
    configMaps: new Map(),
    serviceAccounts: new Set(),
    services: new Map(),
    roles: new Set(),
    clusterRoles: new Set(),
    namespaces: new Set(['default', 'kube-system']),
  };
  const addSecret = (
    namespace: string | undefined,
    name: string,
    keys: string[],
    origin: string,
  ) => {
    const existing = inventory.secrets.get(key(namespace, name));
    if (existing) keys.forEach(k => existing.keys.add(k));
    else
      inventory.secrets.set(key(namespace, name), {
        keys: new Set(keys),
        origin,
      });
  };
  const secretKeys = (body: JsonObject) => [
    ...Object.keys(isObject(body.data) ? body.data : {}),
    ...Object.keys(isObject(body.stringData) ? body.stringData : {}),
    ...(body.type === 'kubernetes.io/service-account-token'
      ? SERVICE_ACCOUNT_TOKEN_KEYS
      : []),
  ];

  for (const object of infra.objects) {
    const k = key(object.namespace, object.name);
    switch (object.kind) {
      case 'Secret':
        addSecret(
          object.namespace,
          object.name,
          secretKeys(object.body),
          object.file,
        );
        break;
      case 'ConfigMap':
        inventory.configMaps.set(k, {
          keys: new Set([
            ...Object.keys(isObject(object.body.data) ? object.body.data : {}),
            ...Object.keys(
              isObject(object.body.binaryData) ? object.body.binaryData : {},
            ),
          ]),
        });
        break;
      case 'ServiceAccount':
        inventory.serviceAccounts.add(k);
        break;
      case 'Service': {
        const spec = isObject(object.body.spec) ? object.body.spec : {};
        const ports = (Array.isArray(spec.ports) ? spec.ports : [])
          .filter(isObject)
          .map(port => ({
            name: typeof port.name === 'string' ? port.name : undefined,
            port: port.port as number,
            targetPort: port.targetPort as number | string | undefined,
          }));
        inventory.services.set(k, { ports, origin: object.file });
        break;
      }
      case 'Role':
        inventory.roles.add(k);
        break;
      case 'ClusterRole':
        inventory.clusterRoles.add(object.name);
        break;
      case 'Namespace':
        inventory.namespaces.add(object.name);
        break;
      case 'Job': {
        const annotations = stringMap(
          isObject(object.body.metadata)
            ? object.body.metadata.annotations
            : {},
        );
        for (const match of (
          annotations[CREATES_SECRETS_ANNOTATION] ?? ''
        ).matchAll(/([a-z0-9][-a-z0-9.]*)\(([^)]*)\)/g)) {
          addSecret(
            object.namespace,
            match[1],
            match[2]
              .split(',')
              .map(name => name.trim())
              .filter(Boolean),
            `${object.file} (${describe(object)})`,
          );
        }
        break;
      }
      default:
    }
  }
  for (const template of infra.secretTemplates) {
    addSecret(
      template.namespace,
      template.name,
      secretKeys(template.body),
      template.file,
    );
  }
  for (const configMap of infra.configMaps) {
    inventory.configMaps.set(key(configMap.namespace, configMap.name), {
      keys: new Set([
        ...configMap.files.map(file => file.key),
        ...configMap.literalKeys,
      ]),
      generated: configMap,
    });
  }
  for (const service of releaseServices(infra.releases)) {
    inventory.services.set(key(service.namespace, service.name), {
      ports: service.ports.map(port => ({ port })),
      origin: `Helm release ${service.release}`,
    });
  }
  // Built-in ClusterRoles a binding may name.
  for (const role of ['cluster-admin', 'admin', 'edit', 'view'])
    inventory.clusterRoles.add(role);
  return inventory;
}

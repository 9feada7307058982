import type { Infra, JsonObject } from '../load/model';
import { isObject } from '../load/model';
import type { Problem } from '../problems';
import type { Inventory } from './inventory';
import { key } from './inventory';
import type { ContainerInfo } from './podTemplates';
import { containers, describe, podTemplates } from './podTemplates';

/** Variables the container runtime or the shell sets by itself. */
const BUILT_IN = new Set([
  'HOSTNAME',
  'HOME',
  'PATH',
  'PWD',
  'RANDOM',
  'UID',
  'USER',
]);

/** How each kind of configuration file names environment variables. */
const REFERENCE_PATTERNS: {
  test: RegExp;
  patterns: RegExp[];
  syntax: (name: string) => string;
}[] = [
  // Trino's catalog and server properties.
  {
    test: /\.properties$/,
    patterns: [/\$\{ENV:([A-Za-z_][A-Za-z0-9_]*)\}/g],
    syntax: name => `\${ENV:${name}}`,
  },
  // Backstage's app-config and Feast's feature_store.yaml (${VAR}), Dagster's
  // instance ({ env: VAR }).
  {
    test: /\.ya?ml$/,
    patterns: [
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
      /\{\s*env:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g,
    ],
    syntax: name => `\${${name}}`,
  },
  // Shell scripts: upper-case names are the environment's by convention.
  {
    test: /\.sh$/,
    patterns: [/(?<!\$)\$\{?([A-Z][A-Z0-9_]*)/g],
    syntax: name => `$${name}`,
  },
  // Python reading a variable it cannot do without.
  {
    test: /\.py$/,
    patterns: [/os\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]/g],
    syntax: name => `os.environ["${name}"]`,
  },
];

/**
 * Environment variables a container relies on are set in it: `$(VAR)` in
 * its command and args (Kubernetes expands only variables of the
 * container), and the variables named by the configuration files mounted
 * into it from ConfigMaps (Trino's ${ENV:VAR}, Backstage's and Feast's
 * ${VAR}, Dagster's { env: VAR }, shell and Python scripts).
 */
export function checkEnvironment(
  infra: Infra,
  inventory: Inventory,
): Problem[] {
  const problems: Problem[] = [];
  for (const template of podTemplates(infra.objects)) {
    const volumes = new Map<string, JsonObject>();
    for (const volume of Array.isArray(template.spec.volumes)
      ? template.spec.volumes
      : []) {
      if (isObject(volume) && typeof volume.name === 'string')
        volumes.set(volume.name, volume);
    }
    for (const info of containers(template)) {
      const names = envNames(info, inventory, template.object.namespace);
      if (!names) continue;
      const where = `container ${info.name}`;
      for (const field of ['command', 'args'] as const) {
        const list = info.container[field];
        for (const value of Array.isArray(list) ? list : []) {
          if (typeof value !== 'string') continue;
          for (const match of value.matchAll(
            /(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
          )) {
            if (!names.has(match[1]))
              problems.push({
                file: template.object.file,
                object: describe(template.object),
                message: `${where}: ${field} uses $(${match[1]}), which is not in its env, so Kubernetes passes it on unexpanded`,
              });
          }
        }
      }
      for (const file of mountedFiles(
        info,
        volumes,
        inventory,
        template.object.namespace,
      )) {
        const kind = REFERENCE_PATTERNS.find(entry =>
          entry.test.test(file.key),
        );
        if (!kind) continue;
        const text = withoutComments(file.text, file.key);
        const reported = new Set<string>();
        for (const pattern of kind.patterns) {
          for (const match of text.matchAll(pattern)) {
            const name = match[1];
            if (names.has(name) || BUILT_IN.has(name) || reported.has(name))
              continue;
            reported.add(name);
            problems.push({
              file: file.file,
              object: describe(template.object),
              message: `${kind.syntax(
                name,
              )} is not set in ${where}, which mounts this file`,
            });
          }
        }
      }
    }
  }
  return problems;
}

/** The container's variables; undefined when envFrom names something unknown. */
function envNames(
  info: ContainerInfo,
  inventory: Inventory,
  namespace: string | undefined,
): Set<string> | undefined {
  const names = new Set<string>();
  for (const env of Array.isArray(info.container.env)
    ? info.container.env
    : []) {
    if (isObject(env) && typeof env.name === 'string') names.add(env.name);
  }
  for (const source of Array.isArray(info.container.envFrom)
    ? info.container.envFrom
    : []) {
    if (!isObject(source)) continue;
    const prefix = typeof source.prefix === 'string' ? source.prefix : '';
    let ref: { keys: Set<string> } | undefined;
    if (isObject(source.secretRef))
      ref = inventory.secrets.get(
        key(namespace, String(source.secretRef.name)),
      );
    else if (isObject(source.configMapRef))
      ref = inventory.configMaps.get(
        key(namespace, String(source.configMapRef.name)),
      );
    if (!ref) return undefined;
    for (const k of ref.keys) names.add(prefix + k);
  }
  return names;
}

/** The files of generated ConfigMaps (and ConfigMap manifests) this container mounts. */
function mountedFiles(
  info: ContainerInfo,
  volumes: Map<string, JsonObject>,
  inventory: Inventory,
  namespace: string | undefined,
): { key: string; file: string; text: string }[] {
  const files: { key: string; file: string; text: string }[] = [];
  for (const mount of Array.isArray(info.container.volumeMounts)
    ? info.container.volumeMounts
    : []) {
    if (!isObject(mount) || typeof mount.name !== 'string') continue;
    const volume = volumes.get(mount.name);
    if (!volume || !isObject(volume.configMap)) continue;
    const configMap = inventory.configMaps.get(
      key(namespace, String(volume.configMap.name)),
    );
    for (const file of configMap?.generated?.files ?? []) {
      if (typeof mount.subPath === 'string' && mount.subPath !== file.key)
        continue;
      files.push(file);
    }
  }
  return files;
}

/** Drops comments, which may mention variables without using them. */
function withoutComments(text: string, name: string): string {
  if (name.endsWith('.py')) return text;
  return text
    .split('\n')
    .map(line => line.replace(/(^|\s)#.*$/, '$1'))
    .join('\n');
}

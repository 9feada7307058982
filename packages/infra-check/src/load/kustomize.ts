import type { Json } from './model';
import { isObject } from './model';

/** What infra-check reads from a kustomization.yaml. */
export interface Kustomization {
  namespace?: string;
  /** Files or folders, relative to the kustomization. */
  resources: string[];
  configMapGenerators: ConfigMapGenerator[];
}

export interface ConfigMapGenerator {
  name: string;
  namespace?: string;
  /** `key=path` or `path` (the key is then the file name). */
  files: { key: string; path: string }[];
  literalKeys: string[];
}

/** Reads the parts of a kustomization infra-check follows; errors name the field. */
export function readKustomization(document: Json): {
  kustomization: Kustomization;
  errors: string[];
} {
  const errors: string[] = [];
  const kustomization: Kustomization = {
    resources: [],
    configMapGenerators: [],
  };
  if (!isObject(document)) {
    return { kustomization, errors: ['is not a mapping'] };
  }
  if (document.kind !== 'Kustomization') {
    errors.push(`kind is ${JSON.stringify(document.kind)}, not Kustomization`);
  }
  if (typeof document.namespace === 'string') {
    kustomization.namespace = document.namespace;
  }
  for (const resource of asArray(document.resources)) {
    if (typeof resource === 'string') kustomization.resources.push(resource);
    else errors.push(`resources has an entry that is not a path`);
  }
  for (const [index, generator] of asArray(
    document.configMapGenerator,
  ).entries()) {
    if (!isObject(generator) || typeof generator.name !== 'string') {
      errors.push(`configMapGenerator[${index}] has no name`);
      continue;
    }
    kustomization.configMapGenerators.push({
      name: generator.name,
      namespace:
        typeof generator.namespace === 'string'
          ? generator.namespace
          : kustomization.namespace,
      files: asArray(generator.files)
        .filter((entry): entry is string => typeof entry === 'string')
        .map(entry => {
          const equals = entry.indexOf('=');
          return equals > 0
            ? { key: entry.slice(0, equals), path: entry.slice(equals + 1) }
            : { key: entry.split('/').pop()!, path: entry };
        }),
      literalKeys: asArray(generator.literals)
        .filter((entry): entry is string => typeof entry === 'string')
        .map(entry => entry.split('=')[0]),
    });
  }
  return { kustomization, errors };
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

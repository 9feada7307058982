/** Plain JSON as parsed from YAML. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A Kubernetes object of a manifest, with where it came from. */
export interface ManifestObject {
  /** Display path of its file (`infra/trino/coordinator.yaml`). */
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace, or the kustomization's namespace; undefined for cluster-scoped objects. */
  namespace?: string;
  body: JsonObject;
}

/** A file of a ConfigMap made by a kustomization's configMapGenerator. */
export interface GeneratedFile {
  /** The key in the ConfigMap. */
  key: string;
  /** Display path of the source file. */
  file: string;
  text: string;
}

/** A ConfigMap made by a configMapGenerator (kustomize appends a hash to its name and rewrites references). */
export interface GeneratedConfigMap {
  name: string;
  namespace?: string;
  /** The kustomization.yaml that generates it. */
  kustomization: string;
  files: GeneratedFile[];
  literalKeys: string[];
}

/** A Helm release of infra/helm-releases.yaml. */
export interface HelmRelease {
  name: string;
  namespace: string;
  chart: string;
  version: string;
  /** Display path of its values file, if it has one. */
  valuesFile?: string;
  values?: JsonObject;
}

/** A text file under infra/ that names services, for the URL check. */
export interface TextFile {
  file: string;
  text: string;
}

/** Everything infra-check knows about infra/. */
export interface Infra {
  /** Absolute path of infra/. */
  dir: string;
  /** Kubernetes objects of every manifest the kustomizations apply. */
  objects: ManifestObject[];
  /** Secrets of infra/secrets/*.yaml.example, which operators create from them. */
  secretTemplates: ManifestObject[];
  configMaps: GeneratedConfigMap[];
  releases: HelmRelease[];
  /** infra/portal/app-config.production.yaml, parsed. */
  appConfig?: { file: string; data: JsonObject };
  /** Every text file read, for checks that look for names in them. */
  texts: TextFile[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

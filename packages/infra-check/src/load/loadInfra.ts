import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../problems';
import { readKustomization } from './kustomize';
import type {
  GeneratedConfigMap,
  HelmRelease,
  Infra,
  Json,
  JsonObject,
  ManifestObject,
} from './model';
import { isObject } from './model';
import { parseJsonFile, parseYamlDocuments } from './yamlFiles';

/** Kinds that live outside namespaces. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'PriorityClass',
]);

const SECRETS_DIR = 'secrets';
const RELEASES_FILE = 'helm-releases.yaml';
const APP_CONFIG_FILE = 'portal/app-config.production.yaml';

/**
 * Reads infra/ the way `kubectl apply -k infra/` and the setup guide would:
 * the kustomizations from infra/kustomization.yaml down, the ConfigMaps their
 * generators make, the Helm releases of helm-releases.yaml with their values,
 * and the secret templates of infra/secrets/. Files in infra/secrets/ that are
 * not templates are the operator's filled-in secrets and are never read.
 */
export function loadInfra(infraDir: string): {
  infra: Infra;
  problems: Problem[];
} {
  const dir = path.resolve(infraDir);
  const display = (absolute: string) =>
    path.relative(path.dirname(dir), absolute).split(path.sep).join('/');
  const problems: Problem[] = [];
  const infra: Infra = {
    dir,
    objects: [],
    secretTemplates: [],
    configMaps: [],
    releases: [],
    texts: [],
  };

  const files = listFiles(dir).filter(
    file => !isOperatorSecret(path.relative(dir, file)),
  );
  const documents = new Map<string, Json[]>();
  for (const file of files) {
    if (file.endsWith('.gz')) continue;
    const text = fs.readFileSync(file, 'utf8');
    infra.texts.push({ file: display(file), text });
    if (/\.ya?ml(\.example)?$/.test(file)) {
      const parsed = parseYamlDocuments(text);
      if (parsed.ok) documents.set(file, parsed.documents);
      else
        for (const error of parsed.errors)
          problems.push({
            file: display(file),
            message: `does not parse as YAML: ${error}`,
          });
    } else if (file.endsWith('.json')) {
      const parsed = parseJsonFile(text);
      if (!parsed.ok)
        problems.push({
          file: display(file),
          message: `does not parse as JSON: ${parsed.error}`,
        });
    }
  }

  const used = new Set<string>();
  const visited = new Set<string>();

  const readManifest = (file: string, namespace: string | undefined) => {
    used.add(file);
    for (const document of documents.get(file) ?? []) {
      const object = toManifestObject(document, display(file), namespace);
      if ('problem' in object) problems.push(object.problem);
      else infra.objects.push(object);
    }
  };

  const visit = (kustomizationDir: string) => {
    const file = path.join(kustomizationDir, 'kustomization.yaml');
    if (visited.has(file)) return;
    visited.add(file);
    used.add(file);
    if (!fs.existsSync(file)) {
      problems.push({
        file: display(kustomizationDir),
        message:
          'is listed as a resource but has no kustomization.yaml, so kubectl apply -k cannot apply it',
      });
      return;
    }
    const parsed = documents.get(file);
    if (!parsed) return; // a YAML error was reported
    const { kustomization, errors } = readKustomization(parsed[0] ?? null);
    for (const message of errors)
      problems.push({ file: display(file), message });
    for (const resource of kustomization.resources) {
      const target = path.resolve(kustomizationDir, resource);
      if (!fs.existsSync(target)) {
        problems.push({
          file: display(file),
          message: `resources lists ${resource}, which does not exist`,
        });
      } else if (fs.statSync(target).isDirectory()) {
        visit(target);
      } else {
        readManifest(target, kustomization.namespace);
      }
    }
    for (const generator of kustomization.configMapGenerators) {
      const configMap: GeneratedConfigMap = {
        name: generator.name,
        namespace: generator.namespace,
        kustomization: display(file),
        files: [],
        literalKeys: generator.literalKeys,
      };
      for (const { key, path: relative } of generator.files) {
        const source = path.resolve(kustomizationDir, relative);
        if (!fs.existsSync(source)) {
          problems.push({
            file: display(file),
            object: `ConfigMap ${generator.name}`,
            message: `configMapGenerator reads ${relative}, which does not exist`,
          });
          continue;
        }
        used.add(source);
        configMap.files.push({
          key,
          file: display(source),
          text: fs.readFileSync(source, 'utf8'),
        });
      }
      infra.configMaps.push(configMap);
    }
  };

  visit(dir);

  const releasesFile = path.join(dir, RELEASES_FILE);
  if (documents.has(releasesFile)) {
    used.add(releasesFile);
    infra.releases = readReleases(
      documents.get(releasesFile)![0] ?? null,
      dir,
      documents,
      display,
      used,
      problems,
    );
  }

  for (const file of files) {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (!relative.startsWith(`${SECRETS_DIR}/`) || !file.endsWith('.example'))
      continue;
    used.add(file);
    for (const document of documents.get(file) ?? []) {
      const object = toManifestObject(document, display(file), undefined);
      if ('problem' in object) problems.push(object.problem);
      else if (object.kind !== 'Secret')
        problems.push({
          file: display(file),
          object: `${object.kind} ${object.name}`,
          message:
            'is not a Secret: infra/secrets/ holds only secret templates',
        });
      else infra.secretTemplates.push(object);
    }
  }

  const appConfigFile = path.join(dir, APP_CONFIG_FILE);
  const appConfig = documents.get(appConfigFile)?.[0];
  if (isObject(appConfig)) {
    infra.appConfig = { file: display(appConfigFile), data: appConfig };
  }

  for (const file of files) {
    if (!/\.ya?ml$/.test(file) || used.has(file)) continue;
    problems.push({
      file: display(file),
      message: file.endsWith('kustomization.yaml')
        ? 'is not reached from infra/kustomization.yaml, so kubectl apply -k infra/ leaves it out'
        : 'is not applied by any kustomization, generated into a ConfigMap or used as Helm values: nothing deploys it',
    });
  }

  return { infra, problems };
}

function readReleases(
  document: Json,
  dir: string,
  documents: Map<string, Json[]>,
  display: (absolute: string) => string,
  used: Set<string>,
  problems: Problem[],
): HelmRelease[] {
  const file = display(path.join(dir, RELEASES_FILE));
  const releases: HelmRelease[] = [];
  const entries =
    isObject(document) && Array.isArray(document.releases)
      ? document.releases
      : [];
  if (entries.length === 0) {
    problems.push({ file, message: 'has no releases list' });
  }
  for (const [index, entry] of entries.entries()) {
    const fields = ['name', 'namespace', 'chart', 'version'] as const;
    if (
      !isObject(entry) ||
      fields.some(field => typeof entry[field] !== 'string')
    ) {
      problems.push({
        file,
        message: `releases[${index}] needs name, namespace, chart and version`,
      });
      continue;
    }
    const release: HelmRelease = {
      name: entry.name as string,
      namespace: entry.namespace as string,
      chart: entry.chart as string,
      version: entry.version as string,
    };
    if (typeof entry.values === 'string') {
      const valuesFile = path.resolve(dir, entry.values);
      release.valuesFile = display(valuesFile);
      used.add(valuesFile);
      const values = documents.get(valuesFile)?.[0];
      if (!fs.existsSync(valuesFile)) {
        problems.push({
          file,
          object: `release ${release.name}`,
          message: `values names ${entry.values}, which does not exist`,
        });
      } else if (isObject(values)) {
        release.values = values;
      } else if (documents.has(valuesFile)) {
        problems.push({
          file: release.valuesFile,
          message: 'Helm values must be a mapping',
        });
      }
    }
    releases.push(release);
  }
  return releases;
}

function toManifestObject(
  document: Json,
  file: string,
  defaultNamespace: string | undefined,
): ManifestObject | { problem: Problem } {
  if (!isObject(document)) {
    return {
      problem: { file, message: 'has a document that is not a mapping' },
    };
  }
  const metadata = isObject(document.metadata) ? document.metadata : {};
  const { apiVersion, kind } = document;
  const name = metadata.name;
  if (
    typeof apiVersion !== 'string' ||
    typeof kind !== 'string' ||
    typeof name !== 'string'
  ) {
    return {
      problem: {
        file,
        message: `has a document without apiVersion, kind and metadata.name (${JSON.stringify(
          { apiVersion, kind, name },
        )})`,
      },
    };
  }
  const namespace =
    typeof metadata.namespace === 'string'
      ? metadata.namespace
      : defaultNamespace;
  return {
    file,
    apiVersion,
    kind,
    name,
    namespace: CLUSTER_SCOPED.has(kind) ? undefined : namespace,
    body: document as JsonObject,
  };
}

/** Whether the object's kind lives in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind);
}

/** infra/secrets/<name>.yaml: filled in by generate.sh, never in git. */
function isOperatorSecret(relative: string): boolean {
  const parts = relative.split(path.sep);
  return (
    parts.length === 2 && parts[0] === SECRETS_DIR && /\.ya?ml$/.test(parts[1])
  );
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else if (entry.isFile()) files.push(full);
  }
  return files.sort();
}

/*
 * Reading the manifest a template hands to kubernetes:apply: one or several YAML documents (or objects),
 * each validated before anything is sent to a cluster, so a typo in the third document does not leave the
 * first two applied.
 */
import { InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';

/** The kinds kubernetes:apply applies, with their apiVersion. */
export const SUPPORTED_KINDS = [
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' },
] as const;

/** An object of the manifest, ready to apply. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** The object as it is sent (namespace filled in, server-populated fields removed). */
  object: Record<string, any>;
}

/** `InferenceService ml-serving/customer-churn`. */
export function describeObject(
  obj: Pick<ManifestObject, 'kind' | 'namespace' | 'name'>,
): string {
  return `${obj.kind} ${obj.namespace}/${obj.name}`;
}

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SERVER_POPULATED = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'selfLink',
  'managedFields',
];

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function documentsOf(manifest: unknown): unknown[] {
  if (typeof manifest === 'string') {
    const documents = parseAllDocuments(manifest);
    const list = Array.isArray(documents) ? documents : [documents];
    const values: unknown[] = [];
    list.forEach((doc, index) => {
      if (doc.errors.length) {
        throw new InputError(
          `The manifest is not valid YAML: document ${index + 1}: ${
            doc.errors[0].message
          }`,
        );
      }
      const value = doc.toJS();
      if (Array.isArray(value)) {
        values.push(...value);
      } else if (value !== null && value !== undefined) {
        values.push(value);
      }
    });
    return values;
  }
  if (Array.isArray(manifest)) {
    return manifest;
  }
  if (isObject(manifest)) {
    return [manifest];
  }
  throw new InputError(
    'The manifest must be a YAML string, an object or a list of objects',
  );
}

/**
 * Parses and validates every object of the manifest. Throws an InputError listing every problem, before
 * any request is made.
 */
export function parseManifest(
  manifest: unknown,
  defaultNamespace?: string,
): ManifestObject[] {
  const documents = documentsOf(manifest).flatMap(doc =>
    isObject(doc) && doc.kind === 'List' && Array.isArray(doc.items)
      ? doc.items
      : [doc],
  );
  if (!documents.length) {
    throw new InputError('The manifest contains no Kubernetes objects');
  }
  const problems: string[] = [];
  const objects: ManifestObject[] = [];
  const seen = new Set<string>();
  documents.forEach((doc, index) => {
    const where = `document ${index + 1}`;
    if (!isObject(doc)) {
      problems.push(`${where} is not an object`);
      return;
    }
    const { apiVersion, kind } = doc;
    const metadata = isObject(doc.metadata) ? doc.metadata : undefined;
    const name = metadata?.name;
    const label =
      typeof kind === 'string' && typeof name === 'string'
        ? `${where} (${kind} ${name})`
        : where;
    const missing = [
      typeof apiVersion === 'string' && apiVersion ? undefined : 'apiVersion',
      typeof kind === 'string' && kind ? undefined : 'kind',
      typeof name === 'string' && name ? undefined : 'metadata.name',
    ].filter(Boolean);
    if (missing.length) {
      problems.push(`${label} has no ${missing.join(', ')}`);
      return;
    }
    if (
      !SUPPORTED_KINDS.some(s => s.apiVersion === apiVersion && s.kind === kind)
    ) {
      problems.push(
        `${label}: ${kind} (${apiVersion}) is not supported; kubernetes:apply applies ${SUPPORTED_KINDS.map(
          s => `${s.kind} (${s.apiVersion})`,
        ).join(', ')}`,
      );
      return;
    }
    if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
      problems.push(
        `${label}: metadata.name "${name}" is not a valid Kubernetes name (lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character)`,
      );
      return;
    }
    const namespace = metadata?.namespace ?? defaultNamespace;
    if (typeof namespace !== 'string' || !namespace) {
      problems.push(
        `${label} has no metadata.namespace and no namespace input was given`,
      );
      return;
    }
    const key = `${apiVersion}/${kind}/${namespace}/${name}`;
    if (seen.has(key)) {
      problems.push(
        `${label}: ${kind} ${namespace}/${name} appears more than once`,
      );
      return;
    }
    seen.add(key);
    const object: Record<string, any> = JSON.parse(JSON.stringify(doc));
    delete object.status;
    for (const field of SERVER_POPULATED) {
      delete object.metadata[field];
    }
    object.metadata.namespace = namespace;
    objects.push({ apiVersion, kind, namespace, name, object });
  });
  if (problems.length) {
    throw new InputError(`Invalid manifest: ${problems.join('; ')}`);
  }
  return objects;
}

import {
  DEPLOYMENT_MODE_ANNOTATION,
  DEPLOYMENT_MODE_VALUES,
  type DeploymentMode,
  deploymentModeOf,
} from './deploymentMode';
import { compareQuantities, parseQuantity, type Quantity } from './quantity';
import type { ManifestDocument } from './readManifestDocuments';
import {
  INFERENCE_SERVICE_API_VERSION,
  PREDICTOR_IMPLEMENTATIONS,
} from '@internal/plugin-lakehouse-node';

/** Values of `predictor.model.modelFormat.name` the KServe runtimes serve. */
export const MODEL_FORMATS = [
  'sklearn',
  'xgboost',
  'lightgbm',
  'onnx',
  'pytorch',
  'tensorflow',
  'triton',
  'huggingface',
  'mlflow',
  'pmml',
  'paddle',
] as const;

/** Schemes of `storageUri` the KServe storage initializer downloads from. */
export const STORAGE_URI_SCHEMES = [
  's3://',
  'gs://',
  'pvc://',
  'https://',
  'http://',
  'hf://',
  'oci://',
] as const;

const S3_ENDPOINT_ANNOTATION = 'serving.kserve.io/s3-endpoint';
const RESOURCE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME_LENGTH = 63;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function listAnd(items: string[]): string {
  if (items.length === 2) return `both ${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What a valid manifest deploys. */
export interface InferenceServiceSummary {
  name: string;
  namespace?: string;
  deploymentMode: DeploymentMode;
}

/** The Secrets and ServiceAccounts of the manifest, by namespace and name. */
interface Neighbours {
  secrets: Map<string, Json>;
  serviceAccounts: Map<string, Json>;
}

function key(namespace: unknown, name: unknown): string {
  return `${typeof namespace === 'string' ? namespace : ''}/${String(name)}`;
}

class Checker {
  readonly problems: string[] = [];

  constructor(
    private readonly prefix: string,
    private readonly namespace: string | undefined,
    private readonly neighbours: Neighbours,
  ) {}

  report(field: string, message: string) {
    this.problems.push(`${this.prefix}${field}: ${message}`);
  }

  /** @returns whether the value is a valid percentage */
  checkPercent(value: unknown, field: string): value is number {
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 0 ||
      value > 100
    ) {
      this.report(
        field,
        `${quote(value)} must be a whole number from 0 to 100`,
      );
      return false;
    }
    return true;
  }

  checkResources(resources: unknown, field: string) {
    if (resources === undefined || resources === null) return;
    if (!isRecord(resources)) {
      this.report(field, 'must be a mapping with requests and limits');
      return;
    }
    const parsed = {
      requests: new Map<string, Quantity>(),
      limits: new Map<string, Quantity>(),
    };
    for (const kind of ['requests', 'limits'] as const) {
      const values = resources[kind];
      if (values === undefined || values === null) continue;
      if (!isRecord(values)) {
        this.report(
          `${field}.${kind}`,
          'must be a mapping of resource name to quantity',
        );
        continue;
      }
      for (const [resource, value] of Object.entries(values)) {
        const quantity = parseQuantity(value);
        if (quantity) {
          parsed[kind].set(resource, quantity);
        } else {
          this.report(
            `${field}.${kind}.${resource}`,
            `${quote(
              value,
            )} is not a Kubernetes quantity (such as 500m, 1, 512Mi or 1Gi)`,
          );
        }
      }
    }
    for (const [resource, request] of parsed.requests) {
      const limit = parsed.limits.get(resource);
      if (limit && compareQuantities(request, limit) > 0) {
        const requests = resources.requests as Json;
        const limits = resources.limits as Json;
        this.report(
          `${field}.requests.${resource}`,
          `${String(requests[resource])} is more than its limit ${String(
            limits[resource],
          )}`,
        );
      }
    }
  }

  checkStorageUri(uri: unknown, field: string): boolean {
    if (typeof uri !== 'string' || uri === '') {
      this.report(field, 'must be a non-empty URI');
      return false;
    }
    if (!STORAGE_URI_SCHEMES.some(scheme => uri.startsWith(scheme))) {
      this.report(
        field,
        `${quote(uri)} must start with one of ${STORAGE_URI_SCHEMES.join(
          ', ',
        )}`,
      );
      return false;
    }
    return uri.startsWith('s3://');
  }

  /** S3 needs credentials: a service account listing a Secret with the endpoint. */
  checkS3Access(predictor: Json, field: string, uri: string) {
    const accountName = predictor.serviceAccountName;
    if (typeof accountName !== 'string' || accountName === '') {
      this.report(
        `${field}.serviceAccountName`,
        `is required to read ${uri}; name a ServiceAccount that lists a Secret annotated ${S3_ENDPOINT_ANNOTATION}`,
      );
      return;
    }
    const account = this.neighbours.serviceAccounts.get(
      key(this.namespace, accountName),
    );
    if (!account) return; // It lives in the cluster; nothing to check here.
    const listed = (Array.isArray(account.secrets) ? account.secrets : [])
      .map(s => (isRecord(s) ? s.name : undefined))
      .filter((n): n is string => typeof n === 'string');
    const inManifest = listed
      .map(name => this.neighbours.secrets.get(key(this.namespace, name)))
      .filter((s): s is Json => s !== undefined);
    const hasEndpoint = inManifest.some(secret => {
      const annotations = isRecord(secret.metadata)
        ? secret.metadata.annotations
        : undefined;
      return isRecord(annotations) && !!annotations[S3_ENDPOINT_ANNOTATION];
    });
    if (listed.length === 0) {
      this.report(
        `${field}.serviceAccountName`,
        `ServiceAccount ${accountName} lists no secrets; it needs a Secret annotated ${S3_ENDPOINT_ANNOTATION} to read ${uri}`,
      );
    } else if (inManifest.length === listed.length && !hasEndpoint) {
      this.report(
        `${field}.serviceAccountName`,
        `ServiceAccount ${accountName} lists no Secret annotated ${S3_ENDPOINT_ANNOTATION} (it lists ${listed.join(
          ', ',
        )}), so ${uri} cannot be read`,
      );
    }
  }

  checkPredictor(predictor: unknown, field: string) {
    if (!isRecord(predictor)) {
      this.report(field, 'is required and must be a mapping');
      return;
    }
    const implementations = Object.keys(predictor).filter(
      k =>
        (PREDICTOR_IMPLEMENTATIONS as readonly string[]).includes(k) &&
        predictor[k] !== null &&
        predictor[k] !== undefined,
    );
    if (implementations.length === 0) {
      this.report(
        field,
        `has no predictor implementation; give exactly one of ${PREDICTOR_IMPLEMENTATIONS.join(
          ', ',
        )}`,
      );
    } else if (implementations.length > 1) {
      this.report(
        field,
        `has ${listAnd(
          implementations,
        )}; exactly one predictor implementation is allowed`,
      );
    }

    const s3Uris: string[] = [];
    for (const implementation of implementations) {
      const at = `${field}.${implementation}`;
      const spec = predictor[implementation];
      if (implementation === 'containers') {
        if (!Array.isArray(spec) || spec.length === 0) {
          this.report(at, 'must be a list of at least one container');
          continue;
        }
        spec.forEach((container, i) => {
          if (isRecord(container)) {
            this.checkResources(container.resources, `${at}[${i}].resources`);
          }
        });
        continue;
      }
      if (!isRecord(spec)) {
        this.report(at, 'must be a mapping');
        continue;
      }
      if (implementation === 'model') {
        const format = isRecord(spec.modelFormat)
          ? spec.modelFormat.name
          : undefined;
        if (format === undefined || format === null || format === '') {
          this.report(`${at}.modelFormat.name`, 'is required with model');
        } else if (!(MODEL_FORMATS as readonly unknown[]).includes(format)) {
          this.report(
            `${at}.modelFormat.name`,
            `${quote(format)} is not one of ${MODEL_FORMATS.join(', ')}`,
          );
        }
      }
      if (spec.storageUri !== undefined) {
        if (this.checkStorageUri(spec.storageUri, `${at}.storageUri`)) {
          s3Uris.push(spec.storageUri as string);
        }
      }
      this.checkResources(spec.resources, `${at}.resources`);
    }
    if (predictor.storageUris !== undefined) {
      if (!Array.isArray(predictor.storageUris)) {
        this.report(`${field}.storageUris`, 'must be a list');
      } else {
        predictor.storageUris.forEach((item, i) => {
          const uri = isRecord(item) ? item.uri : undefined;
          if (this.checkStorageUri(uri, `${field}.storageUris[${i}].uri`)) {
            s3Uris.push(uri as string);
          }
        });
      }
    }
    if (s3Uris.length > 0) this.checkS3Access(predictor, field, s3Uris[0]);
    this.checkResources(predictor.resources, `${field}.resources`);
  }

  checkCanary(spec: Json, mode: DeploymentMode) {
    const predictor = isRecord(spec.predictor) ? spec.predictor : {};
    const percent = predictor.canaryTrafficPercent;
    if (percent !== undefined && percent !== null) {
      if (mode === 'Knative') {
        this.checkPercent(percent, 'spec.predictor.canaryTrafficPercent');
      } else {
        this.report(
          'spec.predictor.canaryTrafficPercent',
          `only applies in Knative (Serverless) deployment mode, not ${mode}${
            mode === 'Standard'
              ? '; in Standard mode give spec.canary[] with trafficPercent'
              : ''
          }`,
        );
      }
    }
    const canary = spec.canary;
    if (canary === undefined || canary === null) return;
    if (mode !== 'Standard') {
      this.report(
        'spec.canary',
        `only applies in Standard deployment mode (annotation ${DEPLOYMENT_MODE_ANNOTATION}: Standard), not ${mode}${
          mode === 'Knative'
            ? '; in Knative mode give spec.predictor.canaryTrafficPercent'
            : ''
        }`,
      );
      return;
    }
    if (!Array.isArray(canary)) {
      this.report(
        'spec.canary',
        'must be a list of {predictor, trafficPercent}',
      );
      return;
    }
    let total = 0;
    let allValid = true;
    canary.forEach((item, i) => {
      const at = `spec.canary[${i}]`;
      if (!isRecord(item)) {
        this.report(at, 'must be a mapping with predictor and trafficPercent');
        return;
      }
      if (item.trafficPercent === undefined) {
        this.report(`${at}.trafficPercent`, 'is required');
        allValid = false;
      } else if (
        this.checkPercent(item.trafficPercent, `${at}.trafficPercent`)
      ) {
        total += item.trafficPercent;
      } else {
        allValid = false;
      }
      this.checkPredictor(item.predictor, `${at}.predictor`);
    });
    if (allValid && total > 100) {
      this.report(
        'spec.canary',
        `trafficPercent adds up to ${total}; at most 100 is allowed`,
      );
    }
  }

  checkComponent(component: unknown, field: string) {
    if (!isRecord(component)) return;
    this.checkResources(component.resources, `${field}.resources`);
    if (Array.isArray(component.containers)) {
      component.containers.forEach((container, i) => {
        if (isRecord(container)) {
          this.checkResources(
            container.resources,
            `${field}.containers[${i}].resources`,
          );
        }
      });
    }
  }
}

function checkName(
  value: unknown,
  field: string,
  pattern: RegExp,
  report: (field: string, message: string) => void,
) {
  if (typeof value !== 'string' || value === '') {
    report(field, 'is required');
  } else if (value.length > MAX_NAME_LENGTH) {
    report(
      field,
      `${quote(value)} is ${
        value.length
      } characters long; at most ${MAX_NAME_LENGTH} are allowed`,
    );
  } else if (!pattern.test(value)) {
    report(
      field,
      `${quote(
        value,
      )} must be lower-case letters, digits and "-", start with a ${
        pattern === RESOURCE_NAME ? 'letter' : 'letter or digit'
      } and end with a letter or digit`,
    );
  }
}

/**
 * Checks the documents of a manifest holding one InferenceService and the
 * Secrets and ServiceAccounts it uses, against the v1beta1 CRD and the
 * rules of KServe's admission webhook that can be checked without a cluster.
 *
 * @param file - the file's name in the workspace, used in messages
 * @param clusterDefault - the mode of InferenceServices without the annotation
 */
export function checkInferenceServiceManifest(
  documents: ManifestDocument[],
  file: string,
  clusterDefault: DeploymentMode,
): { problems: string[]; summary?: InferenceServiceSummary } {
  const problems: string[] = [];
  const neighbours: Neighbours = {
    secrets: new Map(),
    serviceAccounts: new Map(),
  };
  const services: Array<{ doc: ManifestDocument; value: Json }> = [];
  for (const doc of documents) {
    const at = `${file}:${doc.line}: document ${doc.index}`;
    if (!isRecord(doc.value)) {
      problems.push(`${at}: must be a Kubernetes object (a mapping)`);
      continue;
    }
    const { apiVersion, kind, metadata } = doc.value;
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      problems.push(`${at}: apiVersion: is required`);
    }
    if (typeof kind !== 'string' || kind === '') {
      problems.push(`${at}: kind: is required`);
      continue;
    }
    const name = isRecord(metadata) ? metadata.name : undefined;
    const namespace = isRecord(metadata) ? metadata.namespace : undefined;
    if (kind === 'InferenceService') services.push({ doc, value: doc.value });
    else if (kind === 'Secret' && apiVersion === 'v1') {
      neighbours.secrets.set(key(namespace, name), doc.value);
    } else if (kind === 'ServiceAccount' && apiVersion === 'v1') {
      neighbours.serviceAccounts.set(key(namespace, name), doc.value);
    }
  }
  if (services.length !== 1) {
    problems.push(
      services.length === 0
        ? `${file}: contains no InferenceService (apiVersion ${INFERENCE_SERVICE_API_VERSION}, kind InferenceService)`
        : `${file}: contains ${services.length} InferenceServices; exactly one is allowed per manifest`,
    );
    return { problems };
  }

  const [{ doc, value: service }] = services;
  const metadata = isRecord(service.metadata) ? service.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const namespace =
    typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const checker = new Checker(
    `${file}:${doc.line}: InferenceService ${name ?? '(unnamed)'}: `,
    namespace,
    neighbours,
  );
  const report = checker.report.bind(checker);

  if (service.apiVersion !== INFERENCE_SERVICE_API_VERSION) {
    report(
      'apiVersion',
      `must be ${INFERENCE_SERVICE_API_VERSION} (found ${quote(
        service.apiVersion,
      )})`,
    );
  }
  checkName(metadata.name, 'metadata.name', RESOURCE_NAME, report);
  if (metadata.namespace !== undefined) {
    checkName(metadata.namespace, 'metadata.namespace', NAMESPACE, report);
  }
  const annotations = isRecord(metadata.annotations)
    ? metadata.annotations
    : undefined;
  const resolved = deploymentModeOf(annotations, clusterDefault);
  if ('unknown' in resolved) {
    report(
      `metadata.annotations["${DEPLOYMENT_MODE_ANNOTATION}"]`,
      `${quote(resolved.unknown)} is not one of ${Object.keys(
        DEPLOYMENT_MODE_VALUES,
      ).join(', ')}`,
    );
  }
  const mode = 'mode' in resolved ? resolved.mode : clusterDefault;

  const spec = isRecord(service.spec) ? service.spec : undefined;
  if (!spec) {
    report('spec', 'is required');
  } else {
    checker.checkPredictor(spec.predictor, 'spec.predictor');
    checker.checkCanary(spec, mode);
    checker.checkComponent(spec.transformer, 'spec.transformer');
    checker.checkComponent(spec.explainer, 'spec.explainer');
  }

  problems.push(...checker.problems);
  if (problems.length > 0 || !name) return { problems };
  return { problems, summary: { name, namespace, deploymentMode: mode } };
}

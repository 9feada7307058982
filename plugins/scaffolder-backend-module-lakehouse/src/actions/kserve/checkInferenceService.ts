/*
 * Checks of a generated InferenceService manifest, in the order a cluster applies them. First KServe v0.20's
 * CRD schema, as the API server checks it (the causes of its 422, and the fields it would drop). Then, in
 * code, only what the schema cannot say: the object's name and namespace (ObjectMeta, which the API server
 * checks apart, and the name rule of KServe's webhook), the deployment-mode annotation and the canary form
 * each mode takes, exactly one predictor implementation, canary percentages within 100, storage URI schemes
 * and the S3 credentials they need across the manifest's documents, and requests within limits.
 */
import {
  INFERENCE_SERVICE_API_VERSION,
  PREDICTOR_IMPLEMENTATIONS,
  findUnknownInferenceServiceFields,
  validateInferenceService,
} from '@internal/plugin-lakehouse-node';
import {
  DEPLOYMENT_MODE_ANNOTATION,
  DEPLOYMENT_MODE_VALUES,
  type DeploymentMode,
  deploymentModeOf,
} from './deploymentMode';
import { compareQuantities, parseQuantity, type Quantity } from './quantity';
import type { ManifestDocument } from './readManifestDocuments';

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

/**
 * The rules the CRD schema cannot express. Values of the wrong type are the schema's to report, so they
 * are passed over here.
 */
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

  /** Requests above limits, which the kubelet's pod validation refuses long after the apply succeeded. */
  checkResources(resources: unknown, field: string) {
    if (!isRecord(resources)) return;
    const { requests, limits } = resources;
    if (!isRecord(requests) || !isRecord(limits)) return;
    for (const [resource, requested] of Object.entries(requests)) {
      const request: Quantity | undefined = parseQuantity(requested);
      const limit = parseQuantity(limits[resource]);
      if (request && limit && compareQuantities(request, limit) > 0) {
        this.report(
          `${field}.requests.${resource}`,
          `${String(requested)} is more than its limit ${String(
            limits[resource],
          )}`,
        );
      }
    }
  }

  /** @returns whether the URI is an S3 one, which needs credentials */
  checkStorageUri(uri: unknown, field: string): boolean {
    if (typeof uri !== 'string' || uri === '') return false;
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
    // A missing predictor is the schema's `Required value`.
    if (!isRecord(predictor)) return;
    // KServe's webhook counts an implementation that is set, and a non-empty list of containers.
    const implementations = Object.keys(predictor).filter(k =>
      k === 'containers'
        ? Array.isArray(predictor.containers) && predictor.containers.length > 0
        : (PREDICTOR_IMPLEMENTATIONS as readonly string[]).includes(k) &&
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
        (spec as unknown[]).forEach((container, i) => {
          if (isRecord(container)) {
            this.checkResources(container.resources, `${at}[${i}].resources`);
          }
        });
        continue;
      }
      if (!isRecord(spec)) continue;
      if (implementation === 'model') {
        // The schema wants a name only once modelFormat is given; KServe needs it to pick a runtime.
        if (spec.modelFormat === undefined || spec.modelFormat === null) {
          this.report(
            `${at}.modelFormat.name`,
            'is required with model; KServe picks the serving runtime by it',
          );
        } else if (isRecord(spec.modelFormat)) {
          const format = spec.modelFormat.name;
          if (
            typeof format === 'string' &&
            !(MODEL_FORMATS as readonly string[]).includes(format)
          ) {
            this.report(
              `${at}.modelFormat.name`,
              `${quote(format)} is not one of ${MODEL_FORMATS.join(', ')}`,
            );
          }
        }
      }
      if (this.checkStorageUri(spec.storageUri, `${at}.storageUri`)) {
        s3Uris.push(spec.storageUri as string);
      }
      this.checkResources(spec.resources, `${at}.resources`);
    }
    if (Array.isArray(predictor.storageUris)) {
      predictor.storageUris.forEach((item, i) => {
        const uri = isRecord(item) ? item.uri : undefined;
        if (this.checkStorageUri(uri, `${field}.storageUris[${i}].uri`)) {
          s3Uris.push(uri as string);
        }
      });
    }
    if (s3Uris.length > 0) this.checkS3Access(predictor, field, s3Uris[0]);
    this.checkResources(predictor.resources, `${field}.resources`);
  }

  /** Each mode has its own canary form; the schema allows both everywhere. */
  checkCanary(spec: Json, mode: DeploymentMode) {
    const predictor = isRecord(spec.predictor) ? spec.predictor : {};
    const percent = predictor.canaryTrafficPercent;
    if (percent !== undefined && percent !== null) {
      if (mode !== 'Knative') {
        this.report(
          'spec.predictor.canaryTrafficPercent',
          `only applies in Knative (Serverless) deployment mode, not ${mode}${
            mode === 'Standard'
              ? '; in Standard mode give spec.canary[] with trafficPercent'
              : ''
          }`,
        );
      } else if (
        typeof percent === 'number' &&
        (percent < 0 || percent > 100)
      ) {
        // The CRD types it int64 without bounds; KServe's webhook refuses what is outside 0 to 100.
        this.report(
          'spec.predictor.canaryTrafficPercent',
          `${percent} must be from 0 to 100`,
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
    if (!Array.isArray(canary)) return;
    const percents = canary.map(item =>
      isRecord(item) ? item.trafficPercent : undefined,
    );
    // Each one's range is the schema's; together they share the traffic.
    if (percents.every(p => typeof p === 'number' && p >= 0 && p <= 100)) {
      const total = (percents as number[]).reduce((sum, p) => sum + p, 0);
      if (total > 100) {
        this.report(
          'spec.canary',
          `trafficPercent adds up to ${total}; at most 100 is allowed`,
        );
      }
    }
    canary.forEach((item, i) => {
      if (isRecord(item)) {
        this.checkPredictor(item.predictor, `spec.canary[${i}].predictor`);
      }
    });
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

/** How each InferenceService of the manifest is introduced in messages. */
function prefixOf(file: string, doc: ManifestDocument, service: Json): string {
  const metadata = isRecord(service.metadata) ? service.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  return `${file}:${doc.line}: InferenceService ${name ?? '(unnamed)'}: `;
}

/**
 * What the API server would refuse or drop: the causes of its 422 (`spec.canary[0].predictor.model.name:
 * Required value`) and the fields KServe's CRD does not declare.
 */
function schemaProblems(service: Json, prefix: string): string[] {
  if (service.apiVersion !== INFERENCE_SERVICE_API_VERSION) return [];
  return [
    ...validateInferenceService(service).map(
      cause => `${prefix}${cause.field}: ${cause.message}`,
    ),
    ...findUnknownInferenceServiceFields(service).map(
      field =>
        `${prefix}${field}: unknown field; KServe's InferenceService CRD has no such field, so the cluster would drop it`,
    ),
  ];
}

/**
 * Checks the documents of a manifest holding one InferenceService and the Secrets and ServiceAccounts it
 * uses: every InferenceService against KServe v0.20's CRD schema first, then the rules the schema cannot
 * express (see the top of this file), which KServe's admission webhook and the pods it creates apply.
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
  for (const { doc, value } of services) {
    problems.push(...schemaProblems(value, prefixOf(file, doc, value)));
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
    prefixOf(file, doc, service),
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

  // The CRD leaves spec optional; KServe's webhook does not.
  if (service.spec === undefined || service.spec === null) {
    report('spec', 'is required');
  } else if (isRecord(service.spec)) {
    const spec = service.spec;
    checker.checkPredictor(spec.predictor, 'spec.predictor');
    checker.checkCanary(spec, mode);
    checker.checkComponent(spec.transformer, 'spec.transformer');
    checker.checkComponent(spec.explainer, 'spec.explainer');
  }

  problems.push(...checker.problems);
  if (problems.length > 0 || !name) return { problems };
  return { problems, summary: { name, namespace, deploymentMode: mode } };
}

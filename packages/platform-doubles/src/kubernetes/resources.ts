/*
 * The resources the Kubernetes API double serves, all namespaced, with the checks the real cluster makes:
 * - core v1 Secret and ServiceAccount, written by kubernetes:apply (k8s.io/kubernetes pkg/apis/core/validation:
 *   DNS-1123 subdomain names, Secret data keys and base64 values; Secret `stringData` folded into `data`);
 * - core v1 Pod and Service, read by the Backstage Kubernetes plugin: get and list only, Pods are seeded with
 *   KubernetesApiDouble.addPod;
 * - KServe serving.kserve.io/v1beta1 InferenceService: metadata.name as a DNS-1123 subdomain, then the whole
 *   `openAPIV3Schema` of the CRD (config/crd/full/serving.kserve.io_inferenceservices.yaml, tag v0.20.0) as the
 *   API server checks custom resources; then the KServe validating webhook
 *   (pkg/apis/serving/v1beta1/inference_service_validation.go: name pattern, exactly one predictor).
 */
import { validateInferenceService } from '@internal/plugin-lakehouse-node';
import { type JsonObject, isPlainObject } from './fields';
import { type StatusCause, fail, invalid } from './status';

/** A resource type the double serves. */
export interface ResourceDefinition {
  /** API group, '' for core. */
  group: string;
  version: string;
  /** `v1` or `group/version`. */
  apiVersion: string;
  kind: string;
  listKind: string;
  /** Resource name in URLs (`inferenceservices`). */
  plural: string;
  singular: string;
  shortNames?: string[];
  /** The verbs served, as discovery and RBAC name them. */
  verbs: string[];
  /** Whether `status` is a subresource, which writes to the main resource leave as it is. */
  statusSubresource: boolean;
  /** Whether metadata.generation is tracked (custom resources). */
  generation: boolean;
  /** Whether PUT without metadata.resourceVersion is allowed (core types; custom resources require it). */
  unconditionalUpdate: boolean;
  /** Defaulting of the API server, on every write. */
  defaults?: (obj: JsonObject) => void;
  /** Validation of the API server (422). */
  validate?: (obj: JsonObject) => void;
}

export const APPLY_PATCH = 'application/apply-patch+yaml';

const WRITABLE = ['create', 'get', 'list', 'patch', 'update'];
const READ_ONLY = ['get', 'list'];

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** KServe's InferenceService name format (IsvcNameFmt). */
const ISVC_NAME_FORMAT = '[a-z]([-a-z0-9]*[a-z0-9])?';

/** Predictor implementations of which exactly one must be set (KServe PredictorSpec). */
const PREDICTOR_IMPLEMENTATIONS = [
  'containers',
  'huggingface',
  'lightgbm',
  'model',
  'onnx',
  'paddle',
  'pmml',
  'pytorch',
  'sklearn',
  'tensorflow',
  'triton',
  'xgboost',
];

function metaName(obj: JsonObject): string {
  const meta = obj.metadata as JsonObject | undefined;
  return String(meta?.name ?? '');
}

/** ValidateObjectMeta's name check (a DNS-1123 subdomain) plus the kind's own causes, in one 422. */
function validateName(
  def: ResourceDefinition,
  obj: JsonObject,
  causes: StatusCause[] = [],
) {
  const name = metaName(obj);
  const nameCauses: StatusCause[] = [];
  if (name.length > 253) {
    nameCauses.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": must be no more than 253 characters`,
      field: 'metadata.name',
    });
  } else if (!DNS1123_SUBDOMAIN.test(name)) {
    nameCauses.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      field: 'metadata.name',
    });
  }
  const all = [...nameCauses, ...causes];
  if (all.length) {
    invalid(def, name, all);
  }
}

export const SECRET: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Secret',
  listKind: 'SecretList',
  plural: 'secrets',
  singular: 'secret',
  verbs: WRITABLE,
  statusSubresource: false,
  generation: false,
  unconditionalUpdate: true,
  defaults(obj) {
    // stringData is write-only: the API server merges it into data (base64) and never returns it.
    if (isPlainObject(obj.stringData)) {
      const data = isPlainObject(obj.data) ? obj.data : {};
      for (const [key, value] of Object.entries(obj.stringData)) {
        data[key] = Buffer.from(String(value ?? ''), 'utf8').toString('base64');
      }
      obj.data = data;
    }
    delete obj.stringData;
    if (obj.type === undefined || obj.type === '') {
      obj.type = 'Opaque';
    }
  },
  validate(obj) {
    const data = obj.data;
    if (data !== undefined && !isPlainObject(data)) {
      fail(
        400,
        'BadRequest',
        `Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${typeof data} into Go struct field Secret.data of type map[string][]uint8`,
      );
    }
    // data values are []byte in Go: JSON decoding fails (400) before validation on anything not base64.
    for (const value of Object.values(data ?? {})) {
      if (
        typeof value !== 'string' ||
        !BASE64.test(value) ||
        value.length % 4
      ) {
        const at =
          typeof value === 'string' ? value.search(/[^A-Za-z0-9+/=]/) : -1;
        fail(
          400,
          'BadRequest',
          `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${Math.max(
            at,
            0,
          )}`,
        );
      }
    }
    const causes: StatusCause[] = Object.keys(data ?? {})
      .filter(key => !CONFIG_KEY.test(key))
      .map(key => ({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
        field: `data[${key}]`,
      }));
    validateName(SECRET, obj, causes);
  },
};

export const SERVICE_ACCOUNT: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  listKind: 'ServiceAccountList',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  verbs: WRITABLE,
  statusSubresource: false,
  generation: false,
  unconditionalUpdate: true,
  validate(obj) {
    validateName(SERVICE_ACCOUNT, obj);
  },
};

export const POD: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Pod',
  listKind: 'PodList',
  plural: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  verbs: READ_ONLY,
  statusSubresource: true,
  generation: false,
  unconditionalUpdate: true,
};

/** Listed by the Backstage Kubernetes plugin; the double never holds any. */
export const SERVICE: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Service',
  listKind: 'ServiceList',
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  verbs: READ_ONLY,
  statusSubresource: true,
  generation: false,
  unconditionalUpdate: true,
};

export const INFERENCE_SERVICE: ResourceDefinition = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  listKind: 'InferenceServiceList',
  plural: 'inferenceservices',
  singular: 'inferenceservice',
  shortNames: ['isvc'],
  verbs: WRITABLE,
  statusSubresource: true,
  generation: true,
  unconditionalUpdate: false,
  validate(obj) {
    // The API server validates metadata.name of custom resources as a DNS-1123 subdomain, then the object
    // against the CRD's OpenAPI schema (the same check kserve:inferenceservice:validate makes), and answers
    // one 422 with every cause.
    validateName(INFERENCE_SERVICE, obj, validateInferenceService(obj));
  },
};

/** What the KServe validating webhook says about an InferenceService, or undefined when it allows it. */
export function kserveWebhookDenial(obj: JsonObject): string | undefined {
  const name = metaName(obj);
  if (!new RegExp(`^${ISVC_NAME_FORMAT}$`).test(name)) {
    return `The InferenceService "${name}" is invalid: a InferenceService name must consist of lower case alphanumeric characters or '-', and must start with alphabetical character. (e.g. "my-name" or "abc-123", regex used for validation is '${ISVC_NAME_FORMAT}')`;
  }
  // The CRD leaves spec optional, so the webhook may see an InferenceService without one.
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const predictor = isPlainObject(spec.predictor) ? spec.predictor : {};
  const set = PREDICTOR_IMPLEMENTATIONS.filter(key =>
    key === 'containers'
      ? Array.isArray(predictor.containers) && predictor.containers.length > 0
      : predictor[key] !== undefined && predictor[key] !== null,
  );
  if (set.length !== 1) {
    return `exactly one of [${PREDICTOR_IMPLEMENTATIONS.join(
      ', ',
    )}] must be specified in predictor${
      set.length ? `, got [${set.join(', ')}]` : ''
    }`;
  }
  const percent = predictor.canaryTrafficPercent;
  if (typeof percent === 'number' && (percent < 0 || percent > 100)) {
    return `canaryTrafficPercent must be between 0 and 100, got ${percent}`;
  }
  return undefined;
}

/** Every resource type served; core ones in the alphabetical order of the API server's discovery. */
export const RESOURCES: ResourceDefinition[] = [
  POD,
  SECRET,
  SERVICE_ACCOUNT,
  SERVICE,
  INFERENCE_SERVICE,
];

/** `inferenceservices.serving.kserve.io` or `secrets`, as used in NotFound/AlreadyExists messages. */
export function qualifiedResource(def: ResourceDefinition): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

/*
 * The resources the Kubernetes API double serves, with the validation the real cluster applies to them:
 * core v1 Namespace, Secret, ServiceAccount, Pod and Service (k8s.io/kubernetes pkg/apis/core/validation:
 * DNS-1123 names, DNS-1035 Service names, Secret data keys and base64 values, required containers and ports;
 * defaulting of pkg/apis/core/v1/defaults.go and the Service IP allocator) and KServe serving.kserve.io/v1beta1 InferenceService (the
 * whole `openAPIV3Schema` of the CRD config/crd/full/serving.kserve.io_inferenceservices.yaml, tag v0.20.0, checked as
 * the API server checks custom resources; KServe validating webhook
 * pkg/apis/serving/v1beta1/inference_service_validation.go: name pattern `[a-z]([-a-z0-9]*[a-z0-9])?`, exactly one
 * predictor implementation).
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
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  categories?: string[];
  /** Whether `status` is a subresource (ignored on the main resource). */
  statusSubresource: boolean;
  /** Whether metadata.generation is tracked (custom resources). */
  generation: boolean;
  /** Whether PUT without metadata.resourceVersion is allowed. */
  unconditionalUpdate: boolean;
  /** PATCH content types accepted. */
  patchTypes: string[];
  /** Defaults applied on every write, like the API server's defaulting. */
  defaults?: (obj: JsonObject) => void;
  /** Validation of the API server (422). */
  validate?: (obj: JsonObject) => void;
}

export const APPLY_PATCH = 'application/apply-patch+yaml';
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** KServe's InferenceService name format (IsvcNameFmt). */
export const ISVC_NAME_FORMAT = '[a-z]([-a-z0-9]*[a-z0-9])?';

/** Predictor implementations of which exactly one must be set (KServe PredictorSpec). */
export const PREDICTOR_IMPLEMENTATIONS = [
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

export function nameCauses(
  name: string,
  kind: 'subdomain' | 'label' | 'dns1035',
): StatusCause[] {
  if (name.length > (kind === 'subdomain' ? 253 : 63)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": must be no more than ${
          kind === 'subdomain' ? 253 : 63
        } characters`,
        field: 'metadata.name',
      },
    ];
  }
  if (kind === 'dns1035' && !DNS1035_LABEL.test(name)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
        field: 'metadata.name',
      },
    ];
  }
  if (kind === 'subdomain' && !DNS1123_SUBDOMAIN.test(name)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        field: 'metadata.name',
      },
    ];
  }
  if (kind === 'label' && !DNS1123_LABEL.test(name)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        field: 'metadata.name',
      },
    ];
  }
  return [];
}

function metaName(obj: JsonObject): string {
  const meta = obj.metadata as JsonObject | undefined;
  return String(meta?.name ?? '');
}

function validateName(
  def: ResourceDefinition,
  obj: JsonObject,
  kind: 'subdomain' | 'label' | 'dns1035',
  extra: StatusCause[] = [],
) {
  const causes = [...nameCauses(metaName(obj), kind), ...extra];
  if (causes.length) {
    invalid(def, metaName(obj), causes);
  }
}

export const NAMESPACE: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  statusSubresource: true,
  generation: false,
  unconditionalUpdate: true,
  patchTypes: [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH],
  defaults(obj) {
    const meta = obj.metadata as JsonObject;
    meta.labels = {
      ...(isPlainObject(meta.labels) ? meta.labels : {}),
      'kubernetes.io/metadata.name': metaName(obj),
    };
    obj.spec = { finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  validate(obj) {
    validateName(NAMESPACE, obj, 'label');
  },
};

export const SECRET: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Secret',
  listKind: 'SecretList',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  verbs: VERBS,
  statusSubresource: false,
  generation: false,
  unconditionalUpdate: true,
  patchTypes: [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH],
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
    const causes: StatusCause[] = [];
    const data = obj.data;
    if (data !== undefined && !isPlainObject(data)) {
      fail(
        400,
        'BadRequest',
        `Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${typeof data} into Go struct field Secret.data of type map[string][]uint8`,
      );
    }
    let total = 0;
    for (const [key, value] of Object.entries(data ?? {})) {
      if (
        typeof value !== 'string' ||
        !BASE64.test(value) ||
        value.length % 4
      ) {
        fail(
          400,
          'BadRequest',
          `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${
            typeof value === 'string'
              ? Math.max(
                  0,
                  [...value].findIndex(c => !/[A-Za-z0-9+/=]/.test(c)),
                )
              : 0
          }`,
        );
      }
      total += Buffer.from(value, 'base64').length;
      if (!CONFIG_KEY.test(key)) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
          field: `data[${key}]`,
        });
      }
    }
    if (total > 1024 * 1024) {
      causes.push({
        reason: 'FieldValueTooLong',
        message: 'Too long: must have at most 1048576 bytes',
        field: 'data',
      });
    }
    validateName(SECRET, obj, 'subdomain', causes);
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
  namespaced: true,
  shortNames: ['sa'],
  verbs: VERBS,
  statusSubresource: false,
  generation: false,
  unconditionalUpdate: true,
  patchTypes: [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH],
  validate(obj) {
    const causes: StatusCause[] = [];
    const secrets = obj.secrets;
    if (secrets !== undefined && !Array.isArray(secrets)) {
      causes.push({
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: must be a list of object references',
        field: 'secrets',
      });
    }
    validateName(SERVICE_ACCOUNT, obj, 'subdomain', causes);
  },
};

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

export const POD: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Pod',
  listKind: 'PodList',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  verbs: VERBS,
  statusSubresource: true,
  generation: false,
  unconditionalUpdate: true,
  patchTypes: [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH],
  defaults(obj) {
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    obj.spec = spec;
    spec.restartPolicy ??= 'Always';
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.schedulerName ??= 'default-scheduler';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.serviceAccountName ??= 'default';
    spec.securityContext ??= {};
    if (Array.isArray(spec.containers)) {
      for (const container of spec.containers) {
        if (!isPlainObject(container)) continue;
        container.terminationMessagePath ??= '/dev/termination-log';
        container.terminationMessagePolicy ??= 'File';
        container.imagePullPolicy ??= String(container.image ?? '').endsWith(
          ':latest',
        )
          ? 'Always'
          : 'IfNotPresent';
        container.resources ??= {};
      }
    }
    // A new pod waits for the scheduler.
    if (!isPlainObject(obj.status)) {
      obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    }
  },
  validate(obj) {
    const causes: StatusCause[] = [];
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    const containers = spec.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      causes.push(required('spec.containers'));
    } else {
      containers.forEach((c, i) => {
        const container = isPlainObject(c) ? c : {};
        if (typeof container.name !== 'string' || !container.name) {
          causes.push(required(`spec.containers[${i}].name`));
        }
        if (typeof container.image !== 'string' || !container.image) {
          causes.push(required(`spec.containers[${i}].image`));
        }
      });
    }
    validateName(POD, obj, 'subdomain', causes);
  },
};

/** A stable cluster IP from the default service CIDR 10.96.0.0/12 for `namespace/name`. */
function clusterIp(namespace: unknown, name: unknown): string {
  let hash = 0;
  for (const c of `${String(namespace)}/${String(name)}`) {
    hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  }
  return `10.96.${(hash >>> 8) % 256}.${(hash % 254) + 1}`;
}

export const SERVICE: ResourceDefinition = {
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Service',
  listKind: 'ServiceList',
  plural: 'services',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  verbs: VERBS.filter(v => v !== 'deletecollection'),
  statusSubresource: true,
  generation: false,
  unconditionalUpdate: true,
  patchTypes: [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH],
  defaults(obj) {
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    obj.spec = spec;
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    if (spec.type !== 'ExternalName') {
      const meta = obj.metadata as JsonObject;
      spec.clusterIP ??= clusterIp(meta.namespace, meta.name);
      spec.clusterIPs ??= [spec.clusterIP];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
    }
    if (Array.isArray(spec.ports)) {
      for (const port of spec.ports) {
        if (!isPlainObject(port)) continue;
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
      }
    }
    if (!isPlainObject(obj.status)) {
      obj.status = { loadBalancer: {} };
    }
  },
  validate(obj) {
    const causes: StatusCause[] = [];
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    const headless = spec.clusterIP === 'None';
    if (
      spec.type !== 'ExternalName' &&
      !headless &&
      (!Array.isArray(spec.ports) || spec.ports.length === 0)
    ) {
      causes.push(required('spec.ports'));
    }
    validateName(SERVICE, obj, 'dns1035', causes);
  },
};

export const INFERENCE_SERVICE: ResourceDefinition = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  listKind: 'InferenceServiceList',
  plural: 'inferenceservices',
  singular: 'inferenceservice',
  namespaced: true,
  shortNames: ['isvc'],
  verbs: VERBS,
  statusSubresource: true,
  generation: true,
  unconditionalUpdate: false,
  // CRDs do not support strategic merge patch.
  patchTypes: [JSON_PATCH, MERGE_PATCH, APPLY_PATCH],
  validate(obj) {
    // The API server validates metadata.name of custom resources as a DNS-1123 subdomain, then the object
    // against the CRD's OpenAPI schema (the same check kserve:inferenceservice:validate makes), and answers
    // one 422 with every cause.
    validateName(
      INFERENCE_SERVICE,
      obj,
      'subdomain',
      validateInferenceService(obj),
    );
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

/** Every resource type served. */
export const RESOURCES: ResourceDefinition[] = [
  // Core resources in the alphabetical order of the API server's discovery.
  NAMESPACE,
  POD,
  SECRET,
  SERVICE_ACCOUNT,
  SERVICE,
  INFERENCE_SERVICE,
];

/** Finds a resource by group, version and plural. */
export function findResource(
  group: string,
  version: string,
  plural: string,
): ResourceDefinition | undefined {
  return RESOURCES.find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

/** Finds a resource by apiVersion and kind. */
export function findResourceByKind(
  apiVersion: string,
  kind: string,
): ResourceDefinition | undefined {
  return RESOURCES.find(r => r.apiVersion === apiVersion && r.kind === kind);
}

/** `inferenceservices.serving.kserve.io` or `secrets`, as used in NotFound/AlreadyExists messages. */
export function qualifiedResource(def: ResourceDefinition): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

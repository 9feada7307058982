/*
 * Test double of a Kubernetes API server with KServe installed, as @kubernetes/client-node 1.x talks to it:
 * discovery (/api, /apis, /api/v1, /apis/serving.kserve.io/v1beta1, /version), namespaced CRUD of core v1
 * Secret, ServiceAccount, Pod and Service and of serving.kserve.io/v1beta1 InferenceService (CRD
 * config/crd/full/serving.kserve.io_inferenceservices.yaml, KServe tag v0.20.0), Namespaces, and PATCH in
 * all four content types of the API (https://kubernetes.io/docs/reference/kubernetes-api/common-parameters/):
 * server-side apply (https://kubernetes.io/docs/reference/using-api/server-side-apply/) with field managers,
 * `metadata.managedFields` in FieldsV1, FieldManagerConflict 409s and `force`; JSON merge patch; JSON patch;
 * strategic merge patch on core types only (415 on the CRD). `dryRun=All` runs every stage without storing.
 * Errors are `Status` objects (k8s.io/apimachinery/pkg/api/errors) with the API server's messages, and
 * every response is `application/json`. InferenceService writes go through the KServe validating webhook
 * (`admission webhook "..." denied the request: ...`, 403) with KServe's own checks plus a pluggable hook.
 * Lists (namespaced and across all namespaces) take `labelSelector`, `fieldSelector`, `limit` and `continue`.
 * RBAC refusals are the Forbidden Status the API server writes (k8s.io/apiserver endpoints/handlers/
 * responsewriters forbiddenMessage and apimachinery errors.NewForbidden): `<resource>.<group> is forbidden:
 * User "<user>" cannot <verb> resource "<resource>" in API group "<group>" in the namespace "<ns>"`.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { type LocalServer, sendText } from '../support/http';
import { receiveRequest } from '../support/receive';
import { ProtocolDouble } from '../support/ProtocolDouble';
import {
  FieldSet,
  type FieldPath,
  type JsonObject,
  changedPaths,
  clone,
  deepEqual,
  deletePath,
  getPath,
  isPlainObject,
  isPrefix,
  leafPaths,
  mergeApplied,
  pathString,
  toFieldsV1,
} from './fields';
import { applyJsonPatch, applyMergePatch } from './patches';
import {
  APPLY_PATCH,
  INFERENCE_SERVICE,
  JSON_PATCH,
  MERGE_PATCH,
  NAMESPACE,
  RESOURCES,
  type ResourceDefinition,
  STRATEGIC_MERGE_PATCH,
  findResource,
  findResourceByKind,
  kserveWebhookDenial,
  qualifiedResource,
} from './resources';
import {
  type KubernetesStatus,
  type StatusCause,
  StatusError,
  defaultStatusBody,
  fail,
  failureStatus,
  invalid,
} from './status';
import { YamlDecodeError, parseYaml } from './yaml';

/**
 * A Kubernetes object as the double stores and returns it.
 *
 * @public
 */
export interface KubernetesStoredObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: KubernetesManagedFieldsEntry[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * One entry of `metadata.managedFields`.
 *
 * @public
 */
export interface KubernetesManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/**
 * What the admission hook is told about a write.
 *
 * @public
 */
export interface KubernetesAdmissionRequest {
  operation: 'CREATE' | 'UPDATE';
  /** Whether the request is a `dryRun=All` request (webhooks with sideEffects None see those too). */
  dryRun: boolean;
  kind: string;
  namespace?: string;
  name: string;
  /** The object before the write, for UPDATE. */
  oldObject?: KubernetesStoredObject;
}

/**
 * Validating admission for InferenceServices: return a message to deny the write with the KServe webhook's
 * 403, or undefined to allow it.
 *
 * @public
 */
export type KubernetesAdmissionHook = (
  object: KubernetesStoredObject,
  request: KubernetesAdmissionRequest,
) => string | undefined;

/**
 * Options of {@link KubernetesApiDouble.start}.
 *
 * @public
 */
export interface KubernetesApiDoubleOptions {
  /** Bearer token every request must carry (401 otherwise). Default: none, every request accepted. */
  token?: string;
  /** Extra validating admission for InferenceService CREATE/UPDATE, after KServe's own checks. */
  admission?: KubernetesAdmissionHook;
  /** Name of the validating webhook in denial messages. Default `inferenceservice.kserve-webhook-server.validator.webhook`. */
  admissionWebhookName?: string;
  /** Namespaces that exist. Default `['default']`. */
  namespaces?: string[];
  /** `gitVersion` of /version. Default `v1.33.1`. */
  kubernetesVersion?: string;
  /** Maximum number of entries kept in `requests`. Default 10000. */
  requestLogLimit?: number;
  /** Clock for creationTimestamp and managedFields times. Default: the system clock. */
  now?: () => Date;
  /** Port to listen on. Default: a random free port. */
  port?: number;
  /**
   * What RBAC refuses the caller (403 Forbidden). Default: nothing. Can be changed later with
   * {@link KubernetesApiDouble.setForbidden}.
   */
  forbidden?: KubernetesForbiddenRule[];
  /** The name the API server knows the caller by, quoted in 403 messages. Default `system:serviceaccount:default:default`. */
  user?: string;
}

/**
 * Requests RBAC refuses. A rule with a namespace refuses requests in that namespace and requests across all
 * namespaces (a grant at the cluster scope would include that namespace); a rule without one refuses only
 * requests at the cluster scope, like a service account bound to namespaced Roles.
 *
 * @public
 */
export interface KubernetesForbiddenRule {
  /** Resource as RBAC names it: `inferenceservices`, `pods`, `services`, ... */
  resource: string;
  /** API group (`serving.kserve.io`, '' for core). Default: the group serving `resource`. */
  group?: string;
  /** Namespace the caller may not access. */
  namespace?: string;
  /** Verbs refused (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`). Default: all. */
  verbs?: string[];
}

/**
 * A Pod for {@link KubernetesApiDouble.addPod}: stored with the API server's defaults and the status a kubelet
 * reports for it.
 *
 * @public
 */
export interface KubernetesPodInput {
  name: string;
  /** Default `default`. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Default: one container `main` running `registry.k8s.io/pause:3.10`. */
  containers?: Array<{ name: string; image: string; [key: string]: unknown }>;
  /** Default `Running`. */
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** Whether the containers are ready. Default: true when Running. */
  ready?: boolean;
  /** Restarts of each container. Default 0. */
  restartCount?: number;
  ownerReferences?: Array<Record<string, unknown>>;
  /** Replaces the generated status entirely. */
  status?: Record<string, unknown>;
}

/**
 * A Service for {@link KubernetesApiDouble.addService}.
 *
 * @public
 */
export interface KubernetesServiceInput {
  name: string;
  /** Default `default`. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  selector?: Record<string, string>;
  /** Default `[{ name: 'http', port: 80, targetPort: 8080 }]`. */
  ports?: Array<{
    name?: string;
    port: number;
    targetPort?: number | string;
    protocol?: string;
  }>;
  /** Default `ClusterIP`. */
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
}

/**
 * Options for `new KubeConfig().loadFromOptions(...)` of @kubernetes/client-node.
 *
 * @public
 */
export interface KubernetesDoubleKubeConfig {
  clusters: Array<{ name: string; server: string; skipTLSVerify: boolean }>;
  users: Array<{ name: string; token?: string }>;
  contexts: Array<{
    name: string;
    cluster: string;
    user: string;
    namespace?: string;
  }>;
  currentContext: string;
}

/**
 * A cluster entry in the shape of Backstage's `kubernetes.clusterLocatorMethods[].clusters[]` config.
 *
 * @public
 */
export interface KubernetesDoubleClusterConfig {
  name: string;
  url: string;
  authProvider: 'serviceAccount';
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
}

interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fields: FieldSet;
  subresource?: string;
}

interface StoredEntry {
  def: ResourceDefinition;
  namespace?: string;
  name: string;
  /** The object without managedFields. */
  object: JsonObject;
  managers: ManagerEntry[];
}

interface Target {
  def: ResourceDefinition;
  namespace?: string;
  name?: string;
  subresource?: string;
}

interface Reply {
  status: number;
  body: unknown;
}

const DEFAULT_WEBHOOK =
  'inferenceservice.kserve-webhook-server.validator.webhook';
const META_GROUP = { kind: '', group: 'meta.k8s.io' };

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function storeKey(
  def: ResourceDefinition,
  namespace: string | undefined,
  name: string,
): string {
  return `${def.group}/${def.plural}/${namespace ?? ''}/${name}`;
}

function metadataOf(obj: JsonObject): JsonObject {
  if (!isPlainObject(obj.metadata)) {
    obj.metadata = {};
  }
  return obj.metadata as JsonObject;
}

/** Orders metadata keys the way the API server writes them. */
function orderedMetadata(meta: JsonObject): JsonObject {
  const order = [
    'name',
    'generateName',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'labels',
    'annotations',
    'ownerReferences',
    'finalizers',
  ];
  const out: JsonObject = {};
  for (const key of order) {
    if (meta[key] !== undefined) {
      out[key] = meta[key];
    }
  }
  for (const [key, value] of Object.entries(meta)) {
    if (!(key in out) && key !== 'managedFields') {
      out[key] = value;
    }
  }
  return out;
}

function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return a.length - b.length;
}

function notFound(def: ResourceDefinition, name: string): never {
  return fail(
    404,
    'NotFound',
    `${qualifiedResource(def)} "${name}" not found`,
    { name, group: def.group, kind: def.plural },
  );
}

function badRequest(message: string): never {
  return fail(400, 'BadRequest', message);
}

function parseBool(value: string | undefined, name: string): boolean {
  if (value === undefined) {
    return false;
  }
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) {
    return true;
  }
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) {
    return false;
  }
  return badRequest(
    `strconv.ParseBool: parsing ${JSON.stringify(
      value,
    )}: invalid syntax (${name})`,
  );
}

/** Label selector requirements (`a=b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`). */
function labelSelectorMatcher(
  selector: string | undefined,
): (labels: Record<string, unknown>) => boolean {
  if (!selector || !selector.trim()) {
    return () => true;
  }
  const parts = selector.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  const tests = parts.map(raw => {
    const part = raw.trim();
    let m = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return (labels: Record<string, unknown>) =>
        op === '!='
          ? labels[key] !== value
          : labels[key] !== undefined && labels[key] === value;
    }
    m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      return (labels: Record<string, unknown>) =>
        op === 'in'
          ? labels[key] !== undefined && values.includes(String(labels[key]))
          : labels[key] === undefined || !values.includes(String(labels[key]));
    }
    m = /^(!?)([A-Za-z0-9][-A-Za-z0-9_./]*)$/.exec(part);
    if (m) {
      const [, not, key] = m;
      return (labels: Record<string, unknown>) =>
        not ? labels[key] === undefined : labels[key] !== undefined;
    }
    return badRequest(
      `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  });
  return labels => tests.every(t => t(labels));
}

function fieldSelectorMatcher(
  selector: string | undefined,
): (obj: JsonObject) => boolean {
  if (!selector || !selector.trim()) {
    return () => true;
  }
  const tests = selector.split(',').map(raw => {
    const m = /^\s*([^!=\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(raw);
    if (!m) {
      return badRequest(
        `invalid selector: '${selector}'; can't understand '${raw}'`,
      );
    }
    const [, field, op, value] = m;
    if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      return badRequest(`field label not supported: ${field}`);
    }
    const path = field.split('.');
    return (obj: JsonObject) =>
      op === '!=' ? getPath(obj, path) !== value : getPath(obj, path) === value;
  });
  return obj => tests.every(t => t(obj));
}

/** The state the kubelet reports for a container of a pod in `phase`. */
function containerState(phase: string, started: string): JsonObject {
  if (phase === 'Running') {
    return { running: { startedAt: started } };
  }
  if (phase === 'Pending') {
    return { waiting: { reason: 'ContainerCreating' } };
  }
  return {
    terminated: {
      exitCode: phase === 'Succeeded' ? 0 : 1,
      reason: phase === 'Succeeded' ? 'Completed' : 'Error',
      startedAt: started,
      finishedAt: started,
    },
  };
}

/**
 * A Kubernetes API server double (with KServe's InferenceService CRD and validating webhook) on 127.0.0.1,
 * for tests of code that uses @kubernetes/client-node.
 *
 * @public
 */
export class KubernetesApiDouble extends ProtocolDouble {
  /** Base URL of the API server (the kubeconfig `server`). */
  readonly url: string;

  private readonly store = new Map<string, StoredEntry>();
  private readonly now: () => Date;
  private readonly webhookName: string;
  private readonly user: string;
  private forbidden: KubernetesForbiddenRule[];
  private revision = 1;

  private constructor(
    private readonly options: KubernetesApiDoubleOptions,
    server: LocalServer,
  ) {
    super(server, options.requestLogLimit ?? 10_000);
    this.url = server.origin;
    this.now = options.now ?? (() => new Date());
    this.webhookName = options.admissionWebhookName ?? DEFAULT_WEBHOOK;
    this.user = options.user ?? 'system:serviceaccount:default:default';
    this.forbidden = [...(options.forbidden ?? [])];
    for (const namespace of options.namespaces ?? ['default']) {
      this.addNamespace(namespace);
    }
  }

  /** Starts a Kubernetes API double on 127.0.0.1 (random free port unless `port` is given). */
  static async start(
    options: KubernetesApiDoubleOptions = {},
  ): Promise<KubernetesApiDouble> {
    return ProtocolDouble.listen(
      options.port,
      server => new KubernetesApiDouble(options, server),
    );
  }

  /**
   * A configuration for `kubeConfig.loadFromOptions(...)`: one cluster (server = url, plain HTTP so
   * `skipTLSVerify` is set, which @kubernetes/client-node requires for http URLs), one user with the token.
   */
  kubeConfig(options: { namespace?: string } = {}): KubernetesDoubleKubeConfig {
    return {
      clusters: [
        { name: 'kubernetes-double', server: this.url, skipTLSVerify: true },
      ],
      users: [
        {
          name: 'kubernetes-double-user',
          ...(this.options.token ? { token: this.options.token } : {}),
        },
      ],
      contexts: [
        {
          name: 'kubernetes-double',
          cluster: 'kubernetes-double',
          user: 'kubernetes-double-user',
          ...(options.namespace ? { namespace: options.namespace } : {}),
        },
      ],
      currentContext: 'kubernetes-double',
    };
  }

  /** The same configuration as a kubeconfig file, for `kubeConfig.loadFromString(...)`. */
  kubeConfigYaml(options: { namespace?: string } = {}): string {
    const q = (s: string) => JSON.stringify(s);
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: kubernetes-double',
      '    cluster:',
      `      server: ${q(this.url)}`,
      '      insecure-skip-tls-verify: true',
      'users:',
      '  - name: kubernetes-double-user',
      this.options.token
        ? `    user:\n      token: ${q(this.options.token)}`
        : '    user: {}',
      'contexts:',
      '  - name: kubernetes-double',
      '    context:',
      '      cluster: kubernetes-double',
      '      user: kubernetes-double-user',
      ...(options.namespace
        ? [`      namespace: ${q(options.namespace)}`]
        : []),
      'current-context: kubernetes-double',
      '',
    ].join('\n');
  }

  /** A Backstage `kubernetes.clusterLocatorMethods[].clusters[]` entry pointing at this double. */
  clusterConfig(name = 'kubernetes-double'): KubernetesDoubleClusterConfig {
    return {
      name,
      url: this.url,
      authProvider: 'serviceAccount',
      ...(this.options.token
        ? { serviceAccountToken: this.options.token }
        : {}),
      skipTLSVerify: true,
    };
  }

  /** Every stored object (copies, with managedFields), in creation order. */
  get objects(): KubernetesStoredObject[] {
    return [...this.store.values()].map(e => this.render(e));
  }

  /** The current resourceVersion of the whole store (increments on every stored change). */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /** One stored object, or undefined. */
  getObject(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubernetesStoredObject | undefined {
    const def = findResourceByKind(apiVersion, kind);
    if (!def) {
      return undefined;
    }
    const entry = this.store.get(
      storeKey(def, def.namespaced ? namespace : undefined, name),
    );
    return entry ? this.render(entry) : undefined;
  }

  /**
   * Stores an object as if `fieldManager` (default `kubectl`) had server-side applied it with force. Runs the
   * API server's defaulting and validation but not the admission webhook.
   */
  addObject(
    object: KubernetesStoredObject,
    options: { fieldManager?: string } = {},
  ): KubernetesStoredObject {
    const def = findResourceByKind(
      String(object.apiVersion),
      String(object.kind),
    );
    if (!def) {
      throw new Error(
        `The Kubernetes double does not serve ${object.apiVersion} ${object.kind}`,
      );
    }
    const name = String(object.metadata?.name ?? '');
    const namespace = def.namespaced
      ? String(object.metadata?.namespace ?? 'default')
      : undefined;
    const reply = this.apply(
      { def, namespace, name },
      JSON.stringify(object),
      {
        fieldManager: options.fieldManager ?? 'kubectl',
        force: 'true',
      },
      { skipAdmission: true },
    );
    return reply.body as KubernetesStoredObject;
  }

  /** Creates a namespace if it does not exist. */
  addNamespace(name: string): void {
    if (!this.store.has(storeKey(NAMESPACE, undefined, name))) {
      this.addObject(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        { fieldManager: 'kube-apiserver' },
      );
    }
  }

  /**
   * Replaces the status of an object through its `/status` subresource, as a controller would (field manager
   * `kserve-controller` unless `fieldManager` is given): readiness, conditions, url, traffic, model status...
   */
  setStatus(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    status: Record<string, unknown>,
    options: { fieldManager?: string } = {},
  ): KubernetesStoredObject {
    const def = findResourceByKind(apiVersion, kind);
    const entry = def
      ? this.store.get(
          storeKey(def, def.namespaced ? namespace : undefined, name),
        )
      : undefined;
    if (!def || !entry) {
      throw new Error(
        `No ${kind} ${namespace ?? ''}/${name} in the Kubernetes double`,
      );
    }
    const candidate = clone(entry.object);
    candidate.status = clone(status);
    const reply = this.update(
      { def, namespace: entry.namespace, name, subresource: 'status' },
      entry,
      candidate,
      options.fieldManager ?? 'kserve-controller',
      false,
    );
    return reply.body as KubernetesStoredObject;
  }

  /** Sets the status of an InferenceService, as the KServe controller reports it. */
  setInferenceServiceStatus(
    namespace: string,
    name: string,
    status: Record<string, unknown>,
  ): KubernetesStoredObject {
    return this.setStatus(
      INFERENCE_SERVICE.apiVersion,
      INFERENCE_SERVICE.kind,
      namespace,
      name,
      status,
    );
  }

  /**
   * Stores a Pod (creating its namespace if needed) with the status the kubelet reports: phase, conditions,
   * IPs and container statuses.
   */
  addPod(input: KubernetesPodInput): KubernetesStoredObject {
    const namespace = input.namespace ?? 'default';
    this.addNamespace(namespace);
    const containers = input.containers ?? [
      { name: 'main', image: 'registry.k8s.io/pause:3.10' },
    ];
    this.addObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: input.name,
        namespace,
        ...(input.labels ? { labels: input.labels } : {}),
        ...(input.annotations ? { annotations: input.annotations } : {}),
        ...(input.ownerReferences
          ? { ownerReferences: input.ownerReferences }
          : {}),
      },
      spec: { containers, nodeName: 'worker-1' },
    });
    const phase = input.phase ?? 'Running';
    const ready = input.ready ?? phase === 'Running';
    const started = rfc3339(this.now());
    const condition = (type: string, value: boolean) => ({
      type,
      status: value ? 'True' : 'False',
      lastProbeTime: null,
      lastTransitionTime: started,
    });
    const podIp = `10.244.1.${(this.revision % 250) + 2}`;
    const status = input.status ?? {
      phase,
      conditions: [
        condition('PodReadyToStartContainers', phase !== 'Pending'),
        condition('Initialized', true),
        condition('Ready', ready),
        condition('ContainersReady', ready),
        condition('PodScheduled', true),
      ],
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      startTime: started,
      containerStatuses: containers.map(c => ({
        name: c.name,
        state: containerState(phase, started),
        lastState: {},
        ready,
        restartCount: input.restartCount ?? 0,
        image: c.image,
        imageID: '',
        started: phase === 'Running',
      })),
      qosClass: 'BestEffort',
    };
    return this.setStatus('v1', 'Pod', namespace, input.name, status, {
      fieldManager: 'kubelet',
    });
  }

  /** Stores a Service (creating its namespace if needed) with the API server's defaults and a cluster IP. */
  addService(input: KubernetesServiceInput): KubernetesStoredObject {
    const namespace = input.namespace ?? 'default';
    this.addNamespace(namespace);
    return this.addObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: input.name,
        namespace,
        ...(input.labels ? { labels: input.labels } : {}),
        ...(input.annotations ? { annotations: input.annotations } : {}),
      },
      spec: {
        type: input.type ?? 'ClusterIP',
        ...(input.selector ? { selector: input.selector } : {}),
        ports: input.ports ?? [{ name: 'http', port: 80, targetPort: 8080 }],
      },
    });
  }

  /** Replaces what RBAC refuses the caller (see {@link KubernetesForbiddenRule}); `[]` allows everything. */
  setForbidden(rules: KubernetesForbiddenRule[]): void {
    this.forbidden = [...rules];
  }

  /** Removes every object except the namespaces given at start. */
  reset(): void {
    this.store.clear();
    this.revision += 1;
    for (const namespace of this.options.namespaces ?? ['default']) {
      this.addNamespace(namespace);
    }
  }

  // ---------------------------------------------------------------- HTTP

  protected internalError(error: unknown) {
    return {
      body: JSON.stringify(
        failureStatus(
          500,
          'InternalError',
          `Internal error occurred: ${String(
            (error as Error)?.stack ?? error,
          )}`,
        ),
      ),
    };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const received = await receiveRequest(req, res, {
      log: this.log,
      faults: this.faults,
      hasBody: method => method !== 'GET' && method !== 'HEAD',
      faultAnswer: status => ({ body: defaultStatusBody(status) }),
    });
    if (!received) return;
    const { method, path, query, body, truncate, emptyListing } = received;

    let reply: Reply;
    try {
      this.authenticate(req.headers);
      reply = this.route(method, path, query, req.headers, body ?? '', {
        emptyListing,
      });
    } catch (e) {
      if (!(e instanceof StatusError)) {
        throw e;
      }
      reply = { status: e.code, body: e.status };
    }
    sendText(res, reply.status, JSON.stringify(reply.body), {}, truncate);
  }

  private authenticate(headers: http.IncomingHttpHeaders): void {
    const token = this.options.token;
    if (token === undefined) {
      return;
    }
    const auth = headers.authorization ?? '';
    if (auth !== `Bearer ${token}`) {
      fail(401, 'Unauthorized', 'Unauthorized');
    }
  }

  private route(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
    flags: { emptyListing: boolean },
  ): Reply {
    let segments: string[];
    try {
      segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return badRequest(`invalid path ${path}`);
    }
    const get = (document: unknown): Reply => {
      if (method !== 'GET') {
        fail(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        );
      }
      return { status: 200, body: document };
    };
    if (path === '/version' || path === '/version/') {
      return get(this.versionInfo());
    }
    if (segments[0] === 'api' && segments.length === 1) {
      return get({
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          {
            clientCIDR: '0.0.0.0/0',
            serverAddress: this.url.replace(/^https?:\/\//, ''),
          },
        ],
      });
    }
    if (segments[0] === 'apis' && segments.length === 1) {
      return get({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: this.groups().map(g => this.apiGroup(g)),
      });
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments[1] === 'v1') {
      group = '';
      version = 'v1';
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments.length >= 2) {
      group = segments[1];
      if (!this.groups().includes(group)) {
        return this.pageNotFound();
      }
      if (segments.length === 2) {
        return get(this.apiGroup(group));
      }
      version = segments[2];
      rest = segments.slice(3);
    } else {
      return this.pageNotFound();
    }
    const groupResources = RESOURCES.filter(
      r => r.group === group && r.version === version,
    );
    if (!groupResources.length) {
      return this.pageNotFound();
    }
    if (!rest.length) {
      return get(this.resourceList(group, version, groupResources));
    }

    const target = this.parseTarget(group, version, rest);
    this.authorize(method, target, query);
    switch (method) {
      case 'GET':
        if (target.name === undefined) {
          if (parseBool(query.watch, 'watch')) {
            return fail(
              405,
              'MethodNotAllowed',
              'watch is not supported by the Kubernetes API double',
            );
          }
          return this.list(target, query, flags.emptyListing);
        }
        return { status: 200, body: this.render(this.mustGet(target)) };
      case 'POST':
        if (target.name !== undefined) {
          return this.methodNotAllowed();
        }
        return this.create(target, query, headers, body);
      case 'PUT':
        if (target.name === undefined) {
          return this.methodNotAllowed();
        }
        return this.replace(target, query, headers, body);
      case 'PATCH':
        if (target.name === undefined) {
          return this.methodNotAllowed();
        }
        return this.patch(target, query, headers, body);
      case 'DELETE':
        if (target.name === undefined || target.subresource) {
          return this.methodNotAllowed();
        }
        return this.remove(target, query);
      default:
        return this.methodNotAllowed();
    }
  }

  /** Refuses a request RBAC does not allow, with the Forbidden Status of the API server. */
  private authorize(
    method: string,
    target: Target,
    query: Record<string, string>,
  ): void {
    if (!this.forbidden.length) {
      return;
    }
    const { def, namespace, name, subresource } = target;
    let verb: string;
    switch (method) {
      case 'GET':
      case 'HEAD':
        if (name !== undefined) {
          verb = 'get';
        } else {
          verb = parseBool(query.watch, 'watch') ? 'watch' : 'list';
        }
        break;
      case 'POST':
        verb = 'create';
        break;
      case 'PUT':
        verb = 'update';
        break;
      case 'PATCH':
        verb = 'patch';
        break;
      case 'DELETE':
        verb = name !== undefined ? 'delete' : 'deletecollection';
        break;
      default:
        return;
    }
    const refused = this.forbidden.some(
      rule =>
        rule.resource === def.plural &&
        (rule.group === undefined || rule.group === def.group) &&
        (rule.verbs === undefined || rule.verbs.includes(verb)) &&
        (namespace === undefined ? true : rule.namespace === namespace),
    );
    if (!refused) {
      return;
    }
    const resource = subresource ? `${def.plural}/${subresource}` : def.plural;
    const scope =
      namespace !== undefined
        ? `in the namespace "${namespace}"`
        : 'at the cluster scope';
    fail(
      403,
      'Forbidden',
      `${qualifiedResource(def)}${
        name !== undefined ? ` "${name}"` : ''
      } is forbidden: User "${
        this.user
      }" cannot ${verb} resource "${resource}" in API group "${
        def.group
      }" ${scope}`,
      { name, group: def.group, kind: def.plural },
    );
  }

  private parseTarget(group: string, version: string, rest: string[]): Target {
    let namespace: string | undefined;
    let plural: string;
    let name: string | undefined;
    let subresource: string | undefined;
    let extra: string[];
    if (
      rest[0] === 'namespaces' &&
      rest.length >= 3 &&
      findResource(group, version, rest[2])?.namespaced
    ) {
      namespace = rest[1];
      [plural, name, subresource, ...extra] = rest.slice(2);
    } else {
      [plural, name, subresource, ...extra] = rest;
    }
    const def = findResource(group, version, plural);
    if (
      !def ||
      extra.length > 0 ||
      (def.namespaced && namespace === undefined && name !== undefined) ||
      (subresource !== undefined &&
        !(subresource === 'status' && def.statusSubresource))
    ) {
      return this.pageNotFound();
    }
    return { def, namespace, name, subresource };
  }

  private pageNotFound(): never {
    return fail(
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }

  private methodNotAllowed(): never {
    return fail(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }

  private versionInfo() {
    const gitVersion = this.options.kubernetesVersion ?? 'v1.33.1';
    const [major, minor] = gitVersion.replace(/^v/, '').split('.');
    return {
      major,
      minor,
      gitVersion,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2025-05-15T00:00:00Z',
      goVersion: 'go1.24.2',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  private groups(): string[] {
    return [...new Set(RESOURCES.map(r => r.group).filter(Boolean))];
  }

  private apiGroup(group: string) {
    const versions = [
      ...new Set(RESOURCES.filter(r => r.group === group).map(r => r.version)),
    ].map(v => ({ groupVersion: `${group}/${v}`, version: v }));
    return {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: group,
      versions,
      preferredVersion: versions[0],
    };
  }

  private resourceList(
    group: string,
    version: string,
    defs: ResourceDefinition[],
  ) {
    const resources: unknown[] = [];
    for (const def of defs) {
      resources.push({
        name: def.plural,
        singularName: def.singular,
        namespaced: def.namespaced,
        kind: def.kind,
        verbs: def.verbs,
        ...(def.shortNames ? { shortNames: def.shortNames } : {}),
        ...(def.categories ? { categories: def.categories } : {}),
      });
      if (def.statusSubresource) {
        resources.push({
          name: `${def.plural}/status`,
          singularName: '',
          namespaced: def.namespaced,
          kind: def.kind,
          verbs: ['get', 'patch', 'update'],
        });
      }
    }
    return {
      kind: 'APIResourceList',
      ...(group ? { apiVersion: 'v1' } : {}),
      groupVersion: group ? `${group}/${version}` : version,
      resources,
    };
  }

  // ---------------------------------------------------------------- reads

  private mustGet(target: Target): StoredEntry {
    const entry = this.store.get(
      storeKey(target.def, target.namespace, target.name!),
    );
    if (!entry) {
      return notFound(target.def, target.name!);
    }
    return entry;
  }

  private list(
    target: Target,
    query: Record<string, string>,
    empty: boolean,
  ): Reply {
    const { def, namespace } = target;
    const labels = labelSelectorMatcher(query.labelSelector);
    const fields = fieldSelectorMatcher(query.fieldSelector);
    let entries = empty
      ? []
      : [...this.store.values()]
          .filter(e => e.def === def)
          .filter(e => namespace === undefined || e.namespace === namespace)
          .filter(e => {
            const meta = metadataOf(e.object);
            return (
              labels(isPlainObject(meta.labels) ? meta.labels : {}) &&
              fields(e.object)
            );
          })
          .sort((a, b) => {
            const ka = `${a.namespace ?? ''}/${a.name}`;
            const kb = `${b.namespace ?? ''}/${b.name}`;
            if (ka === kb) {
              return 0;
            }
            return ka < kb ? -1 : 1;
          });
    let resourceVersion = String(this.revision);
    if (query.continue) {
      let token: { rv?: string; start?: string };
      try {
        token = JSON.parse(
          Buffer.from(query.continue, 'base64url').toString('utf8'),
        );
      } catch {
        return badRequest('continue key is not valid: illegal base64 data');
      }
      resourceVersion = String(token.rv ?? resourceVersion);
      entries = entries.filter(
        e => `${e.namespace ?? ''}/${e.name}` > String(token.start ?? ''),
      );
    }
    const limit = query.limit ? Number(query.limit) : 0;
    const metadata: JsonObject = { resourceVersion };
    if (limit > 0 && entries.length > limit) {
      const last = entries[limit - 1];
      metadata.continue = Buffer.from(
        JSON.stringify({
          rv: resourceVersion,
          start: `${last.namespace ?? ''}/${last.name}`,
        }),
      ).toString('base64url');
      metadata.remainingItemCount = entries.length - limit;
      entries = entries.slice(0, limit);
    }
    return {
      status: 200,
      body: {
        apiVersion: def.apiVersion,
        kind: def.listKind,
        metadata,
        // Typed (built-in) lists carry no apiVersion/kind on their items; custom resource lists do.
        items: entries.map(e => {
          const obj = this.render(e);
          if (!def.group) {
            delete obj.apiVersion;
            delete obj.kind;
          }
          return obj;
        }),
      },
    };
  }

  private render(entry: StoredEntry): KubernetesStoredObject {
    const obj = clone(entry.object);
    const meta = orderedMetadata(metadataOf(obj));
    if (entry.managers.length) {
      meta.managedFields = entry.managers.map(m => ({
        manager: m.manager,
        operation: m.operation,
        apiVersion: m.apiVersion,
        time: m.time,
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(m.fields),
        ...(m.subresource ? { subresource: m.subresource } : {}),
      }));
    }
    const out: JsonObject = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: meta,
    };
    for (const [key, value] of Object.entries(obj)) {
      if (!(key in out)) {
        out[key] = value;
      }
    }
    return out as KubernetesStoredObject;
  }

  // ---------------------------------------------------------------- writes

  /** Validates the common write options (CreateOptions, UpdateOptions, PatchOptions, DeleteOptions). */
  private writeOptions(
    optionsKind: string,
    query: Record<string, string>,
    patchType?: string,
  ): { dryRun: boolean; fieldManager?: string; force: boolean } {
    const causes: StatusCause[] = [];
    const fieldManager = query.fieldManager || undefined;
    if (patchType !== undefined) {
      if (patchType !== APPLY_PATCH && query.force !== undefined) {
        causes.push({
          reason: 'FieldValueForbidden',
          message: 'Forbidden: may not be specified for non-apply patch',
          field: 'force',
        });
      }
      if (patchType === APPLY_PATCH && !fieldManager) {
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value: is required for apply patch',
          field: 'fieldManager',
        });
      }
    }
    if (fieldManager && Buffer.byteLength(fieldManager) > 128) {
      causes.push({
        reason: 'FieldValueTooLong',
        message: 'Too long: may not be more than 128 bytes',
        field: 'fieldManager',
      });
    }
    if (query.dryRun !== undefined && query.dryRun !== 'All') {
      causes.push({
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify([
          query.dryRun,
        ])}: supported values: "All"`,
        field: 'dryRun',
      });
    }
    if (causes.length) {
      invalid({ ...META_GROUP, kind: optionsKind }, '', causes);
    }
    return {
      dryRun: query.dryRun === 'All',
      fieldManager,
      force: parseBool(query.force, 'force'),
    };
  }

  private decodeObject(
    body: string,
    headers: http.IncomingHttpHeaders,
    def: ResourceDefinition,
  ): JsonObject {
    const contentType = String(headers['content-type'] ?? 'application/json')
      .split(';')[0]
      .trim();
    let value: unknown;
    try {
      if (contentType === 'application/json' || contentType === '') {
        value = JSON.parse(body);
      } else if (contentType === 'application/yaml') {
        value = parseYaml(body);
      } else {
        return fail(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
        );
      }
    } catch (e) {
      if (e instanceof StatusError) {
        throw e;
      }
      return badRequest(
        `the object provided is unrecognized (must be of type ${def.kind}): ${
          (e as Error).message
        }`,
      );
    }
    if (!isPlainObject(value)) {
      return badRequest(
        `the object provided is unrecognized (must be of type ${def.kind})`,
      );
    }
    this.checkTypeMeta(value, def, body);
    return value;
  }

  private checkTypeMeta(
    value: JsonObject,
    def: ResourceDefinition,
    body: string,
  ): void {
    if (typeof value.kind !== 'string' || !value.kind) {
      badRequest(`Object 'Kind' is missing in '${body.trim()}'`);
    }
    if (value.apiVersion !== def.apiVersion) {
      badRequest(
        `the API version in the data (${String(
          value.apiVersion ?? '',
        )}) does not match the expected API version (${def.apiVersion})`,
      );
    }
    if (value.kind !== def.kind) {
      badRequest(
        `the kind in the data (${value.kind}) does not match the expected kind (${def.kind})`,
      );
    }
    if (value.metadata !== undefined && !isPlainObject(value.metadata)) {
      badRequest(
        `json: cannot unmarshal ${typeof value.metadata} into Go struct field ${
          def.kind
        }.metadata of type v1.ObjectMeta`,
      );
    }
  }

  private checkNamespace(target: Target, obj: JsonObject): void {
    const meta = metadataOf(obj);
    if (!target.def.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace !== undefined && meta.namespace !== target.namespace) {
      badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = target.namespace;
  }

  private requireNamespace(target: Target): void {
    if (
      target.def.namespaced &&
      !this.store.has(storeKey(NAMESPACE, undefined, target.namespace!))
    ) {
      fail(404, 'NotFound', `namespaces "${target.namespace}" not found`, {
        name: target.namespace,
        kind: 'namespaces',
      });
    }
  }

  private userAgentManager(headers: http.IncomingHttpHeaders): string {
    const agent = String(headers['user-agent'] ?? 'unknown');
    return agent.split('/')[0].slice(0, 128) || 'unknown';
  }

  private create(
    target: Target,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): Reply {
    if (target.subresource) {
      return this.methodNotAllowed();
    }
    const options = this.writeOptions('CreateOptions', query);
    const obj = this.decodeObject(body, headers, target.def);
    const meta = metadataOf(obj);
    if (!meta.name && typeof meta.generateName === 'string') {
      meta.name = `${meta.generateName}${randomUUID()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 5)}`;
    }
    if (typeof meta.name !== 'string' || !meta.name) {
      invalid(target.def, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
    }
    const name = meta.name as string;
    const full: Target = { ...target, name };
    this.checkNamespace(full, obj);
    if (this.store.has(storeKey(target.def, target.namespace, name))) {
      fail(
        409,
        'AlreadyExists',
        `${qualifiedResource(target.def)} "${name}" already exists`,
        { name, group: target.def.group, kind: target.def.plural },
      );
    }
    for (const key of [
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'managedFields',
      'generation',
    ]) {
      delete meta[key];
    }
    if (target.def.statusSubresource && target.def !== NAMESPACE) {
      delete obj.status;
    }
    return this.update(
      full,
      undefined,
      obj,
      options.fieldManager ?? this.userAgentManager(headers),
      options.dryRun,
    );
  }

  private replace(
    target: Target,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): Reply {
    const options = this.writeOptions('UpdateOptions', query);
    const obj = this.decodeObject(body, headers, target.def);
    const existing = this.mustGet(target);
    this.checkName(target, obj);
    this.checkNamespace(target, obj);
    this.checkResourceVersion(target, existing, obj, true);
    return this.update(
      target,
      existing,
      this.scopeToSubresource(target, existing, obj),
      options.fieldManager ?? this.userAgentManager(headers),
      options.dryRun,
    );
  }

  private patch(
    target: Target,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): Reply {
    const patchType = String(headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (!target.def.patchTypes.includes(patchType)) {
      fail(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${target.def.patchTypes.join(
          ', ',
        )}`,
      );
    }
    const options = this.writeOptions('PatchOptions', query, patchType);
    if (patchType === APPLY_PATCH) {
      return this.apply(target, body, query, {});
    }
    const existing = this.mustGet(target);
    let patch: unknown;
    try {
      patch = JSON.parse(body);
    } catch (e) {
      return badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    const current = this.render(existing) as JsonObject;
    delete (current.metadata as JsonObject).managedFields;
    let patched: unknown;
    if (patchType === JSON_PATCH) {
      patched = applyJsonPatch(current, patch);
    } else if (
      patchType === MERGE_PATCH ||
      patchType === STRATEGIC_MERGE_PATCH
    ) {
      // Strategic merge patch is served as a JSON merge patch: the core types served here have no list
      // whose merge strategy differs in practice (ServiceAccount.secrets merges by name).
      if (!isPlainObject(patch)) {
        return badRequest(
          'json: cannot unmarshal array into Go value of type map[string]interface {}',
        );
      }
      patched = applyMergePatch(current, patch);
    }
    if (!isPlainObject(patched)) {
      return badRequest(
        `the object provided is unrecognized (must be of type ${target.def.kind})`,
      );
    }
    this.checkTypeMeta(patched, target.def, JSON.stringify(patched));
    this.checkName(target, patched);
    this.checkNamespace(target, patched);
    this.checkResourceVersion(target, existing, patched, false);
    return this.update(
      target,
      existing,
      this.scopeToSubresource(target, existing, patched),
      options.fieldManager ?? this.userAgentManager(headers),
      options.dryRun,
    );
  }

  private checkName(target: Target, obj: JsonObject): void {
    const meta = metadataOf(obj);
    if (meta.name !== target.name) {
      badRequest(
        `the name of the object (${String(
          meta.name ?? '',
        )}) does not match the name on the URL (${target.name})`,
      );
    }
  }

  private checkResourceVersion(
    target: Target,
    existing: StoredEntry,
    obj: JsonObject,
    isPut: boolean,
  ): void {
    const meta = metadataOf(obj);
    const current = metadataOf(existing.object).resourceVersion;
    if (meta.resourceVersion === undefined || meta.resourceVersion === '') {
      if (isPut && !target.def.unconditionalUpdate) {
        invalid(target.def, target.name!, [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 0x0: must be specified for an update',
            field: 'metadata.resourceVersion',
          },
        ]);
      }
      return;
    }
    if (String(meta.resourceVersion) !== current) {
      this.staleConflict(target);
    }
  }

  private staleConflict(target: Target): never {
    return fail(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(target.def)} "${
        target.name
      }": the object has been modified; please apply your changes to the latest version and try again`,
      { name: target.name, group: target.def.group, kind: target.def.plural },
    );
  }

  /**
   * The main resource ignores `status` when the resource has a status subresource, and the status
   * subresource changes nothing but `status`.
   */
  private scopeToSubresource(
    target: Target,
    existing: StoredEntry,
    obj: JsonObject,
  ): JsonObject {
    if (target.subresource === 'status') {
      const out = clone(existing.object);
      if (obj.status === undefined) {
        delete out.status;
      } else {
        out.status = clone(obj.status);
      }
      return out;
    }
    if (target.def.statusSubresource) {
      if (existing.object.status === undefined) {
        delete obj.status;
      } else {
        obj.status = clone(existing.object.status);
      }
    }
    const meta = metadataOf(obj);
    const old = metadataOf(existing.object);
    for (const key of [
      'uid',
      'creationTimestamp',
      'generation',
      'resourceVersion',
    ]) {
      if (old[key] === undefined) {
        delete meta[key];
      } else {
        meta[key] = old[key];
      }
    }
    delete meta.managedFields;
    return obj;
  }

  /** Paths a write to `target` may own: `status` only on the status subresource, never on the main one. */
  private excludedPaths(target: Target): {
    exclude: FieldPath[];
    only?: FieldPath;
  } {
    if (target.subresource === 'status') {
      return { exclude: [], only: ['status'] };
    }
    return {
      exclude: target.def.statusSubresource ? [['status']] : [],
    };
  }

  private scopedLeaves(target: Target, obj: JsonObject): FieldSet {
    const { exclude, only } = this.excludedPaths(target);
    const set = leafPaths(obj, { exclude });
    return only
      ? new FieldSet(set.paths().filter(p => isPrefix(only, p)))
      : set;
  }

  /** A non-apply write (create, update, merge/json patch): the manager takes every field it changed. */
  private update(
    target: Target,
    existing: StoredEntry | undefined,
    candidate: JsonObject,
    manager: string,
    dryRun: boolean,
  ): Reply {
    const subresource = target.subresource;
    const { exclude, only } = this.excludedPaths(target);
    let changed = changedPaths(existing?.object ?? {}, candidate, exclude);
    if (only) {
      changed = new FieldSet(changed.paths().filter(p => isPrefix(only, p)));
    }
    const managers = (existing?.managers ?? []).map(m => ({
      ...m,
      fields: m.fields.clone(),
    }));
    for (const m of managers) {
      for (const path of changed.paths()) {
        for (const owned of m.fields.overlapping(path)) {
          m.fields.delete(owned);
        }
      }
    }
    let entry = managers.find(
      m =>
        m.manager === manager &&
        m.operation === 'Update' &&
        m.subresource === subresource,
    );
    if (!entry && changed.size) {
      entry = {
        manager,
        operation: 'Update',
        apiVersion: target.def.apiVersion,
        time: '',
        fields: new FieldSet(),
        ...(subresource ? { subresource } : {}),
      };
      managers.push(entry);
    }
    if (entry && changed.size) {
      for (const path of changed.paths()) {
        if (getPath(candidate, path) !== undefined) {
          entry.fields.add(path);
        }
      }
      entry.time = rfc3339(this.now());
    }
    return this.commit(
      target,
      existing,
      candidate,
      managers.filter(m => m.fields.size > 0),
      dryRun,
      {},
    );
  }

  /** Server-side apply. */
  private apply(
    target: Target,
    body: string,
    query: Record<string, string>,
    flags: { skipAdmission?: boolean },
  ): Reply {
    const fieldManager = query.fieldManager!;
    const force = parseBool(query.force, 'force');
    const dryRun = query.dryRun === 'All';
    const { def } = target;
    const name = target.name!;
    let applied: unknown;
    try {
      applied = parseYaml(body);
    } catch (e) {
      if (e instanceof YamlDecodeError || e instanceof SyntaxError) {
        return badRequest(`error decoding YAML: ${e.message}`);
      }
      throw e;
    }
    if (!isPlainObject(applied)) {
      return badRequest(
        `error decoding YAML: json: cannot unmarshal ${
          Array.isArray(applied) ? 'array' : typeof applied
        } into Go value of type map[string]interface {}`,
      );
    }
    if (typeof applied.kind !== 'string' || !applied.kind) {
      return badRequest(`Object 'Kind' is missing in '${body.trim()}'`);
    }
    if (applied.apiVersion !== def.apiVersion) {
      return badRequest(
        `Incorrect version specified in apply patch. Specified patch version: ${String(
          applied.apiVersion ?? '',
        )}, expected: ${def.apiVersion}`,
      );
    }
    if (applied.kind !== def.kind) {
      return badRequest(
        `the kind in the data (${applied.kind}) does not match the expected kind (${def.kind})`,
      );
    }
    if (applied.metadata !== undefined && !isPlainObject(applied.metadata)) {
      return badRequest('metadata must be an object');
    }
    const appliedMeta = metadataOf(applied);
    if (appliedMeta.managedFields !== undefined) {
      return badRequest('metadata.managedFields must be nil');
    }
    if (appliedMeta.name !== undefined && appliedMeta.name !== name) {
      return badRequest(
        `the name of the object (${String(
          appliedMeta.name,
        )}) does not match the name on the URL (${name})`,
      );
    }
    this.checkNamespace(target, applied);
    appliedMeta.name = name;

    const existing = this.store.get(storeKey(def, target.namespace, name));
    if (target.subresource && !existing) {
      return notFound(def, name);
    }
    if (
      existing &&
      appliedMeta.resourceVersion !== undefined &&
      String(appliedMeta.resourceVersion) !==
        metadataOf(existing.object).resourceVersion
    ) {
      this.staleConflict(target);
    }
    for (const key of [
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'generation',
    ]) {
      delete appliedMeta[key];
    }
    const { exclude, only } = this.excludedPaths(target);
    if (only) {
      for (const key of Object.keys(applied)) {
        if (!['apiVersion', 'kind', 'metadata', 'status'].includes(key)) {
          delete applied[key];
        }
      }
      for (const key of Object.keys(appliedMeta)) {
        if (key !== 'name' && key !== 'namespace') {
          delete appliedMeta[key];
        }
      }
    } else {
      for (const path of exclude) {
        deletePath(applied, path);
      }
    }
    const newSet = this.scopedLeaves(target, applied);

    const live: JsonObject = existing
      ? clone(existing.object)
      : {
          apiVersion: def.apiVersion,
          kind: def.kind,
          metadata: {
            name,
            ...(def.namespaced ? { namespace: target.namespace } : {}),
          },
        };
    const merged = mergeApplied(live, applied);
    const managers = (existing?.managers ?? []).map(m => ({
      ...m,
      fields: m.fields.clone(),
    }));
    const subresource = target.subresource;
    const isApplier = (m: ManagerEntry) =>
      m.manager === fieldManager &&
      m.operation === 'Apply' &&
      m.subresource === subresource;
    const others = managers.filter(m => !isApplier(m));

    // Fields this manager applied before and leaves out now are removed, unless someone else owns them.
    const previous = managers.find(isApplier)?.fields ?? new FieldSet();
    const ownedByOthers = (path: FieldPath) =>
      others.some(m => m.fields.overlapping(path).length > 0) ||
      newSet.overlapping(path).length > 0;
    for (const path of previous.paths()) {
      if (!newSet.has(path) && !ownedByOthers(path)) {
        deletePath(
          merged,
          path,
          p =>
            others.some(m => m.fields.paths().some(o => isPrefix(p, o))) ||
            newSet.paths().some(o => isPrefix(p, o)),
        );
      }
    }

    // A field another manager owns may only change with force.
    const conflicts: Array<{ manager: ManagerEntry; path: FieldPath }> = [];
    for (const m of others) {
      for (const owned of m.fields.paths()) {
        if (
          newSet.overlapping(owned).length > 0 &&
          !deepEqual(getPath(live, owned), getPath(merged, owned))
        ) {
          conflicts.push({ manager: m, path: owned });
        }
      }
    }
    if (conflicts.length && !force) {
      // structured-merge-diff reports conflicts in field path order.
      conflicts.sort(
        (a, b) =>
          others.indexOf(a.manager) - others.indexOf(b.manager) ||
          comparePaths(a.path, b.path),
      );
      return this.applyConflict(conflicts);
    }
    for (const { manager, path } of conflicts) {
      manager.fields.delete(path);
    }

    let entry = managers.find(isApplier);
    if (!entry) {
      entry = {
        manager: fieldManager,
        operation: 'Apply',
        apiVersion: def.apiVersion,
        time: rfc3339(this.now()),
        fields: newSet,
        ...(subresource ? { subresource } : {}),
      };
      managers.push(entry);
    } else if (!entry.fields.equals(newSet) || !deepEqual(live, merged)) {
      entry.fields = newSet;
      entry.apiVersion = def.apiVersion;
      entry.time = rfc3339(this.now());
    }
    return this.commit(
      target,
      existing,
      merged,
      managers.filter(m => m.fields.size > 0),
      dryRun,
      flags,
    );
  }

  private applyConflict(
    conflicts: Array<{ manager: ManagerEntry; path: FieldPath }>,
  ): never {
    const describe = (m: ManagerEntry) => {
      const sub = m.subresource ? ` with subresource "${m.subresource}"` : '';
      const at = m.operation === 'Update' ? ` at ${m.time}` : '';
      return `${JSON.stringify(m.manager)}${sub} using ${m.apiVersion}${at}`;
    };
    const causes = conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${describe(c.manager)}`,
      field: pathString(c.path),
    }));
    let message: string;
    if (conflicts.length === 1) {
      message = `Apply failed with 1 conflict: conflict with ${describe(
        conflicts[0].manager,
      )}: ${pathString(conflicts[0].path)}`;
    } else {
      const byManager = new Map<string, string[]>();
      for (const c of conflicts) {
        const key = describe(c.manager);
        byManager.set(key, [...(byManager.get(key) ?? []), pathString(c.path)]);
      }
      const lines: string[] = [];
      for (const key of [...byManager.keys()].sort()) {
        lines.push(`conflicts with ${key}:`);
        for (const path of byManager.get(key)!) {
          lines.push(`- ${path}`);
        }
      }
      message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
        '\n',
      )}`;
    }
    // NewApplyConflict leaves name, group and kind out of the details.
    throw new StatusError(failureStatus(409, 'Conflict', message, { causes }));
  }

  /** Defaulting, validation, admission, then store (or not, for dry runs). */
  private commit(
    target: Target,
    existing: StoredEntry | undefined,
    candidate: JsonObject,
    managers: ManagerEntry[],
    dryRun: boolean,
    flags: { skipAdmission?: boolean },
  ): Reply {
    const { def } = target;
    const name = target.name!;
    const meta = metadataOf(candidate);
    if (!existing) {
      this.requireNamespace(target);
    }
    def.defaults?.(candidate);
    def.validate?.(candidate);

    if (!existing) {
      meta.uid = randomUUID();
      meta.creationTimestamp = rfc3339(this.now());
      if (def.generation) {
        meta.generation = 1;
      }
    } else if (def.generation) {
      const old = existing.object;
      const specChanged = Object.keys({ ...old, ...candidate })
        .filter(k => !['apiVersion', 'kind', 'metadata', 'status'].includes(k))
        .some(k => !deepEqual(old[k], candidate[k]));
      meta.generation =
        Number(metadataOf(old).generation ?? 1) + (specChanged ? 1 : 0);
    }

    const next: StoredEntry = {
      def,
      namespace: target.namespace,
      name,
      object: candidate,
      managers,
    };

    if (
      def === INFERENCE_SERVICE &&
      !target.subresource &&
      !flags.skipAdmission
    ) {
      const rendered = this.render(next);
      const denial =
        kserveWebhookDenial(candidate) ??
        this.options.admission?.(rendered, {
          operation: existing ? 'UPDATE' : 'CREATE',
          dryRun,
          kind: def.kind,
          namespace: target.namespace,
          name,
          ...(existing ? { oldObject: this.render(existing) } : {}),
        });
      if (denial !== undefined) {
        fail(
          403,
          'Forbidden',
          `admission webhook "${this.webhookName}" denied the request: ${denial}`,
        );
      }
    }

    if (existing) {
      const unchanged =
        deepEqual(existing.object, candidate) &&
        existing.managers.length === managers.length &&
        existing.managers.every(
          (m, i) =>
            m.manager === managers[i].manager &&
            m.operation === managers[i].operation &&
            m.fields.equals(managers[i].fields),
        );
      if (unchanged) {
        return { status: 200, body: this.render(existing) };
      }
    }
    if (dryRun) {
      return { status: existing ? 200 : 201, body: this.render(next) };
    }
    this.revision += 1;
    meta.resourceVersion = String(this.revision);
    this.store.set(storeKey(def, target.namespace, name), next);
    return { status: existing ? 200 : 201, body: this.render(next) };
  }

  private remove(target: Target, query: Record<string, string>): Reply {
    const options = this.writeOptions('DeleteOptions', query);
    const entry = this.mustGet(target);
    if (!options.dryRun) {
      this.store.delete(storeKey(target.def, target.namespace, target.name!));
      if (target.def === NAMESPACE) {
        for (const [key, other] of this.store) {
          if (other.def.namespaced && other.namespace === target.name) {
            this.store.delete(key);
          }
        }
      }
      this.revision += 1;
    }
    const status: KubernetesStatus = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: target.name,
        ...(target.def.group ? { group: target.def.group } : {}),
        kind: target.def.plural,
        uid: String(metadataOf(entry.object).uid),
      },
      code: 200,
    } as KubernetesStatus;
    return { status: 200, body: status };
  }
}

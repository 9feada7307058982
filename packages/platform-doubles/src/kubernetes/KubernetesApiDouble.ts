/*
 * Test double of a Kubernetes API server with KServe installed, serving what the portal asks of a cluster
 * through @kubernetes/client-node 1.x and the Backstage Kubernetes plugin:
 * - discovery of /api/v1 and /apis/serving.kserve.io/v1beta1, which KubernetesObjectApi resolves kinds with;
 * - lists of Pods, Services and InferenceServices in a namespace or across all namespaces, with an
 *   equality-based `labelSelector`, `limit` and `continue` (the KServe catalog provider pages through them,
 *   the Kubernetes plugin selects by `backstage.io/kubernetes-id`);
 * - get, create (POST), replace (PUT) and server-side apply (PATCH `application/apply-patch+yaml`,
 *   https://kubernetes.io/docs/reference/using-api/server-side-apply/) of Secrets, ServiceAccounts and
 *   InferenceServices, as kubernetes:apply writes them: field managers, `metadata.managedFields` in FieldsV1,
 *   FieldManagerConflict 409s and `force`, and `dryRun=All` running every stage without storing;
 * - InferenceService writes validated against the KServe v0.20 CRD schema (422 Invalid with causes) and then
 *   through the KServe validating webhook plus a pluggable hook (`admission webhook "..." denied the request:
 *   ...`, 403);
 * - bearer token authentication (401) and RBAC refusals with the Forbidden Status the API server writes
 *   (k8s.io/apiserver responsewriters forbiddenMessage, apimachinery errors.NewForbidden).
 * Errors are `Status` objects (k8s.io/apimachinery/pkg/api/errors) with the API server's messages, and every
 * response is `application/json`. What the portal does not use is not served: watch, delete, the other patch
 * types, the `/status` subresource over HTTP (controllers' status writes are the helpers
 * setInferenceServiceStatus and addPod), Namespaces as objects, field selectors.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { type LocalServer, sendText } from '../support/http';
import { receiveRequest } from '../support/receive';
import { ProtocolDouble } from '../support/ProtocolDouble';
import {
  type JsonObject,
  clone,
  deepEqual,
  deletePath,
  isPlainObject,
} from './fields';
import {
  type ManagerEntry,
  applyConfiguration,
  fieldScope,
  managedFieldsOf,
  recordUpdate,
  rfc3339,
  sameManagers,
} from './managedFields';
import { type KubernetesPodInput, podObject, podStatus } from './pods';
import {
  APPLY_PATCH,
  INFERENCE_SERVICE,
  POD,
  RESOURCES,
  type ResourceDefinition,
  kserveWebhookDenial,
  qualifiedResource,
} from './resources';
import {
  type StatusCause,
  StatusError,
  defaultStatusBody,
  fail,
  failureStatus,
  invalid,
} from './status';
import { YamlDecodeError, decodeYaml } from './yaml';

export type { KubernetesPodInput } from './pods';

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
 * What the admission hook is told about an InferenceService write.
 *
 * @public
 */
export interface KubernetesAdmissionRequest {
  operation: 'CREATE' | 'UPDATE';
  /** Whether the request is a `dryRun=All` request (webhooks with sideEffects None see those too). */
  dryRun: boolean;
  namespace: string;
  name: string;
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
  /** Namespaces that exist. Default `['default']`. */
  namespaces?: string[];
  /** The name the API server knows the caller by, quoted in 403 messages. Default `system:serviceaccount:default:default`. */
  user?: string;
}

/**
 * Requests RBAC refuses. A rule with a namespace refuses requests in that namespace and requests across all
 * namespaces (a grant at the cluster scope would include that namespace); a rule without one refuses only
 * requests across all namespaces, like a service account bound to namespaced Roles.
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
  /** Verbs refused (`get`, `list`, `create`, `update`, `patch`). Default: all. */
  verbs?: string[];
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

interface StoredEntry {
  def: ResourceDefinition;
  namespace: string;
  name: string;
  /** The object without managedFields. */
  object: JsonObject;
  managers: ManagerEntry[];
}

/** What a request (or a helper) addresses: a collection without `name`, across all namespaces without `namespace`. */
interface Target {
  def: ResourceDefinition;
  namespace?: string;
  name?: string;
  /** Only the helpers write to `status`, as the controllers that own it do. */
  subresource?: 'status';
}

/** A target naming one object. */
type ObjectTarget = Target & { namespace: string; name: string };

interface Reply {
  status: number;
  body: unknown;
}

interface WriteOptions {
  dryRun: boolean;
  fieldManager?: string;
  force: boolean;
}

const WEBHOOK = 'inferenceservice.kserve-webhook-server.validator.webhook';
const META_GROUP = { kind: '', group: 'meta.k8s.io' };
/** Metadata the server sets; what a client sends for them is ignored. */
const SERVER_SET_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
];

function storeKey(def: ResourceDefinition, namespace: string, name: string) {
  return `${def.group}/${def.plural}/${namespace}/${name}`;
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
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'labels',
    'annotations',
    'ownerReferences',
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

function pageNotFound(): never {
  return fail(
    404,
    'NotFound',
    'the server could not find the requested resource',
  );
}

function methodNotAllowed(): never {
  return fail(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

/** Go's strconv.ParseBool, which the API server decodes boolean query parameters with. */
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

/** Equality-based label selector requirements: `a=b`, `a==b`, `a!=b`, `a` (exists) and `!a`. */
function labelSelectorMatcher(
  selector: string | undefined,
): (labels: Record<string, unknown>) => boolean {
  if (!selector?.trim()) {
    return () => true;
  }
  const tests = selector.split(',').map(raw => {
    const part = raw.trim();
    let m = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return (labels: Record<string, unknown>) =>
        op === '!=' ? labels[key] !== value : labels[key] === value;
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

/** The HTTP method's verb as RBAC and discovery name it. */
function verbOf(method: string, target: Target): string | undefined {
  const named = target.name !== undefined;
  switch (method) {
    case 'GET':
      return named ? 'get' : 'list';
    case 'POST':
      return named ? undefined : 'create';
    case 'PUT':
      return named ? 'update' : undefined;
    case 'PATCH':
      return named ? 'patch' : undefined;
    default:
      return undefined;
  }
}

/**
 * A Kubernetes API server double (with KServe's InferenceService CRD and validating webhook) on 127.0.0.1,
 * for tests of code that uses @kubernetes/client-node or the Backstage Kubernetes plugin.
 *
 * @public
 */
export class KubernetesApiDouble extends ProtocolDouble {
  /** Base URL of the API server (the kubeconfig `server`). */
  readonly url: string;

  private readonly store = new Map<string, StoredEntry>();
  private readonly namespaces = new Set<string>();
  private forbidden: KubernetesForbiddenRule[] = [];
  /** The store's resourceVersion: increments on every stored change. */
  private revision = 1;

  private constructor(
    private readonly options: KubernetesApiDoubleOptions,
    server: LocalServer,
  ) {
    super(server, 10_000);
    this.url = server.origin;
    this.reset();
  }

  /** Starts a Kubernetes API double on 127.0.0.1, on a random free port. */
  static async start(
    options: KubernetesApiDoubleOptions = {},
  ): Promise<KubernetesApiDouble> {
    return ProtocolDouble.listen(
      undefined,
      server => new KubernetesApiDouble(options, server),
    );
  }

  /**
   * A Backstage `kubernetes.clusterLocatorMethods[].clusters[]` entry pointing at this double (plain HTTP, so
   * `skipTLSVerify` is set, which @kubernetes/client-node requires for http URLs).
   */
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

  /** One stored object, or undefined. */
  getObject(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ): KubernetesStoredObject | undefined {
    const def = RESOURCES.find(
      r => r.apiVersion === apiVersion && r.kind === kind,
    );
    const entry = def && this.store.get(storeKey(def, namespace, name));
    return entry ? this.render(entry) : undefined;
  }

  /**
   * Stores a Secret, ServiceAccount or InferenceService (namespace `default` unless it names one) as if
   * `fieldManager` (default `kubectl`) had server-side applied it with force. Runs the API server's
   * defaulting and validation but not the admission webhook.
   */
  addObject(
    object: KubernetesStoredObject,
    options: { fieldManager?: string } = {},
  ): KubernetesStoredObject {
    const def = RESOURCES.find(
      r => r.apiVersion === object.apiVersion && r.kind === object.kind,
    );
    if (!def?.verbs.includes('patch')) {
      throw new Error(
        `The Kubernetes double does not store ${object.apiVersion} ${object.kind} objects through addObject (Pods: addPod)`,
      );
    }
    const target = {
      def,
      namespace: String(object.metadata?.namespace ?? 'default'),
      name: String(object.metadata?.name ?? ''),
    };
    const reply = this.apply(target, JSON.stringify(object), {
      fieldManager: options.fieldManager ?? 'kubectl',
      force: true,
      dryRun: false,
      skipAdmission: true,
    });
    return reply.body as KubernetesStoredObject;
  }

  /**
   * Replaces the status of an InferenceService as the KServe controller does, through the `/status`
   * subresource (field manager `kserve-controller`): readiness, conditions, url, traffic, model status...
   */
  setInferenceServiceStatus(
    namespace: string,
    name: string,
    status: Record<string, unknown>,
  ): KubernetesStoredObject {
    return this.writeStatus(
      { def: INFERENCE_SERVICE, namespace, name },
      status,
      'kserve-controller',
    );
  }

  /**
   * Stores a Pod (creating its namespace if needed) with the API server's defaults and the status the kubelet
   * reports: phase, conditions, IPs and container statuses.
   */
  addPod(input: KubernetesPodInput): KubernetesStoredObject {
    const target = {
      def: POD,
      namespace: input.namespace ?? 'default',
      name: input.name,
    };
    this.namespaces.add(target.namespace);
    this.apply(target, JSON.stringify(podObject(input, target.namespace)), {
      fieldManager: 'kubectl',
      force: true,
      dryRun: false,
    });
    const podIp = `10.244.1.${(this.revision % 250) + 2}`;
    return this.writeStatus(
      target,
      podStatus(input, rfc3339(new Date()), podIp),
      'kubelet',
    );
  }

  /** Replaces what RBAC refuses the caller (see {@link KubernetesForbiddenRule}); `[]` allows everything. */
  setForbidden(rules: KubernetesForbiddenRule[]): void {
    this.forbidden = [...rules];
  }

  /** Removes every object and namespace except the namespaces given at start. */
  reset(): void {
    this.store.clear();
    this.namespaces.clear();
    for (const namespace of this.options.namespaces ?? ['default']) {
      this.namespaces.add(namespace);
    }
    this.revision += 1;
  }

  /** A controller's write to the status subresource of a stored object. */
  private writeStatus(
    target: ObjectTarget,
    status: Record<string, unknown>,
    fieldManager: string,
  ): KubernetesStoredObject {
    const entry = this.store.get(
      storeKey(target.def, target.namespace, target.name),
    );
    if (!entry) {
      throw new Error(
        `No ${target.def.kind} ${target.namespace}/${target.name} in the Kubernetes double`,
      );
    }
    const candidate = clone(entry.object);
    candidate.status = clone(status);
    const reply = this.update(
      { ...target, subresource: 'status' },
      entry,
      candidate,
      fieldManager,
      false,
    );
    return reply.body as KubernetesStoredObject;
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
    if (token !== undefined && headers.authorization !== `Bearer ${token}`) {
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
    // /api/v1/... for the core group, /apis/<group>/<version>/... for the others.
    const [group, version, rest] =
      segments[0] === 'api'
        ? ['', segments[1], segments.slice(2)]
        : [segments[1], segments[2], segments.slice(3)];
    const defs = RESOURCES.filter(
      r =>
        (segments[0] === 'api' || segments[0] === 'apis') &&
        r.group === group &&
        r.version === version,
    );
    if (!defs.length) {
      return pageNotFound();
    }
    if (!rest.length) {
      if (method !== 'GET') {
        return methodNotAllowed();
      }
      return { status: 200, body: this.resourceList(group, version, defs) };
    }

    const target = this.parseTarget(defs, rest);
    const verb = verbOf(method, target);
    this.authorize(verb, target);
    // Across all namespaces, namespaced resources can only be listed.
    if (
      !verb ||
      !target.def.verbs.includes(verb) ||
      (target.namespace === undefined && verb !== 'list')
    ) {
      return methodNotAllowed();
    }
    if (verb === 'list') {
      return this.list(target, query, flags.emptyListing);
    }
    const one = target as ObjectTarget;
    switch (verb) {
      case 'get':
        return { status: 200, body: this.render(this.mustGet(one)) };
      case 'create':
        return this.create(one, query, headers, body);
      case 'update':
        return this.replace(one, query, headers, body);
      default:
        return this.applyRequest(one, query, headers, body);
    }
  }

  /** `<plural>` (every namespace), `namespaces/<ns>/<plural>` or `namespaces/<ns>/<plural>/<name>`. */
  private parseTarget(defs: ResourceDefinition[], rest: string[]): Target {
    const inNamespace = rest[0] === 'namespaces' && rest.length >= 3;
    const [plural, name, ...extra] = inNamespace ? rest.slice(2) : rest;
    const def = defs.find(d => d.plural === plural);
    if (!def || extra.length || (!inNamespace && name !== undefined)) {
      return pageNotFound();
    }
    return inNamespace ? { def, namespace: rest[1], name } : { def };
  }

  /** Refuses a request RBAC does not allow, with the Forbidden Status of the API server. */
  private authorize(verb: string | undefined, target: Target): void {
    const { def, namespace, name } = target;
    const refused = this.forbidden.some(
      rule =>
        rule.resource === def.plural &&
        (rule.group === undefined || rule.group === def.group) &&
        (rule.verbs === undefined || rule.verbs.includes(verb ?? '')) &&
        (namespace === undefined || rule.namespace === namespace),
    );
    if (!verb || !refused) {
      return;
    }
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
        this.options.user ?? 'system:serviceaccount:default:default'
      }" cannot ${verb} resource "${def.plural}" in API group "${
        def.group
      }" ${scope}`,
      { name, group: def.group, kind: def.plural },
    );
  }

  private resourceList(
    group: string,
    version: string,
    defs: ResourceDefinition[],
  ) {
    return {
      kind: 'APIResourceList',
      ...(group ? { apiVersion: 'v1' } : {}),
      groupVersion: group ? `${group}/${version}` : version,
      resources: defs.map(def => ({
        name: def.plural,
        singularName: def.singular,
        namespaced: true,
        kind: def.kind,
        verbs: def.verbs,
        ...(def.shortNames ? { shortNames: def.shortNames } : {}),
      })),
    };
  }

  // ---------------------------------------------------------------- reads

  private mustGet(target: ObjectTarget): StoredEntry {
    const entry = this.store.get(
      storeKey(target.def, target.namespace, target.name),
    );
    return entry ?? notFound(target.def, target.name);
  }

  private list(
    target: Target,
    query: Record<string, string>,
    empty: boolean,
  ): Reply {
    const { def, namespace } = target;
    const selected = labelSelectorMatcher(query.labelSelector);
    const position = (e: StoredEntry) => `${e.namespace}/${e.name}`;
    let entries = empty
      ? []
      : [...this.store.values()]
          .filter(
            e =>
              e.def === def &&
              (namespace === undefined || e.namespace === namespace) &&
              selected((metadataOf(e.object).labels ?? {}) as JsonObject),
          )
          .sort((a, b) => (position(a) < position(b) ? -1 : 1));

    // The continue token carries the resourceVersion of the first page and the last item sent; this double
    // keeps no history, so later pages show the store as it is now.
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
      entries = entries.filter(e => position(e) > String(token.start ?? ''));
    }
    const limit = query.limit ? Number(query.limit) : 0;
    const metadata: JsonObject = { resourceVersion };
    if (limit > 0 && entries.length > limit) {
      metadata.continue = Buffer.from(
        JSON.stringify({
          rv: resourceVersion,
          start: position(entries[limit - 1]),
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
      meta.managedFields = managedFieldsOf(entry.managers);
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

  /** Validates the common write options (CreateOptions, UpdateOptions, PatchOptions). */
  private writeOptions(
    optionsKind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions',
    query: Record<string, string>,
  ): WriteOptions {
    const causes: StatusCause[] = [];
    const fieldManager = query.fieldManager || undefined;
    if (optionsKind === 'PatchOptions' && !fieldManager) {
      causes.push({
        reason: 'FieldValueRequired',
        message: 'Required value: is required for apply patch',
        field: 'fieldManager',
      });
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
      // Only PatchOptions has `force`.
      force: optionsKind === 'PatchOptions' && parseBool(query.force, 'force'),
    };
  }

  /** The body of a POST or PUT: JSON, or YAML as sigs.k8s.io/yaml reads it. */
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
        value = decodeYaml(body);
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
    return value;
  }

  /** The object's namespace must be the request's, or absent (then it is the request's). */
  private checkNamespace(target: ObjectTarget, obj: JsonObject): void {
    const meta = metadataOf(obj);
    if (meta.namespace !== undefined && meta.namespace !== target.namespace) {
      badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = target.namespace;
  }

  private checkName(target: ObjectTarget, name: unknown): void {
    if (name !== target.name) {
      badRequest(
        `the name of the object (${String(
          name ?? '',
        )}) does not match the name on the URL (${target.name})`,
      );
    }
  }

  private staleConflict(target: ObjectTarget): never {
    return fail(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(target.def)} "${
        target.name
      }": the object has been modified; please apply your changes to the latest version and try again`,
      { name: target.name, group: target.def.group, kind: target.def.plural },
    );
  }

  /** Without `fieldManager`, the API server names the manager after the client's User-Agent. */
  private managerOf(options: WriteOptions, headers: http.IncomingHttpHeaders) {
    const agent = String(headers['user-agent'] ?? 'unknown');
    return (
      options.fieldManager ?? (agent.split('/')[0].slice(0, 128) || 'unknown')
    );
  }

  /** POST to a collection. */
  private create(
    target: Target & { namespace: string },
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): Reply {
    const options = this.writeOptions('CreateOptions', query);
    const obj = this.decodeObject(body, headers, target.def);
    const meta = metadataOf(obj);
    if (typeof meta.name !== 'string' || !meta.name) {
      invalid(target.def, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
    }
    const full: ObjectTarget = { ...target, name: meta.name as string };
    this.checkNamespace(full, obj);
    if (this.store.has(storeKey(full.def, full.namespace, full.name))) {
      fail(
        409,
        'AlreadyExists',
        `${qualifiedResource(full.def)} "${full.name}" already exists`,
        { name: full.name, group: full.def.group, kind: full.def.plural },
      );
    }
    for (const key of [...SERVER_SET_METADATA, 'managedFields']) {
      delete meta[key];
    }
    if (full.def.statusSubresource) {
      delete obj.status;
    }
    return this.update(
      full,
      undefined,
      obj,
      this.managerOf(options, headers),
      options.dryRun,
    );
  }

  /** PUT of a whole object; `metadata.resourceVersion` makes it conditional (and custom resources need it). */
  private replace(
    target: ObjectTarget,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): Reply {
    const options = this.writeOptions('UpdateOptions', query);
    const obj = this.decodeObject(body, headers, target.def);
    const existing = this.mustGet(target);
    const meta = metadataOf(obj);
    this.checkName(target, meta.name);
    this.checkNamespace(target, obj);
    if (meta.resourceVersion === undefined || meta.resourceVersion === '') {
      if (!target.def.unconditionalUpdate) {
        invalid(target.def, target.name, [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 0x0: must be specified for an update',
            field: 'metadata.resourceVersion',
          },
        ]);
      }
    } else if (
      String(meta.resourceVersion) !==
      metadataOf(existing.object).resourceVersion
    ) {
      this.staleConflict(target);
    }
    // The server keeps what it set, and status is only written through its subresource.
    const old = metadataOf(existing.object);
    for (const key of SERVER_SET_METADATA) {
      if (old[key] === undefined) {
        delete meta[key];
      } else {
        meta[key] = old[key];
      }
    }
    delete meta.managedFields;
    if (target.def.statusSubresource) {
      if (existing.object.status === undefined) {
        delete obj.status;
      } else {
        obj.status = clone(existing.object.status);
      }
    }
    return this.update(
      target,
      existing,
      obj,
      this.managerOf(options, headers),
      options.dryRun,
    );
  }

  /** PATCH: server-side apply is the only patch type served. */
  private applyRequest(
    target: ObjectTarget,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): Reply {
    const patchType = String(headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (patchType !== APPLY_PATCH) {
      // The real server also takes JSON, merge and (core types) strategic merge patches; the portal sends
      // none, so the double answers as for a content type it does not know.
      fail(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${APPLY_PATCH}`,
      );
    }
    const options = this.writeOptions('PatchOptions', query);
    return this.apply(target, body, {
      fieldManager: options.fieldManager!,
      force: options.force,
      dryRun: options.dryRun,
    });
  }

  /** A non-apply write (create, replace, a controller's status write): the manager takes every field it changed. */
  private update(
    target: ObjectTarget,
    existing: StoredEntry | undefined,
    candidate: JsonObject,
    manager: string,
    dryRun: boolean,
  ): Reply {
    const { def, subresource } = target;
    const managers = recordUpdate(
      existing?.managers ?? [],
      existing?.object ?? {},
      candidate,
      {
        manager,
        apiVersion: def.apiVersion,
        scope: fieldScope(def.statusSubresource, subresource),
        subresource,
      },
    );
    return this.commit(target, existing, candidate, managers, { dryRun });
  }

  /** Server-side apply of `body` (YAML, so also JSON) by `fieldManager`. */
  private apply(
    target: ObjectTarget,
    body: string,
    options: WriteOptions & { fieldManager: string; skipAdmission?: boolean },
  ): Reply {
    const { def, name } = target;
    let decoded: unknown;
    try {
      decoded = decodeYaml(body);
    } catch (e) {
      if (e instanceof YamlDecodeError) {
        return badRequest(`error decoding YAML: ${e.message}`);
      }
      throw e;
    }
    // sigs.k8s.io/yaml decodes into a map: null leaves it empty, anything but a mapping is refused.
    const applied = decoded ?? {};
    if (!isPlainObject(applied)) {
      const type = Array.isArray(applied)
        ? 'array'
        : { boolean: 'bool' }[typeof applied as string] ?? typeof applied;
      return badRequest(
        `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
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
    if (appliedMeta.name !== undefined) {
      this.checkName(target, appliedMeta.name);
    }
    this.checkNamespace(target, applied);
    appliedMeta.name = name;

    const existing = this.store.get(storeKey(def, target.namespace, name));
    if (
      existing &&
      appliedMeta.resourceVersion !== undefined &&
      String(appliedMeta.resourceVersion) !==
        metadataOf(existing.object).resourceVersion
    ) {
      this.staleConflict(target);
    }
    for (const key of SERVER_SET_METADATA) {
      delete appliedMeta[key];
    }
    // Apply to the main resource ignores status, which belongs to the status subresource.
    const { exclude } = fieldScope(def.statusSubresource);
    for (const path of exclude) {
      deletePath(applied, path);
    }
    const live: JsonObject = existing
      ? clone(existing.object)
      : {
          apiVersion: def.apiVersion,
          kind: def.kind,
          metadata: { name, namespace: target.namespace },
        };
    const { merged, managers } = applyConfiguration(
      live,
      applied,
      existing?.managers ?? [],
      {
        manager: options.fieldManager,
        apiVersion: def.apiVersion,
        force: options.force,
        exclude,
      },
    );
    return this.commit(target, existing, merged, managers, options);
  }

  /** Defaulting, validation, admission, then store (or not, for dry runs). */
  private commit(
    target: ObjectTarget,
    existing: StoredEntry | undefined,
    candidate: JsonObject,
    managers: ManagerEntry[],
    options: { dryRun: boolean; skipAdmission?: boolean },
  ): Reply {
    const { def, namespace, name } = target;
    const meta = metadataOf(candidate);
    if (!existing && !this.namespaces.has(namespace)) {
      fail(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
    def.defaults?.(candidate);
    def.validate?.(candidate);

    if (!existing) {
      meta.uid = randomUUID();
      meta.creationTimestamp = rfc3339(new Date());
      if (def.generation) {
        meta.generation = 1;
      }
    } else if (def.generation) {
      // Custom resources count changes to anything but metadata and status.
      const old = existing.object;
      const specChanged = Object.keys({ ...old, ...candidate })
        .filter(k => !['apiVersion', 'kind', 'metadata', 'status'].includes(k))
        .some(k => !deepEqual(old[k], candidate[k]));
      meta.generation =
        Number(metadataOf(old).generation ?? 1) + (specChanged ? 1 : 0);
    }

    const next: StoredEntry = {
      def,
      namespace,
      name,
      object: candidate,
      managers,
    };

    if (
      def === INFERENCE_SERVICE &&
      !target.subresource &&
      !options.skipAdmission
    ) {
      const denial =
        kserveWebhookDenial(candidate) ??
        this.options.admission?.(this.render(next), {
          operation: existing ? 'UPDATE' : 'CREATE',
          dryRun: options.dryRun,
          namespace,
          name,
        });
      if (denial !== undefined) {
        fail(
          403,
          'Forbidden',
          `admission webhook "${WEBHOOK}" denied the request: ${denial}`,
        );
      }
    }

    // A write that changes nothing keeps the resourceVersion.
    if (
      existing &&
      deepEqual(existing.object, candidate) &&
      sameManagers(existing.managers, managers)
    ) {
      return { status: 200, body: this.render(existing) };
    }
    if (!options.dryRun) {
      this.revision += 1;
      meta.resourceVersion = String(this.revision);
      this.store.set(storeKey(def, namespace, name), next);
    }
    return { status: existing ? 200 : 201, body: this.render(next) };
  }
}

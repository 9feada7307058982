/*
 * Test double of an MLflow tracking server (MLflow 2.x / 3.x) for the Model Registry reads of a catalog
 * provider, following mlflow/server/handlers.py and the REST API reference (docs/api_reference/source/
 * rest-api.rst): GET /api/2.0/mlflow/registered-models/search, registered-models/get, model-versions/search and
 * runs/get, also under /ajax-api/2.0/mlflow/ as the server registers them. Each route is GET only in the
 * protos (model_registry.proto, service.proto), so Flask answers other methods with its 405 page.
 * Parameters are checked as _get_request_message does (max_results must be int-like and at most 1000 for
 * registered models, 200000 for versions; name and run_id are required) and refusals are MlflowException
 * bodies `{"error_code": ..., "message": ...}` with ERROR_CODE_TO_HTTP_STATUS. With `auth`, requests without
 * the right credentials get what `mlflow server --app-name basic-auth` answers (mlflow/server/auth).
 * Search semantics, paging and the shapes of the documents are described in search.ts and registry.ts.
 */
import type http from 'node:http';
import { type LocalServer, sendText } from '../support/http';
import { receiveRequest } from '../support/receive';
import { ProtocolDouble } from '../support/ProtocolDouble';
import {
  type ChildProcessDouble,
  startDoubleInChildProcess,
} from '../support/childProcess';
import {
  HtmlAnswerError,
  type MlflowAnswer,
  MlflowError,
  doesNotExist,
  errorCodeForStatus,
  internalServerErrorPage,
  invalidParameter,
  invalidParameterValue,
  methodNotAllowedPage,
  missingParameter,
  notAuthenticatedAnswer,
  notFoundPage,
} from './errors';
import {
  type FilterClause,
  UnhandledTokenError,
  compare,
  modelVersionOrder,
  page,
  parseFilter,
  parsePageToken,
  registeredModelOrder,
  sortBy,
} from './search';
import {
  type MlflowModelInput,
  type MlflowRunInput,
  type ModelRecord,
  type RunRecord,
  type VersionRecord,
  modelJson,
  runJson,
  stableRunId,
  versionJson,
} from './registry';
import { syntheticModels } from './synthetic';

export type {
  MlflowDatasetInput,
  MlflowMetricInput,
  MlflowModelInput,
  MlflowModelVersionInput,
  MlflowModelVersionStatus,
  MlflowRunInput,
  MlflowRunStatus,
} from './registry';

/**
 * HTTP Basic credentials the server accepts (`mlflow server --app-name basic-auth`).
 *
 * @public
 */
export interface MlflowBasicAuth {
  type: 'basic';
  username: string;
  password: string;
}

/**
 * A bearer token the server (or the gateway in front of it) accepts.
 *
 * @public
 */
export interface MlflowBearerAuth {
  type: 'bearer';
  token: string;
}

/**
 * Options of {@link MlflowDouble.start}.
 *
 * @public
 */
export interface MlflowDoubleOptions {
  /** Credentials every request must carry (401 otherwise). Default: none, every request accepted. */
  auth?: MlflowBasicAuth | MlflowBearerAuth;
  /**
   * Generate `models` registered models (`model-0000`...) with `versionsPerModel` versions each, one run per
   * version with a few metrics, params and a training dataset.
   */
  synthetic?: { models: number; versionsPerModel: number };
  /** Maximum number of entries kept in `requests`. Default 100000. */
  requestLogLimit?: number;
  /** Clock for default timestamps, ms since epoch. Default Date.now. */
  now?: () => number;
  /** Port to listen on. Default: a random free port. */
  port?: number;
}

/**
 * A route of the double, as counted by {@link MlflowDouble.requestCount}.
 *
 * @public
 */
export type MlflowRoute =
  | 'registered-models/search'
  | 'registered-models/get'
  | 'model-versions/search'
  | 'runs/get';

/**
 * What {@link MlflowDouble.addModel} stored: the model name and each version with its run id and source.
 *
 * @public
 */
export interface MlflowAddedModel {
  name: string;
  versions: Array<{ version: string; runId?: string; source?: string }>;
}

/**
 * Handle of an MLflow double running in a child process.
 *
 * @public
 */
export type MlflowChildProcess = ChildProcessDouble;

const ROUTES: MlflowRoute[] = [
  'registered-models/search',
  'registered-models/get',
  'model-versions/search',
  'runs/get',
];

/** Paths the server registers each endpoint under (_get_paths: /api/2.0 and /ajax-api/2.0). */
const PATH = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+?)\/?$/;

const REGISTERED_MODEL_MAX_RESULTS = 1000;
const REGISTERED_MODEL_DEFAULT_RESULTS = 100;
const MODEL_VERSION_MAX_RESULTS = 200_000;
const MODEL_VERSION_DEFAULT_RESULTS = 200_000;
const PROMPT_TAG = 'mlflow.prompt.is_prompt';

/** The query parameters of one request, with repeated fields kept. */
class RequestArgs {
  constructor(private readonly params: URLSearchParams) {}

  has(name: string): boolean {
    return this.params.has(name);
  }

  /** Flask's `request.args.get`: the first value. */
  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  getAll(name: string): string[] {
    return this.params.getAll(name);
  }
}

/** Whether protobuf's JSON parser takes `value` for an int64 field (json_format._ConvertInteger). */
function isIntLike(value: string): boolean {
  return /^[+-]?\d+$/.test(value);
}

/** Reads `max_results` as _get_request_message and the handler's schema do. */
function maxResults(
  args: RequestArgs,
  threshold: number,
  fallback: number,
): number {
  if (!args.has('max_results')) {
    return fallback;
  }
  const raw = args.get('max_results')!;
  if (!isIntLike(raw) || Number(raw) > threshold) {
    invalidParameterValue('max_results', raw);
  }
  return Number(raw);
}

/**
 * A protocol-faithful MLflow tracking server (Model Registry reads and runs/get) on 127.0.0.1 for tests and
 * benchmarks.
 *
 * @public
 */
export class MlflowDouble extends ProtocolDouble {
  /** Base URL the client configures (the tracking URI); it calls `${url}/api/2.0/mlflow/...`. */
  readonly url: string;

  private readonly models = new Map<string, ModelRecord>();
  private readonly runs = new Map<string, RunRecord>();
  private readonly counts = new Map<MlflowRoute, number>();
  private readonly now: () => number;
  private sortedNames: string[] | undefined;

  private constructor(
    private readonly options: MlflowDoubleOptions,
    server: LocalServer,
  ) {
    super(server, options.requestLogLimit ?? 100_000);
    this.url = server.origin;
    this.now = options.now ?? Date.now;
  }

  /** Starts an MLflow double on 127.0.0.1 (random free port unless `port` is given). */
  static async start(options: MlflowDoubleOptions = {}): Promise<MlflowDouble> {
    const double = await ProtocolDouble.listen(
      options.port,
      server => new MlflowDouble(options, server),
    );
    if (options.synthetic) {
      for (const model of syntheticModels(
        options.synthetic.models,
        options.synthetic.versionsPerModel,
      )) {
        double.addModel(model);
      }
    }
    return double;
  }

  /**
   * Starts an MLflow double in a separate Node.js process (so a benchmark does not share its CPU with the
   * double). Options must be JSON-serializable (no `now`, no RegExp paths in faults).
   */
  static startInChildProcess(
    options: Omit<MlflowDoubleOptions, 'now'> = {},
  ): Promise<MlflowChildProcess> {
    return startDoubleInChildProcess(require.resolve('./serve'), options);
  }

  /**
   * Registers a model with its versions, and stores the run of each version that has one. Throws when the
   * name is empty or taken, a version number repeats, or an alias names a version that does not exist.
   */
  addModel(input: MlflowModelInput): MlflowAddedModel {
    const name = input.name;
    if (!name) {
      throw new Error('An MLflow registered model needs a name');
    }
    if (this.models.has(name)) {
      throw new Error(
        `Registered model "${name}" already exists in the MLflow double`,
      );
    }
    const inputs = input.versions ?? [];
    const count = inputs.length;
    const created =
      input.creationTimestamp ?? this.now() - (count + 1) * 60_000;
    const versions: VersionRecord[] = [];
    const runs: RunRecord[] = [];
    let next = 1;
    for (const [index, v] of inputs.entries()) {
      const version = v.version ?? next;
      if (versions.some(existing => existing.version === version)) {
        throw new Error(`Model "${name}" has version ${version} twice`);
      }
      next = Math.max(next, version + 1);
      const versionCreated =
        v.creationTimestamp ?? created + (index + 1) * 60_000;
      let run: RunRecord | undefined;
      if (v.run) {
        run = this.runRecord(v.run, `${name}#${version}`, versionCreated);
        runs.push(run);
      }
      const runId = v.runId ?? run?.runId;
      versions.push({
        name,
        version,
        creationTimestamp: versionCreated,
        lastUpdatedTimestamp: v.lastUpdatedTimestamp ?? versionCreated,
        ...(v.userId !== undefined ? { userId: v.userId } : {}),
        stage: v.stage ?? 'None',
        description: v.description ?? '',
        source:
          v.source ??
          (run ? `${run.artifactUri}/model` : `models:/${name}/${version}`),
        ...(runId ? { runId } : {}),
        status: v.status ?? 'READY',
        ...(v.statusMessage ? { statusMessage: v.statusMessage } : {}),
        tags: Object.entries(v.tags ?? {}),
        runLink: v.runLink ?? '',
      });
    }
    versions.sort((a, b) => a.version - b.version);
    const aliases = new Map<string, number>();
    for (const [alias, version] of Object.entries(input.aliases ?? {})) {
      const number = Number(version);
      if (!versions.some(v => v.version === number)) {
        throw new Error(
          `Alias "${alias}" of model "${name}" names version ${version}, which does not exist`,
        );
      }
      aliases.set(alias, number);
    }
    const lastUpdated =
      input.lastUpdatedTimestamp ??
      Math.max(created, ...versions.map(v => v.lastUpdatedTimestamp));
    this.models.set(name, {
      name,
      creationTimestamp: created,
      lastUpdatedTimestamp: lastUpdated,
      ...(input.description !== undefined
        ? { description: input.description }
        : {}),
      tags: Object.entries(input.tags ?? {}),
      aliases,
      versions,
    });
    for (const run of runs) {
      this.runs.set(run.runId, run);
    }
    this.sortedNames = undefined;
    return {
      name,
      versions: versions.map(v => ({
        version: String(v.version),
        ...(v.runId ? { runId: v.runId } : {}),
        ...(v.source ? { source: v.source } : {}),
      })),
    };
  }

  /** Stores a run that no model version refers to; returns its id. */
  addRun(input: MlflowRunInput): string {
    const run = this.runRecord(
      input,
      `run#${this.runs.size}`,
      input.startTime ?? this.now(),
    );
    this.runs.set(run.runId, run);
    return run.runId;
  }

  /** Deletes a registered model and its versions (their runs stay, as in MLflow); returns whether it existed. */
  removeModel(name: string): boolean {
    this.sortedNames = undefined;
    return this.models.delete(name);
  }

  /** Removes every model and run. */
  reset(): void {
    this.models.clear();
    this.runs.clear();
    this.sortedNames = undefined;
  }

  /** Number of registered models held. */
  get modelCount(): number {
    return this.models.size;
  }

  /** How many requests reached `route` (refused ones included), or all routes together. */
  requestCount(route?: MlflowRoute): number {
    if (route) {
      return this.counts.get(route) ?? 0;
    }
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  /** Requests per route so far. */
  get requestCounts(): Record<MlflowRoute, number> {
    return Object.fromEntries(
      ROUTES.map(route => [route, this.counts.get(route) ?? 0]),
    ) as Record<MlflowRoute, number>;
  }

  // ---------------------------------------------------------------- content

  private runRecord(
    input: MlflowRunInput,
    seed: string,
    versionCreated: number,
  ): RunRecord {
    const runId = input.runId ?? stableRunId(seed);
    const experimentId = input.experimentId ?? '1';
    const startTime = input.startTime ?? versionCreated - 10 * 60_000;
    const status = input.status ?? 'FINISHED';
    const runName =
      input.runName ??
      input.tags?.['mlflow.runName'] ??
      `run-${runId.slice(0, 8)}`;
    const metrics = Array.isArray(input.metrics)
      ? input.metrics.map(m => ({
          key: m.key,
          value: m.value,
          timestamp: m.timestamp ?? startTime,
          step: m.step ?? 0,
        }))
      : Object.entries(input.metrics ?? {}).map(([key, value]) => ({
          key,
          value,
          timestamp: startTime + 60_000,
          step: 0,
        }));
    const tags = Object.entries({
      'mlflow.runName': runName,
      ...(input.userId !== undefined ? { 'mlflow.user': input.userId } : {}),
      ...input.tags,
    });
    return {
      runId,
      experimentId,
      runName,
      ...(input.userId !== undefined ? { userId: input.userId } : {}),
      status,
      startTime,
      ...(input.endTime !== undefined || status !== 'RUNNING'
        ? { endTime: input.endTime ?? startTime + 5 * 60_000 }
        : {}),
      artifactUri:
        input.artifactUri ??
        `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      lifecycleStage: input.lifecycleStage ?? 'active',
      metrics,
      params: Object.entries(input.params ?? {}),
      tags,
      datasets: input.datasets ?? [],
    };
  }

  private names(): string[] {
    if (!this.sortedNames) {
      this.sortedNames = [...this.models.keys()].sort();
    }
    return this.sortedNames;
  }

  // ---------------------------------------------------------------- HTTP

  protected internalError(error: unknown) {
    return new MlflowError(
      'INTERNAL_ERROR',
      String((error as Error)?.message ?? error),
    ).answer();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const route = PATH.exec(path)?.[1] as MlflowRoute | undefined;
    if (route && ROUTES.includes(route)) {
      this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
    }

    const received = await receiveRequest(req, res, {
      log: this.log,
      faults: this.faults,
      hasBody: method => method !== 'GET' && method !== 'HEAD',
      faultAnswer: status => {
        const answer = new MlflowError(
          errorCodeForStatus(status),
          `The MLflow server failed with HTTP ${status}`,
        ).answer();
        return { body: answer.body, headers: answer.headers };
      },
    });
    if (!received) return;

    let answer: MlflowAnswer;
    try {
      // The basic-auth app checks credentials in a before_request hook, before any routing.
      this.authenticate(req.headers);
      answer = this.route(
        received.method,
        route,
        new RequestArgs(new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))),
        received.emptyListing,
      );
    } catch (e) {
      if (e instanceof MlflowError || e instanceof HtmlAnswerError) {
        answer = e.answer();
      } else if (e instanceof UnhandledTokenError) {
        answer = internalServerErrorPage().answer();
      } else {
        throw e;
      }
    }
    const { 'Content-Type': contentType, ...headers } = answer.headers;
    sendText(
      res,
      answer.status,
      answer.body,
      { 'Content-Type': contentType ?? 'application/json', ...headers },
      received.truncate,
    );
  }

  private authenticate(headers: http.IncomingHttpHeaders): void {
    const auth = this.options.auth;
    if (!auth) {
      return;
    }
    const header = String(headers.authorization ?? '');
    if (auth.type === 'basic') {
      const m = /^Basic\s+(\S+)$/i.exec(header);
      const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      if (
        colon >= 0 &&
        decoded.slice(0, colon) === auth.username &&
        decoded.slice(colon + 1) === auth.password
      ) {
        return;
      }
    } else {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (m && m[1] === auth.token) {
        return;
      }
    }
    throw notAuthenticatedAnswer();
  }

  private route(
    method: string,
    route: MlflowRoute | undefined,
    args: RequestArgs,
    emptyListing: boolean,
  ): MlflowAnswer {
    if (!route || !ROUTES.includes(route)) {
      throw notFoundPage();
    }
    if (method === 'OPTIONS') {
      return {
        status: 200,
        body: '',
        headers: {
          'Content-Type': 'text/html; charset=utf-8',
          Allow: 'GET, HEAD, OPTIONS',
        },
      };
    }
    if (method !== 'GET' && method !== 'HEAD') {
      throw methodNotAllowedPage();
    }
    let document: unknown;
    switch (route) {
      case 'registered-models/search':
        document = this.searchRegisteredModels(args, emptyListing);
        break;
      case 'registered-models/get':
        document = this.getRegisteredModel(args);
        break;
      case 'model-versions/search':
        document = this.searchModelVersions(args, emptyListing);
        break;
      case 'runs/get':
        document = this.getRun(args);
        break;
      default:
        throw notFoundPage();
    }
    // message_to_json writes with indent=2.
    return {
      status: 200,
      body: JSON.stringify(document, null, 2),
      headers: { 'Content-Type': 'application/json' },
    };
  }

  private searchRegisteredModels(args: RequestArgs, empty: boolean) {
    const max = maxResults(
      args,
      REGISTERED_MODEL_MAX_RESULTS,
      REGISTERED_MODEL_DEFAULT_RESULTS,
    );
    const clauses = parseFilter(args.get('filter'), 'registered-models');
    const order = registeredModelOrder(args.getAll('order_by'));
    const offset = parsePageToken(args.get('page_token'));
    const wantsPrompts = queriesPrompts(clauses);
    const matching = empty
      ? []
      : this.names()
          .map(name => this.models.get(name)!)
          .filter(model => {
            const tags = new Map(model.tags);
            if (!wantsPrompts && tags.get(PROMPT_TAG) === 'true') {
              return false;
            }
            return clauses.every(c =>
              c.type === 'attribute'
                ? compare(model.name, c.comparator, c.value)
                : // Without a prompt query, MLflow drops the prompt tag clause.
                  (!wantsPrompts && c.key === PROMPT_TAG) ||
                  compare(tags.get(c.key), c.comparator, c.value),
            );
          });
    const sorted = sortBy(matching, order, (model, key) =>
      key === 'name' ? model.name : model.lastUpdatedTimestamp,
    );
    const result = page(sorted, offset, max);
    return {
      ...(result.items.length
        ? { registered_models: result.items.map(modelJson) }
        : {}),
      ...(result.nextPageToken
        ? { next_page_token: result.nextPageToken }
        : {}),
    };
  }

  private getRegisteredModel(args: RequestArgs) {
    const name = args.get('name');
    if (!name) {
      missingParameter('name');
    }
    const model = this.models.get(name);
    if (!model) {
      return doesNotExist(`Registered Model with name=${name} not found`);
    }
    return { registered_model: modelJson(model) };
  }

  private searchModelVersions(args: RequestArgs, empty: boolean) {
    const max = maxResults(
      args,
      MODEL_VERSION_MAX_RESULTS,
      MODEL_VERSION_DEFAULT_RESULTS,
    );
    if (max < 1) {
      invalidParameter(
        `Invalid value for max_results. It must be a positive integer, but got ${max}`,
      );
    }
    const clauses = parseFilter(args.get('filter'), 'model-versions');
    const order = modelVersionOrder(args.getAll('order_by'));
    const offset = parsePageToken(args.get('page_token'));
    const wantsPrompts = queriesPrompts(clauses);
    // `name = '...'` is the common query: read that model's versions only.
    const byName = clauses.find(
      c => c.type === 'attribute' && c.key === 'name' && c.comparator === '=',
    );
    const models = byName
      ? [this.models.get(String(byName.value))].filter(
          (m): m is ModelRecord => m !== undefined,
        )
      : this.names().map(name => this.models.get(name)!);
    const matching: VersionRecord[] = [];
    if (!empty) {
      for (const model of models) {
        if (
          !wantsPrompts &&
          model.versions.some(v =>
            v.tags.some(([k, value]) => k === PROMPT_TAG && value === 'true'),
          )
        ) {
          continue;
        }
        for (const v of model.versions) {
          if (clauses.every(c => versionMatches(v, c, wantsPrompts))) {
            matching.push(v);
          }
        }
      }
    }
    const sorted = sortBy(matching, order, (v, key) => {
      switch (key) {
        case 'name':
          return v.name;
        case 'version_number':
          return v.version;
        case 'creation_timestamp':
          return v.creationTimestamp;
        default:
          return v.lastUpdatedTimestamp;
      }
    });
    const result = page(sorted, offset, max);
    return {
      ...(result.items.length
        ? { model_versions: result.items.map(v => versionJson(v)) }
        : {}),
      ...(result.nextPageToken
        ? { next_page_token: result.nextPageToken }
        : {}),
    };
  }

  private getRun(args: RequestArgs) {
    // The schema checks run_id, falling back to run_uuid when run_id is absent.
    const runId = args.has('run_id')
      ? args.get('run_id')
      : args.get('run_uuid');
    if (!runId) {
      missingParameter('run_id');
    }
    const run = this.runs.get(runId);
    if (!run) {
      return doesNotExist(`Run with id=${runId} not found`);
    }
    return runJson(run);
  }
}

function queriesPrompts(clauses: FilterClause[]): boolean {
  const clause = clauses.find(c => c.type === 'tag' && c.key === PROMPT_TAG);
  if (!clause) return false;
  const value = String(clause.value).toLowerCase();
  return (
    (clause.comparator === '=' && value === 'true') ||
    (clause.comparator === '!=' && value === 'false')
  );
}

function versionMatches(
  v: VersionRecord,
  c: FilterClause,
  wantsPrompts: boolean,
): boolean {
  if (c.type === 'tag') {
    if (!wantsPrompts && c.key === PROMPT_TAG) return true;
    const tag = v.tags.find(([key]) => key === c.key);
    return compare(tag?.[1], c.comparator, c.value);
  }
  switch (c.key) {
    case 'name':
      return compare(v.name, c.comparator, c.value);
    case 'version_number':
      return compare(v.version, c.comparator, c.value);
    case 'run_id':
      return compare(v.runId, c.comparator, c.value);
    case 'source_path':
      return compare(v.source, c.comparator, c.value);
    default:
      return false;
  }
}

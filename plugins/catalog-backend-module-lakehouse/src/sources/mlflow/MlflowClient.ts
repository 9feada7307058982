/**
 * A client of the MLflow REST API (MLflow 2.x and 3.x, `/api/2.0/mlflow`)
 * for the Model Registry reads a catalog provider needs: registered models
 * and model versions, searched page by page with `page_token` /
 * `next_page_token`, and the runs behind the versions. Errors carry
 * MLflow's `{error_code, message}`.
 */
import { Dispatcher, Pool } from 'undici';

/** How to authenticate against the MLflow server. */
export type MlflowAuth =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

export interface MlflowClientOptions {
  /** Base URL of the tracking server, e.g. `http://mlflow:5000`. */
  url: string;
  auth?: MlflowAuth;
  requestTimeoutMs: number;
  /** Connections kept open; at least the request concurrency. */
  maxConnections?: number;
}

/** An MLflow answer that was not a success, or a transport failure. */
export class MlflowRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = 'MlflowRequestError';
  }
}

/** `{key, value}` pairs as MLflow sends tags and params. */
export interface MlflowKeyValue {
  key: string;
  value: string;
}

export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: MlflowKeyValue[];
  aliases?: string[];
}

export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  tags?: MlflowKeyValue[];
  aliases?: { alias: string; version: string }[];
  latest_versions?: MlflowModelVersion[];
}

export interface MlflowRun {
  info: {
    run_id: string;
    run_name?: string;
    experiment_id?: string;
    status?: string;
    start_time?: number;
    end_time?: number;
    artifact_uri?: string;
  };
  data?: {
    metrics?: {
      key: string;
      value: number;
      timestamp?: number;
      step?: number;
    }[];
    params?: MlflowKeyValue[];
    tags?: MlflowKeyValue[];
  };
  inputs?: {
    dataset_inputs?: {
      dataset?: {
        name?: string;
        digest?: string;
        source_type?: string;
        source?: string;
      };
    }[];
  };
}

const API = '/api/2.0/mlflow';

export class MlflowClient {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: MlflowClientOptions) {
    const url = new URL(options.url);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin, {
      connections: options.maxConnections ?? 16,
      keepAliveTimeout: 30_000,
    });
    this.headers = { accept: 'application/json' };
    const { auth } = options;
    if (auth?.type === 'bearer') {
      this.headers.authorization = `Bearer ${auth.token}`;
    } else if (auth?.type === 'basic') {
      this.headers.authorization = `Basic ${Buffer.from(
        `${auth.username}:${auth.password}`,
      ).toString('base64')}`;
    }
  }

  /** One page of `registered-models/search`. */
  searchRegisteredModels(params: {
    maxResults: number;
    pageToken?: string;
    filter?: string;
  }): Promise<{
    registered_models?: MlflowRegisteredModel[];
    next_page_token?: string;
  }> {
    return this.get('/registered-models/search', {
      max_results: String(params.maxResults),
      page_token: params.pageToken,
      filter: params.filter,
    });
  }

  /** One page of `model-versions/search`. */
  searchModelVersions(params: {
    maxResults: number;
    pageToken?: string;
    filter?: string;
  }): Promise<{
    model_versions?: MlflowModelVersion[];
    next_page_token?: string;
  }> {
    return this.get('/model-versions/search', {
      max_results: String(params.maxResults),
      page_token: params.pageToken,
      filter: params.filter,
    });
  }

  /** `runs/get` of one run. */
  async getRun(runId: string): Promise<MlflowRun> {
    const body = await this.get<{ run?: MlflowRun }>('/runs/get', {
      run_id: runId,
    });
    if (!body.run?.info) {
      throw new MlflowRequestError(
        `GET ${API}/runs/get?run_id=${runId} answered without a run`,
      );
    }
    return body.run;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async get<T>(
    route: string,
    query: Record<string, string | undefined>,
  ): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') search.set(key, value);
    }
    const path = `${this.basePath}${API}${route}${
      search.size ? `?${search}` : ''
    }`;
    const described = `GET ${this.origin}${this.basePath}${API}${route}`;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({
        method: 'GET',
        path,
        headers: this.headers,
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
      });
    } catch (error) {
      throw new MlflowRequestError(
        `${described} failed: ${networkCause(
          error,
          this.options.requestTimeoutMs,
        )}`,
      );
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw new MlflowRequestError(
        `${described} failed while reading the answer: ${networkCause(
          error,
          this.options.requestTimeoutMs,
        )}`,
      );
    }
    if (response.statusCode >= 400) {
      const { code, message } = mlflowError(text);
      throw new MlflowRequestError(
        `${described} answered ${response.statusCode}${
          code ? ` ${code}` : ''
        }: ${message}`,
        response.statusCode,
        code,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MlflowRequestError(
        `${described} answered ${
          response.statusCode
        } with a body that is not JSON (${
          text.length
        } bytes, starting ${JSON.stringify(text.slice(0, 40))})`,
        response.statusCode,
      );
    }
  }
}

function mlflowError(text: string): { code?: string; message: string } {
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && (body.error_code || body.message)) {
      return { code: body.error_code, message: String(body.message ?? '') };
    }
  } catch {
    // Authentication proxies and MLflow's basic-auth answer in plain text.
  }
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return { message: trimmed ? trimmed.slice(0, 300) : 'no message' };
}

function networkCause(error: unknown, timeoutMs: number): string {
  const err = error as { code?: string; message?: string; cause?: any };
  const code = err.code ?? err.cause?.code;
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return `no answer within ${timeoutMs} ms`;
  }
  return code
    ? `${code} (${err.message ?? code})`
    : err.message ?? String(error);
}

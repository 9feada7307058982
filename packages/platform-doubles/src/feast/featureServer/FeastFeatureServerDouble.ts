/*
 * Test double of the Feast Python feature server (`feast serve`, a FastAPI
 * app), following feast-dev/feast at commit f0bc0700be70:
 * sdk/python/feast/feature_server.py (GetOnlineFeaturesRequest, the
 * POST /get-online-features and GET /health routes, rest_exception_handler),
 * feature_server_utils.py (convert_response_to_dict: answer shape, status
 * names, timestamps), utils.py (_parse_feature_ref,
 * _get_feature_views_to_use, _get_requested_feature_views_to_features_dict,
 * _group_feature_refs, _validate_entity_values, _get_unique_entities and
 * their error messages), errors.py (FeastError.to_error_detail, the
 * *NotFoundException classes and their 404), type_map.py (entity value
 * conversion) and infra/online_stores/online_store.py (the read). FastAPI's
 * own behaviour reproduced: 422 `{"detail":[...]}` for bodies the pydantic
 * model refuses, `{"detail":"Not Found"}` / 405 for other routes, and
 * Starlette's compact JSON. See onlineRead.ts for the read step by step.
 */
import type http from 'node:http';
import { FeatureServerError, pythonError } from './errors';
import { FeastOnlineStore } from './onlineRead';
import { pyJsonDumps } from './python';
import { readOnlineFeaturesRequest, validationErrorBody } from './request';
import type {
  FeastFeatureServiceDefinition,
  FeastFeatureViewDefinition,
  FeastOnlineRow,
} from './types';
import { type LocalServer, sendText } from '../../support/http';
import { receiveRequest } from '../../support/receive';
import { ProtocolDouble } from '../../support/ProtocolDouble';

/**
 * Options of {@link FeastFeatureServerDouble.start}.
 *
 * @public
 */
export interface FeastFeatureServerDoubleOptions {
  /** The Feast project the server serves (`project` of feature_store.yaml). */
  project: string;
  featureViews?: FeastFeatureViewDefinition[];
  featureServices?: FeastFeatureServiceDefinition[];
  /** Rows of the online store, by feature view name. */
  rows?: Record<string, FeastOnlineRow[]>;
  /** Maximum number of entries kept in `requests`. Default 10000. */
  requestLogLimit?: number;
  /** Port to listen on. Default: a random free port. */
  port?: number;
}

const ROUTES: Record<string, string> = {
  '/get-online-features': 'POST',
  '/health': 'GET',
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Starlette's HTTPException body: `{"detail": "<reason phrase>"}`. */
function detailBody(status: number): string {
  return pyJsonDumps({ detail: REASONS[status] ?? 'Error' });
}

/**
 * A protocol-faithful Feast feature server on 127.0.0.1: online reads of the
 * feature views and feature services it is configured with, from rows the
 * test writes.
 *
 * @public
 */
export class FeastFeatureServerDouble extends ProtocolDouble {
  /** Base URL, as `feature_server` clients configure it (`${url}/get-online-features`). */
  readonly url: string;

  private readonly store: FeastOnlineStore;
  private healthy = true;

  private constructor(
    options: FeastFeatureServerDoubleOptions,
    server: LocalServer,
  ) {
    super(server, options.requestLogLimit ?? 10_000);
    this.url = server.origin;
    this.store = new FeastOnlineStore(options.project);
  }

  /** Starts a feature server double on 127.0.0.1 with the given registry and rows. */
  static async start(
    options: FeastFeatureServerDoubleOptions,
  ): Promise<FeastFeatureServerDouble> {
    const double = await ProtocolDouble.listen(
      options.port,
      server => new FeastFeatureServerDouble(options, server),
    );
    try {
      for (const view of options.featureViews ?? []) {
        double.applyFeatureView(view);
      }
      for (const service of options.featureServices ?? []) {
        double.applyFeatureService(service);
      }
      for (const [view, rows] of Object.entries(options.rows ?? {})) {
        double.writeRows(view, rows);
      }
    } catch (e) {
      await double.stop();
      throw e;
    }
    return double;
  }

  /** The Feast project served. */
  get project(): string {
    return this.store.project;
  }

  /** Adds or replaces a feature view in the registry (`feast apply`). */
  applyFeatureView(view: FeastFeatureViewDefinition): void {
    this.store.applyFeatureView(view);
  }

  /** Adds or replaces a feature service in the registry. */
  applyFeatureService(service: FeastFeatureServiceDefinition): void {
    this.store.applyFeatureService(service);
  }

  /** Writes rows into the online store (`feast materialize` or a push); values are checked against the feature types. */
  writeRows(featureView: string, rows: FeastOnlineRow[]): void {
    this.store.writeRows(featureView, rows);
  }

  /**
   * Writes the precomputed vectors of a feature service from the rows stored
   * now (`feast precompute <service>`), stamped `at`; reads of a service with
   * `precomputeOnline` use them. Returns the number of vectors written.
   */
  precompute(featureService: string, at?: Date): number {
    return this.store.precompute(featureService, at);
  }

  /** Removes every row of a feature view from the online store. */
  clearRows(featureView: string): void {
    this.store.clearRows(featureView);
  }

  /** Whether GET /health answers 200 (the registry is readable) or 503. */
  setHealthy(healthy: boolean): void {
    this.healthy = healthy;
  }

  protected internalError(error: unknown) {
    return {
      body: pythonError(String((error as Error)?.message ?? error)).body,
    };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const received = await receiveRequest(req, res, {
      log: this.log,
      faults: this.faults,
      hasBody: method => method !== 'GET' && method !== 'HEAD',
      faultAnswer: status => ({ body: detailBody(status) }),
    });
    if (!received) return;
    const { method, path, body, truncate } = received;

    const route = ROUTES[path];
    if (!route) {
      const withoutSlash = path.replace(/\/+$/, '');
      if (withoutSlash !== path && ROUTES[withoutSlash]) {
        // Starlette's redirect_slashes.
        res.writeHead(307, {
          location: `${this.url}${withoutSlash}`,
          'content-length': 0,
        });
        res.end();
        return;
      }
      sendText(res, 404, detailBody(404));
      return;
    }
    if (method !== route) {
      sendText(res, 405, pyJsonDumps({ detail: 'Method Not Allowed' }), {
        allow: route,
      });
      return;
    }

    if (path === '/health') {
      res.writeHead(this.healthy ? 200 : 503, { 'content-length': 0 });
      res.end();
      return;
    }

    const read = readOnlineFeaturesRequest(
      body ?? '',
      req.headers['content-type'],
    );
    if ('errors' in read) {
      sendText(res, 422, validationErrorBody(read.errors));
      return;
    }
    try {
      const answer = this.store.getOnlineFeatures(read.request);
      sendText(res, 200, answer, {}, truncate);
    } catch (e) {
      if (e instanceof FeatureServerError) {
        sendText(res, e.status, e.body, {}, truncate);
        return;
      }
      throw e;
    }
  }
}

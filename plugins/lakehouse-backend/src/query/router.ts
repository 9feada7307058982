import express from 'express';
import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  lakehouseQueryExecutePermission,
  QueryEngineId,
} from '@internal/plugin-lakehouse-common';
import { LakehouseApiRouter } from '../schema/openapi/generated';
import { analyzeStatement } from '../sql';
import { QueryConfig } from './config';
import { EngineUserResolver } from './engineUser';
import { streamCsv } from './csv';
import {
  DatasetAccess,
  DatasetReadRefusedError,
  statementDefaults,
} from './datasetAccess';
import {
  ConcurrencyLimitError,
  QueryService,
  QueryTimeoutError,
} from './QueryService';
import { PageTokenError, RunningQuery } from './RunningQuery';
import { PageAnswer, QueryOutcome } from './TrinoRelay';

/** Audit meta of a refusal: the reason, and the datasets refused if that was why. */
function refusalMeta(error: unknown) {
  return {
    refusal: (error as Error).message,
    ...(error instanceof DatasetReadRefusedError
      ? {
          refusedDatasets: error.refused.map(r => ({
            dataset: r.entityRef,
            table: r.table,
            reason: r.reason,
          })),
        }
      : {}),
  };
}

/**
 * Answers the limits of the query service with their own status: 429 for
 * the concurrency limit, 504 for the time-out of a query that had to answer
 * at once. False for any other error.
 */
/**
 * Writes a page. Rows from Trino are JSON bytes already and go out as they
 * came, written after the rest of the answer rather than parsed and
 * serialised again (nor hashed for an ETag: every page is new).
 */
function sendPage(res: express.Response, answer: PageAnswer) {
  const rows = answer.rows;
  if (rows.length === 0 || !Buffer.isBuffer(rows[0])) {
    res.json({ ...answer.page, rows });
    return;
  }
  const pieces = [
    Buffer.from(`${JSON.stringify(answer.page).slice(0, -1)},"rows":`),
    ...(rows as Buffer[]),
    Buffer.from('}'),
  ];
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader(
    'Content-Length',
    pieces.reduce((sum, piece) => sum + piece.length, 0),
  );
  for (const piece of pieces) res.write(piece);
  res.end();
}

function sentLimitError(res: express.Response, error: unknown): boolean {
  const status =
    (error instanceof ConcurrencyLimitError && 429) ||
    (error instanceof QueryTimeoutError && 504) ||
    undefined;
  if (!status) return false;
  const { name, message } = error as Error;
  res.status(status).json({ error: { name, message } });
  return true;
}

export interface RouterOptions {
  queries: QueryService;
  config: QueryConfig;
  engineUsers: EngineUserResolver;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  /**
   * The plugin's own credentials look up the datasets a statement reads, so
   * that one the user cannot see is refused instead of skipped.
   */
  auth: AuthService;
  logger: LoggerService;
}

/**
 * Registers the SQL console's API (queries, CSV downloads, history, schema
 * browser) and dataset previews; see src/schema/openapi.yaml. The router
 * has checked parameters and bodies against the spec.
 */
export function registerQueryRoutes(
  router: LakehouseApiRouter,
  options: RouterOptions,
): void {
  const { queries, config, httpAuth, permissions, auditor } = options;
  const access = DatasetAccess.create({
    catalog: options.catalog,
    permissions,
    auth: options.auth,
  });

  async function userOf(req: express.Request<any, any, any, any>) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return { credentials, userRef: credentials.principal.userEntityRef };
  }

  async function requireExecute(credentials: BackstageCredentials<any>) {
    const [decision] = await permissions.authorize(
      [{ permission: lakehouseQueryExecutePermission }],
      {
        credentials,
      },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to run queries (lakehouse.query.execute)',
      );
    }
  }

  /**
   * Audits the end of a Trino query, by whichever replica saw it end: the
   * query lives in Trino and the database, not in the replica that
   * started it.
   */
  async function auditEnded(
    req: express.Request<any, any, any, any>,
    ended: QueryOutcome | undefined,
  ) {
    if (!ended) return;
    const audit = await auditor.createEvent({
      eventId: 'query-ended',
      severityLevel: 'medium',
      request: req,
      meta: { queryId: ended.queryId, engine: 'trino' },
    });
    const meta = {
      outcome: ended.outcome,
      durationMs: ended.durationMs,
      rows: ended.rows,
      truncated: ended.truncated,
    };
    await (ended.outcome === 'FINISHED'
      ? audit.success({ meta })
      : audit.fail({
          meta,
          error: new Error(ended.error ?? ended.outcome),
        }));
  }

  router.get('/engines', async (req, res) => {
    await userOf(req);
    res.json({ engines: queries.listEngines() });
  });

  router.post('/queries', async (req, res) => {
    const { credentials, userRef } = await userOf(req);
    const body = req.body;
    const engine = queries.engine(body.engine);
    const analysis = analyzeStatement(body.sql, {
      forbiddenCatalogs: config.forbiddenCatalogs,
      allowedCatalogs: config.allowedCatalogs,
    });
    const audit = await auditor.createEvent({
      eventId: 'query',
      severityLevel: 'medium',
      request: req,
      meta: {
        engine: engine.id,
        statementType: analysis.statementType ?? 'unknown',
        sql: analysis.redacted,
        tables: analysis.allowed ? analysis.tables : [],
      },
    });
    try {
      await requireExecute(credentials);
      if (!analysis.allowed) {
        const where = analysis.position
          ? ` (line ${analysis.position.line}, column ${analysis.position.column})`
          : '';
        throw new InputError(`Refused: ${analysis.reason}${where}`);
      }
      await access.requireReadDataOfTables(
        analysis.tables,
        statementDefaults(engine, body),
        credentials,
      );
      const engineUser = await options.engineUsers.resolve(
        userRef,
        credentials,
      );
      const query = await queries.submit(
        body,
        { statementType: analysis.statementType, tables: analysis.tables },
        { userRef, engineUser },
        finished => {
          const meta = {
            queryId: finished.id,
            outcome: finished.state,
            durationMs:
              (finished.finishedAt ?? Date.now()) - finished.startedAt,
            rows: finished.rowCount,
            truncated: finished.truncated,
          };
          const done =
            finished.state === 'FINISHED'
              ? audit.success({ meta })
              : audit.fail({
                  meta,
                  error: new Error(finished.error?.message ?? finished.state),
                });
          done.catch(() => {});
        },
      );
      if (!(query instanceof RunningQuery)) {
        // Any replica continues it; its end is audited as query-ended.
        await audit.success({
          meta: { queryId: query.id, outcome: 'SUBMITTED' },
        });
      }
      res
        .status(202)
        .json({ id: query.id, state: query.state, engine: query.engineId });
    } catch (error) {
      await audit.fail({ error: error as Error, meta: refusalMeta(error) });
      if (sentLimitError(res, error)) return;
      throw error;
    }
  });

  router.get('/queries/:id', async (req, res) => {
    const { userRef } = await userOf(req);
    const { pageToken, maxWaitMs = 1000 } = req.query;
    try {
      const answer = await queries.nextPage(
        userRef,
        req.params.id,
        pageToken,
        Math.min(Math.max(maxWaitMs, 0), 10_000),
      );
      await auditEnded(req, answer.ended);
      sendPage(res, answer);
    } catch (error) {
      if (error instanceof PageTokenError) {
        res
          .status(410)
          .json({ error: { name: error.name, message: error.message } });
        return;
      }
      throw error;
    }
  });

  router.delete('/queries/:id', async (req, res) => {
    const { userRef } = await userOf(req);
    await auditEnded(req, await queries.cancel(userRef, req.params.id));
    res.status(204).end();
  });

  /**
   * What a CSV download runs again: the query running here, or else the
   * statement as the history keeps it (started on another replica), with
   * the tables it reads found again.
   */
  async function csvSource(userRef: string, id: string) {
    try {
      const { engine, sql, scope } = queries.get(userRef, id);
      return { id, engine, engineId: engine.id, sql, scope };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const record = await queries.recorded(userRef, id);
    const analysis = analyzeStatement(record.sql, {
      forbiddenCatalogs: config.forbiddenCatalogs,
      allowedCatalogs: config.allowedCatalogs,
    });
    if (!analysis.allowed) {
      throw new InputError(`Refused: ${analysis.reason}`);
    }
    const engine = queries.engine(record.engine);
    return {
      id,
      engine,
      engineId: engine.id,
      sql: record.sql,
      scope: {
        tables: analysis.tables,
        catalog: record.catalog,
        schema: record.schema,
      },
    };
  }

  router.get('/queries/:id/csv', async (req, res) => {
    const { credentials, userRef } = await userOf(req);
    await requireExecute(credentials);
    const query = await csvSource(userRef, req.params.id);
    const { scope } = query;
    const audit = await auditor.createEvent({
      eventId: 'query-csv',
      severityLevel: 'medium',
      request: req,
      meta: { queryId: query.id, engine: query.engineId, tables: scope.tables },
    });
    let engineUser: string;
    try {
      // The statement runs again: a grant may have expired, or a dataset
      // inherited a classification, since the query ran.
      await access.requireReadDataOfTables(
        scope.tables,
        statementDefaults(query.engine, scope),
        credentials,
      );
      engineUser = await options.engineUsers.resolve(userRef, credentials);
    } catch (error) {
      await audit.fail({ error: error as Error, meta: refusalMeta(error) });
      throw error;
    }
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="query-${query.id}.csv"`,
    );
    try {
      const result = await streamCsv({
        engine: query.engine,
        sql: query.sql,
        catalog: scope.catalog,
        schema: scope.schema,
        engineUser,
        maxRows: config.csvMaxRows,
        out: res,
        signal: controller.signal,
      });
      res.end();
      await audit.success({
        meta: { rows: result.rows, truncated: result.truncated },
      });
    } catch (error) {
      await audit.fail({ error: error as Error });
      // Headers are sent: end the body so the client sees the download stop.
      res.destroy(error as Error);
    }
  });

  router.get('/history', async (req, res) => {
    const { userRef } = await userOf(req);
    const { q, limit = 50, offset = 0 } = req.query;
    const items = await options.queries.history.list(userRef, {
      text: q?.trim() || undefined,
      // Capped rather than refused, as the spec says.
      limit: Math.min(Math.max(limit, 1), 200),
      offset: Math.max(offset, 0),
    });
    res.json({
      items: items.map(
        ({
          userRef: _u,
          catalog: _c,
          schema: _s,
          engineQuery: _e,
          // Not part of QueryHistoryEntry: the message says it for people.
          errorName: _n,
          ...entry
        }) => entry,
      ),
    });
  });

  // Schema browser for the editor's autocomplete, as the engine shows it to the user.
  async function browse<T>(
    req: express.Request<any, any, any, any>,
    list: (user: string) => Promise<T[]>,
  ) {
    const { credentials, userRef } = await userOf(req);
    await requireExecute(credentials);
    return list(await options.engineUsers.resolve(userRef, credentials));
  }
  const engineOf = (req: { query: { engine?: QueryEngineId } }) =>
    queries.engine(req.query.engine);

  router.get('/catalogs', async (req, res) => {
    const engine = engineOf(req);
    res.json({ items: await browse(req, user => engine.listCatalogs(user)) });
  });
  router.get('/catalogs/:catalog/schemas', async (req, res) => {
    const engine = engineOf(req);
    res.json({
      items: await browse(req, user =>
        engine.listSchemas(user, req.params.catalog),
      ),
    });
  });
  router.get('/catalogs/:catalog/schemas/:schema/tables', async (req, res) => {
    const engine = engineOf(req);
    res.json({
      items: await browse(req, user =>
        engine.listTables(user, req.params.catalog, req.params.schema),
      ),
    });
  });
  router.get(
    '/catalogs/:catalog/schemas/:schema/tables/:table/columns',
    async (req, res) => {
      const engine = engineOf(req);
      res.json({
        items: await browse(req, user =>
          engine.listColumns(
            user,
            req.params.catalog,
            req.params.schema,
            req.params.table,
          ),
        ),
      });
    },
  );

  router.get('/datasets/:namespace/:name/preview', async (req, res) => {
    const { credentials, userRef } = await userOf(req);
    // Capped rather than refused, as the spec says.
    const limit = Math.min(Math.max(req.query.limit ?? 50, 1), 500);
    const ref = stringifyEntityRef({
      kind: 'Resource',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    // Looked up whoever may see it: one the user cannot see is refused by
    // name below, as in a console statement.
    const dataset = await access.dataset(ref);
    if (!dataset) throw new NotFoundError(`No dataset ${ref} in the catalog`);
    const engine = engineOf(req);
    const audit = await auditor.createEvent({
      eventId: 'dataset-preview',
      severityLevel: 'medium',
      request: req,
      meta: { dataset: ref, table: dataset.id, engine: engine.id },
    });
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    try {
      await access.requireReadData([dataset], credentials);
      const preview = await queries.preview({
        table: dataset.id,
        engine: engine.id,
        limit,
        user: {
          userRef,
          engineUser: await options.engineUsers.resolve(userRef, credentials),
        },
        signal: controller.signal,
      });
      await audit.success({
        meta: {
          queryId: preview.queryId,
          rows: preview.rows.length,
          truncated: preview.truncated,
        },
      });
      res.json(preview);
    } catch (error) {
      await audit.fail({ error: error as Error, meta: refusalMeta(error) });
      if (sentLimitError(res, error)) return;
      throw error;
    }
  });
}

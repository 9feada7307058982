import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  AuditorService,
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
  getTableIdentifier,
  isDataset,
  lakehouseDatasetReadDataPermission,
  lakehouseQueryExecutePermission,
  QueryColumn,
} from '@internal/plugin-lakehouse-common';
import { analyzeStatement } from '../sql';
import { QueryConfig } from './config';
import { EngineUserResolver } from './engineUser';
import { streamCsv } from './csv';
import { requireReadData } from './datasetAccess';
import { ConcurrencyLimitError, QueryService } from './QueryService';
import { PageTokenError } from './RunningQuery';

const submitSchema = z.object({
  sql: z.string().min(1, 'sql must not be empty').max(100_000),
  engine: z.enum(['trino', 'duckdb']).optional(),
  catalog: z.string().min(1).optional(),
  schema: z.string().min(1).optional(),
  maxRows: z.number().int().positive().optional(),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new InputError(
      `Invalid request: ${result.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

export interface RouterOptions {
  queries: QueryService;
  config: QueryConfig;
  engineUsers: EngineUserResolver;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  logger: LoggerService;
}

/** The HTTP API of the lakehouse plugin; see openapi.yaml. */
export function createQueryRouter(options: RouterOptions): express.Router {
  const { queries, config, httpAuth, permissions, auditor, catalog } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  async function userOf(req: express.Request) {
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

  router.get('/engines', async (req, res) => {
    await userOf(req);
    res.json({ engines: queries.listEngines() });
  });

  router.post('/queries', async (req, res) => {
    const { credentials, userRef } = await userOf(req);
    const body = parseBody(submitSchema, req.body);
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
      const defaults = {
        catalog: body.catalog ?? engine.defaultCatalog,
        schema:
          body.schema ?? (body.catalog ? undefined : engine.defaultSchema),
      };
      await requireReadData(
        { catalog, permissions },
        analysis.tables,
        defaults,
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
      res
        .status(202)
        .json({ id: query.id, state: query.state, engine: query.engineId });
    } catch (error) {
      await audit.fail({
        error: error as Error,
        meta: { refusal: (error as Error).message },
      });
      if (error instanceof ConcurrencyLimitError) {
        res
          .status(429)
          .json({ error: { name: error.name, message: error.message } });
        return;
      }
      throw error;
    }
  });

  router.get('/queries/:id', async (req, res) => {
    const { userRef } = await userOf(req);
    const maxWaitMs = Math.min(
      Number(req.query.maxWaitMs ?? 1000) || 0,
      10_000,
    );
    const token =
      typeof req.query.pageToken === 'string' ? req.query.pageToken : undefined;
    try {
      res.json(
        await queries.nextPage(userRef, req.params.id, token, maxWaitMs),
      );
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
    queries.cancel(userRef, req.params.id);
    res.status(204).end();
  });

  router.get('/queries/:id/csv', async (req, res) => {
    const { credentials, userRef } = await userOf(req);
    await requireExecute(credentials);
    const query = queries.get(userRef, req.params.id);
    const audit = await auditor.createEvent({
      eventId: 'query-csv',
      severityLevel: 'medium',
      request: req,
      meta: { queryId: query.id, engine: query.engineId },
    });
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
        engineUser: await options.engineUsers.resolve(userRef, credentials),
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
    const limit = Math.min(
      Math.max(Number(req.query.limit ?? 50) || 50, 1),
      200,
    );
    const offset = Math.max(Number(req.query.offset ?? 0) || 0, 0);
    const text =
      typeof req.query.q === 'string' && req.query.q.trim()
        ? req.query.q.trim()
        : undefined;
    const items = await options.queries.history.list(userRef, {
      text,
      limit,
      offset,
    });
    res.json({
      items: items.map(
        ({ userRef: _u, catalog: _c, schema: _s, ...entry }) => entry,
      ),
    });
  });

  // Schema browser for the editor's autocomplete, as the engine shows it to the user.
  async function browse<T>(
    req: express.Request,
    list: (user: string) => Promise<T[]>,
  ) {
    const { credentials, userRef } = await userOf(req);
    await requireExecute(credentials);
    return list(await options.engineUsers.resolve(userRef, credentials));
  }
  const engineOf = (req: express.Request) =>
    queries.engine(
      typeof req.query.engine === 'string'
        ? (req.query.engine as any)
        : undefined,
    );

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
    const limit = Math.min(
      Math.max(Number(req.query.limit ?? 50) || 50, 1),
      500,
    );
    const ref = stringifyEntityRef({
      kind: 'Resource',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const entity = await catalog.getEntityByRef(ref, { credentials });
    const table =
      entity && isDataset(entity) ? getTableIdentifier(entity) : undefined;
    if (!entity || !table)
      throw new NotFoundError(`No dataset ${ref} in the catalog`);
    const audit = await auditor.createEvent({
      eventId: 'dataset-preview',
      severityLevel: 'medium',
      request: req,
      meta: { dataset: ref, table },
    });
    try {
      const [decision] = await permissions.authorize(
        [{ permission: lakehouseDatasetReadDataPermission, resourceRef: ref }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You are not allowed to read the data of ${table} (lakehouse.dataset.read-data)`,
        );
      }
      const engine = queries.engine();
      const quoted = table
        .split('.')
        .map(part => `"${part.replace(/"/g, '""')}"`)
        .join('.');
      const controller = new AbortController();
      let columns: QueryColumn[] = [];
      const rows: unknown[][] = [];
      for await (const event of engine.execute({
        sql: `SELECT * FROM ${quoted} LIMIT ${limit + 1}`,
        user: await options.engineUsers.resolve(userRef, credentials),
        signal: controller.signal,
      })) {
        if (event.type === 'columns') columns = event.columns;
        if (event.type === 'rows') rows.push(...event.rows);
      }
      await audit.success({ meta: { rows: Math.min(rows.length, limit) } });
      res.json({
        engine: engine.id,
        table,
        columns,
        rows: rows.slice(0, limit),
        truncated: rows.length > limit,
      });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}

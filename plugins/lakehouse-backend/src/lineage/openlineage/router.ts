import express from 'express';
import Router from 'express-promise-router';
import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseLineageWritePermission } from '@internal/plugin-lakehouse-common';
import { DEFAULT_MAX_BODY_BYTES } from './config';
import { OpenLineageStore } from './OpenLineageStore';
import { validateRunEvent } from './validateRunEvent';

/** What `createOpenLineageRouter` needs. */
export interface OpenLineageRouterOptions {
  store: Pick<OpenLineageStore, 'ingest'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** The largest event body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

/** An error body-parser raises for what the client sent (status 4xx). */
function isClientBodyError(
  error: unknown,
): error is Error & { status: number; type?: string; code?: string } {
  const status = (error as { status?: unknown })?.status;
  return (
    error instanceof Error &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `Invalid OpenLineage RunEvent: the body is not JSON (${
        (error as Error).message
      })`,
    );
  }
}

/**
 * The OpenLineage intake, `POST /openlineage`: producers such as dbt-ol,
 * Dagster, Spark or Trino's event listener post RunEvents here (their HTTP
 * transport's URL is the plugin's base URL, endpoint `openlineage`).
 * Backend services and static tokens may post; users need the
 * `lakehouse.lineage.write` permission. An event that is not a valid
 * RunEvent is refused with 400 and the reason, and nothing is stored.
 */
export function createOpenLineageRouter(
  options: OpenLineageRouterOptions,
): express.Router {
  const { store, httpAuth, permissions, auditor, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Read the raw bytes whatever the content type, so that a body that is
  // not JSON or too large is refused as a bad event (400), with the reason.
  const readRaw = express.raw({ type: () => true, limit: maxBodyBytes });
  const router = Router();

  async function readBody(
    req: express.Request,
    res: express.Response,
  ): Promise<unknown> {
    try {
      await new Promise<void>((resolve, reject) =>
        readRaw(req, res, error => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      if (!isClientBodyError(error)) throw error;
      if (error.type === 'entity.too.large') {
        throw new InputError(
          `Invalid OpenLineage RunEvent: the body is larger than ${maxBodyBytes} bytes (lakehouse.lineage.openlineage.maxBodyBytes)`,
        );
      }
      if (error.code?.startsWith('Z_')) {
        throw new InputError(
          `Invalid OpenLineage RunEvent: the body is not valid ${req.headers['content-encoding']} data (${error.code})`,
        );
      }
      throw new InputError(
        `Invalid OpenLineage RunEvent: could not read the body (${error.message})`,
      );
    }
    if (Buffer.isBuffer(req.body) && req.body.length > 0) {
      return parseJson(req.body);
    }
    if (req.body === undefined || Buffer.isBuffer(req.body)) {
      throw new InputError(
        'Invalid OpenLineage RunEvent: the request has no body',
      );
    }
    // A JSON parser ahead of this router has read the body already.
    return req.body;
  }

  router.post('/openlineage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const audit = await auditor.createEvent({
      eventId: 'openlineage-event-ingest',
      severityLevel: 'medium',
      request: req,
    });
    try {
      if (credentials.principal.type === 'user') {
        const [decision] = await permissions.authorize(
          [{ permission: lakehouseLineageWritePermission }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            'You are not allowed to post lineage (lakehouse.lineage.write)',
          );
        }
      }
      const event = validateRunEvent(await readBody(req, res));
      const { id } = await store.ingest(event);
      const meta = {
        id,
        job: `${event.job.namespace}/${event.job.name}`,
        runId: event.run.runId,
        eventType: event.eventType ?? null,
        producer: event.producer,
      };
      logger.debug(
        `Stored OpenLineage event ${id} (${
          meta.eventType ?? 'no type'
        }) of job ${meta.job}, run ${meta.runId}`,
      );
      await audit.success({ meta });
      res.status(201).json({ id });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}

import express from 'express';
import Router from 'express-promise-router';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseDriftRunPermission } from '@internal/plugin-lakehouse-common';
import { DriftService } from './DriftService';

export interface DriftRouterOptions {
  drift: DriftService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

function readLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InputError(
      `limit must be a whole number from 1 to ${MAX_LIMIT}, not ${value}`,
    );
  }
  return limit;
}

/**
 * The drift API: `GET /drift/monitors`, `POST /drift/monitors/{id}/run`,
 * `GET /drift/monitors/{id}/reports`. Users see the monitors of entities
 * they may see in the catalog.
 */
export function createDriftRouter(options: DriftRouterOptions): express.Router {
  const { drift, httpAuth, permissions, auditor } = options;
  const router = Router();

  router.get('/drift/monitors', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef =
      typeof req.query.entityRef === 'string' ? req.query.entityRef : undefined;
    res.json({ items: await drift.list(credentials, entityRef) });
  });

  router.post('/drift/monitors/:id/run', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const monitor = drift.monitors.find(m => m.id === req.params.id);
    const audit = await auditor.createEvent({
      eventId: 'drift-run',
      severityLevel: 'low',
      request: req,
      meta: { monitorId: req.params.id, entityRef: monitor?.entityRef },
    });
    try {
      if (monitor) {
        const [decision] = await permissions.authorize(
          [
            {
              permission: lakehouseDriftRunPermission,
              resourceRef: monitor.entityRef,
            },
          ],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `You are not allowed to run the drift monitors of ${monitor.entityRef} (lakehouse.drift.run)`,
          );
        }
      }
      const report = await drift.run(req.params.id, { credentials });
      await audit.success({
        meta: {
          reportId: report.id,
          status: report.status,
          drifted: report.drifted,
        },
      });
      res.status(201).json(report);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/drift/monitors/:id/reports', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const limit = readLimit(req.query.limit);
    res.json({ items: await drift.reports(req.params.id, limit, credentials) });
  });

  return router;
}

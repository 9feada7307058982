import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseDriftRunPermission } from '@internal/plugin-lakehouse-common';
import { LakehouseApiRouter } from '../schema/openapi/generated';
import { DriftService } from './DriftService';

export interface DriftRouterOptions {
  drift: DriftService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/**
 * Registers the drift API: `GET /drift/monitors`,
 * `POST /drift/monitors/{id}/run`, `GET /drift/monitors/{id}/reports`.
 * Users see the monitors of entities they may see in the catalog.
 */
export function registerDriftRoutes(
  router: LakehouseApiRouter,
  options: DriftRouterOptions,
): void {
  const { drift, httpAuth, permissions, auditor } = options;

  router.get('/drift/monitors', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ items: await drift.list(credentials, req.query.entityRef) });
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
    // The router has checked the limit (1 to 500) and filled in its default.
    const { limit = 50 } = req.query;
    res.json({ items: await drift.reports(req.params.id, limit, credentials) });
  });
}

import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';

/**
 * `GET /lakehouse/sources` on the catalog's router
 * (`/api/catalog/lakehouse/sources`): the state of every dataset source, for
 * the lakehouse page. Signed-in users only; no secrets are included.
 */
export function createSourcesRouter(options: {
  httpAuth: HttpAuthService;
  getStatus: () => DatasetSourceStatus[];
}): express.Router {
  const router = Router();
  router.get('/lakehouse/sources', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ sources: options.getStatus() });
  });
  return router;
}

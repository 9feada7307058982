import { HttpAuthService } from '@backstage/backend-plugin-api';
import { LakehouseApiRouter } from '../../schema/openapi/generated';
import { LineageService } from './LineageService';

/**
 * The deepest walk a request may ask for: the spec's maximum `depth` of
 * `GET /lineage`, which the agents' actions share.
 */
export const MAX_LINEAGE_DEPTH = 25;

/**
 * Registers `GET /lineage` and `GET /impact` of the lakehouse API, answered
 * as the caller (only what the caller may see in the catalog is returned).
 * The router has checked the query parameters against the spec.
 */
export function registerLineageRoutes(
  router: LakehouseApiRouter,
  options: { lineage: LineageService; httpAuth: HttpAuthService },
): void {
  const { lineage, httpAuth } = options;

  router.get('/lineage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // The router has filled in the spec's defaults; the types do not know.
    const { entityRef, column, direction = 'both', depth = 3 } = req.query;
    res.json(
      await lineage.lineage(
        { entityRef, column, direction, depth },
        credentials,
      ),
    );
  });

  router.get('/impact', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef, column } = req.query;
    res.json(await lineage.impact({ entityRef, column }, credentials));
  });
}

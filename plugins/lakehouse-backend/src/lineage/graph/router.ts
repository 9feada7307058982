import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { LineageService } from './LineageService';

/** The deepest walk a request may ask for. */
export const MAX_LINEAGE_DEPTH = 25;

const lineageQuery = z.object({
  /** An entity ref, or the id of an OpenLineage-only node (`openlineage:<namespace>/<name>`). */
  entityRef: z.string().min(1, 'entityRef is required'),
  direction: z.enum(['upstream', 'downstream', 'both']).default('both'),
  depth: z.coerce
    .number()
    .int('depth must be a whole number')
    .min(1, 'depth must be at least 1')
    .max(MAX_LINEAGE_DEPTH, `depth must be at most ${MAX_LINEAGE_DEPTH}`)
    .default(3),
  column: z.string().min(1).optional(),
});

const impactQuery = z.object({
  entityRef: z.string().min(1, 'entityRef is required'),
  column: z.string().min(1).optional(),
});

function parseQuery<T>(schema: z.ZodType<T, any, any>, query: unknown): T {
  const result = schema.safeParse(query);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/**
 * `GET /lineage` and `GET /impact` of the lakehouse API, answered as the
 * signed-in user (only what the user may see in the catalog is returned).
 */
export function createLineageRouter(options: {
  lineage: LineageService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { lineage, httpAuth } = options;
  const router = Router();

  router.get('/lineage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseQuery(lineageQuery, req.query);
    res.json(await lineage.lineage(query, credentials));
  });

  router.get('/impact', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseQuery(impactQuery, req.query);
    res.json(await lineage.impact(query, credentials));
  });

  return router;
}

import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { OnlineFeaturesService } from './service/OnlineFeaturesService';

/** Most entity rows one lookup may ask for. */
export const MAX_ENTITY_ROWS = 100;

const entityKeyValue = z.union([z.string(), z.number(), z.boolean()]);

const onlineFeaturesSchema = z
  .object({
    entityRef: z
      .string()
      .min(1, 'give the entity ref of a feature view or feature service'),
    entities: z
      .record(
        z.string().min(1),
        z
          .array(entityKeyValue)
          .min(1, 'give at least one value')
          .max(
            MAX_ENTITY_ROWS,
            `at most ${MAX_ENTITY_ROWS} entity rows per lookup`,
          ),
      )
      .refine(
        e => Object.keys(e).length > 0,
        'give the values of the join keys',
      ),
    features: z.array(z.string().min(1)).min(1).optional(),
  })
  .superRefine((body, ctx) => {
    const lengths = Object.entries(body.entities).map(
      ([key, values]) => `${key} has ${values.length}`,
    );
    const counts = new Set(Object.values(body.entities).map(v => v.length));
    if (counts.size > 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['entities'],
        message: `every join key needs one value per entity row (${lengths.join(
          ', ',
        )})`,
      });
    }
  });

function parseBody<T>(schema: z.ZodType<T, any, any>, body: unknown): T {
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

/** The HTTP API of the feature store plugin. */
export function createRouter(options: {
  onlineFeatures: OnlineFeaturesService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}): express.Router {
  const { onlineFeatures, httpAuth, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.post('/online-features', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseBody(onlineFeaturesSchema, req.body);
    const subject = await onlineFeatures.findSubject(
      body.entityRef,
      credentials,
    );
    const audit = await auditor.createEvent({
      eventId: 'online-features-read',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef: subject.entityRef,
        project: subject.project ?? null,
        rows: Object.values(body.entities)[0].length,
        features: body.features ?? null,
      },
    });
    try {
      const answer = await onlineFeatures.read(subject, body, credentials);
      await audit.success({ meta: { featureNames: answer.featureNames } });
      res.json(answer);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}

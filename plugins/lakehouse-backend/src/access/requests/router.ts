import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AccessRequestService } from './AccessRequestService';

/** What `createAccessRequestsRouter` needs. */
export interface AccessRequestsRouterOptions {
  requests: AccessRequestService;
  httpAuth: HttpAuthService;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

const STATES = ['pending', 'approved', 'rejected', 'expired'] as const;

const listQuery = z.object({
  entityRef: z.string().min(1).optional(),
  state: z.enum(STATES).optional(),
  mine: z.enum(['true', 'false']).optional(),
});

const decisionBody = z
  .object({ comment: z.string().max(2000).optional() })
  .strict();

/**
 * The access request API: `POST /access-requests`, `GET /access-requests`
 * (`?entityRef=&state=&mine=`), `GET /access-requests/{id}` and
 * `POST /access-requests/{id}/approve|reject`. Users only; what each may do
 * is decided by {@link AccessRequestService}.
 */
export function createAccessRequestsRouter(
  options: AccessRequestsRouterOptions,
): express.Router {
  const { requests, httpAuth } = options;
  const router = Router();
  // Only here: other routes of the plugin read their own bodies.
  const json = express.json({ limit: '64kb' });

  const createBody = z
    .object({
      entityRef: z.string().min(1, 'must name a dataset'),
      privilege: z.literal('read'),
      reason: z
        .string()
        .max(2000)
        .refine(r => r.trim().length > 0, 'must say why'),
      durationDays: z
        .number()
        .positive('must be more than 0 days')
        .max(
          requests.maxDurationDays,
          `must be at most ${requests.maxDurationDays} days (lakehouse.governance.accessRequests.maxDurationDays)`,
        ),
    })
    .strict();

  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.post('/access-requests', json, async (req, res) => {
    const credentials = await user(req);
    const body = parse(createBody, req.body, 'access request');
    const created = await requests.create(
      { ...body, reason: body.reason.trim() },
      { credentials, request: req },
    );
    res.status(201).json(created);
  });

  router.get('/access-requests', async (req, res) => {
    const credentials = await user(req);
    const query = parse(listQuery, req.query, 'query');
    const items = await requests.list(
      { ...query, mine: query.mine === 'true' },
      credentials,
    );
    res.json({ items });
  });

  router.get('/access-requests/:id', async (req, res) => {
    const credentials = await user(req);
    res.json(await requests.get(req.params.id, credentials));
  });

  for (const action of ['approve', 'reject'] as const) {
    router.post(`/access-requests/:id/${action}`, json, async (req, res) => {
      const credentials = await user(req);
      const { comment } = parse(decisionBody, req.body ?? {}, 'decision');
      const actor = { credentials, request: req };
      const note = comment?.trim() || undefined;
      res.json(
        action === 'approve'
          ? await requests.approve(req.params.id, note, actor)
          : await requests.reject(req.params.id, note, actor),
      );
    });
  }

  return router;
}

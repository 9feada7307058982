import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { LakehouseApiRouter } from '../../schema/openapi/generated';
import { AccessRequestService } from './AccessRequestService';

/** What `registerAccessRequestsRoutes` needs. */
export interface AccessRequestsRouterOptions {
  requests: AccessRequestService;
  httpAuth: HttpAuthService;
}

/**
 * Registers the access request API: `POST /access-requests`,
 * `GET /access-requests` (`?entityRef=&state=&mine=`),
 * `GET /access-requests/{id}` and `POST /access-requests/{id}/approve|reject`.
 * Users only; what each may do is decided by {@link AccessRequestService}.
 * The router has checked parameters and bodies against the spec; what the
 * spec cannot say (a blank reason, the configured longest duration) is
 * checked here.
 */
export function registerAccessRequestsRoutes(
  router: LakehouseApiRouter,
  options: AccessRequestsRouterOptions,
): void {
  const { requests, httpAuth } = options;

  const refuse = (problem: string) => {
    throw new InputError(`Invalid access request: ${problem}`);
  };

  router.post('/access-requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { entityRef, privilege, durationDays } = req.body;
    const reason = req.body.reason.trim();
    if (!reason) refuse('reason: must say why');
    if (durationDays > requests.maxDurationDays) {
      refuse(
        `durationDays: must be at most ${requests.maxDurationDays} days (lakehouse.governance.accessRequests.maxDurationDays)`,
      );
    }
    const created = await requests.create(
      { entityRef, privilege, reason, durationDays },
      { credentials, request: req },
    );
    res.status(201).json(created);
  });

  router.get('/access-requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { entityRef, state, mine } = req.query;
    const items = await requests.list(
      { entityRef, state, mine: mine === 'true' },
      credentials,
    );
    res.json({ items });
  });

  router.get('/access-requests/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await requests.get(req.params.id, credentials));
  });

  router.post('/access-requests/:id/approve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const actor = { credentials, request: req };
    res.json(await requests.approve(req.params.id, commentOf(req.body), actor));
  });

  router.post('/access-requests/:id/reject', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const actor = { credentials, request: req };
    res.json(await requests.reject(req.params.id, commentOf(req.body), actor));
  });
}

/** A decision's comment; a blank one is no comment. */
function commentOf(body: { comment?: string } | undefined) {
  return body?.comment?.trim() || undefined;
}

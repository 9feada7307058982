import express from 'express';
import Router from 'express-promise-router';
import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseGovernanceReadPermission } from '@internal/plugin-lakehouse-common';
import { DatasetReadersService } from './DatasetReadersService';

/** What `createReadersRouter` needs. */
export interface ReadersRouterOptions {
  readers: DatasetReadersService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

/**
 * `GET /governance/readers?entityRef=` (who can read a dataset) and
 * `GET /governance/readers?group=` (what a group can read), for users with
 * `lakehouse.governance.read`. A dataset the user may not see is 404.
 */
export function createReadersRouter(
  options: ReadersRouterOptions,
): express.Router {
  const { readers, httpAuth, permissions } = options;
  const router = Router();

  router.get('/governance/readers', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: lakehouseGovernanceReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to see who can read datasets (lakehouse.governance.read)',
      );
    }
    const { entityRef, group } = req.query;
    if (typeof entityRef === 'string' && entityRef && group === undefined) {
      res.json(await readers.readersOf(entityRef, credentials));
      return;
    }
    if (typeof group === 'string' && group && entityRef === undefined) {
      res.json(await readers.grantsOfGroup(group, credentials));
      return;
    }
    throw new InputError(
      'Give either entityRef (a dataset) or group (a group entity ref), once',
    );
  });

  return router;
}

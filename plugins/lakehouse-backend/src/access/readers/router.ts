import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseGovernanceReadPermission } from '@internal/plugin-lakehouse-common';
import { LakehouseApiRouter } from '../../schema/openapi/generated';
import { DatasetReadersService } from './DatasetReadersService';

/** What `registerReadersRoutes` needs. */
export interface ReadersRouterOptions {
  readers: DatasetReadersService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

/**
 * Registers `GET /governance/readers?entityRef=` (who can read a dataset)
 * and `GET /governance/readers?group=` (what a group can read), for users
 * with `lakehouse.governance.read`. A dataset the user may not see is 404.
 */
export function registerReadersRoutes(
  router: LakehouseApiRouter,
  options: ReadersRouterOptions,
): void {
  const { readers, httpAuth, permissions } = options;

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
    // The router refuses a parameter given twice; that exactly one of the
    // two is given, the spec cannot say.
    const { entityRef, group } = req.query;
    if (entityRef && group === undefined) {
      res.json(await readers.readersOf(entityRef, credentials));
      return;
    }
    if (group && entityRef === undefined) {
      res.json(await readers.grantsOfGroup(group, credentials));
      return;
    }
    throw new InputError(
      'Give either entityRef (a dataset) or group (a group entity ref), once',
    );
  });
}

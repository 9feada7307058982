import { useApi } from '@backstage/frontend-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { lakehouseAccessRequestApprovePermission } from '@internal/plugin-lakehouse-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * The datasets among `entityRefs` whose access requests the user may
 * approve or reject (`lakehouse.access-request.approve` on the dataset).
 * The permission API batches the checks into one request.
 */
export function useApprovableDatasets(entityRefs: string[]) {
  const permissionApi = useApi(permissionApiRef);
  // A stable key: the same datasets in another order ask nothing new.
  const key = [...new Set(entityRefs)].sort().join('\n');
  return useAsync(async () => {
    const refs = key ? key.split('\n') : [];
    const decisions = await Promise.all(
      refs.map(resourceRef =>
        permissionApi.authorize({
          permission: lakehouseAccessRequestApprovePermission,
          resourceRef,
        }),
      ),
    );
    // AuthorizeResult is a string enum of @backstage/plugin-permission-common.
    return new Set(
      refs.filter((_, i) => String(decisions[i].result) === 'ALLOW'),
    );
  }, [permissionApi, key]);
}

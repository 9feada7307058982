import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isDataset, isFeatureView } from '@internal/plugin-lakehouse-common';
import { Box } from '@material-ui/core';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { lineageRouteRef } from '../../routes';
import { LineageExplorer } from '../LineageExplorer';

/** A dataset's columns or a feature view's features, for column mode. */
export function entityColumns(entity: Entity): string[] | undefined {
  let list: unknown;
  if (isDataset(entity)) list = entity.spec?.columns;
  else if (isFeatureView(entity)) list = entity.spec?.features;
  if (!Array.isArray(list)) return undefined;
  return list
    .map(item => (item as { name?: unknown })?.name)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * The Lineage tab of datasets, feature views, feature services, models
 * and deployments: the entity's lineage graph, with a link to the full-page
 * explorer.
 */
export const LineageContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const lineageRoute = useRouteRef(lineageRouteRef);
  return (
    <>
      {lineageRoute && (
        <Box display="flex" justifyContent="flex-end" mb={1}>
          <LinkButton
            to={`${lineageRoute()}?${new URLSearchParams({ entityRef })}`}
            variant="outlined"
            color="primary"
            size="small"
            startIcon={<OpenInNewIcon />}
          >
            Open in lineage explorer
          </LinkButton>
        </Box>
      )}
      <LineageExplorer
        entityRef={entityRef}
        columns={entityColumns(entity)}
        graphHeight={560}
      />
    </>
  );
};

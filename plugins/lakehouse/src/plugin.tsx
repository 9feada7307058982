import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isDataset } from '@internal/plugin-lakehouse-common';
import StorageIcon from '@material-ui/icons/Storage';
import { rootRouteRef } from './routes';

const lakehousePage = PageBlueprint.make({
  params: {
    path: '/lakehouse',
    title: 'Lakehouse',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/LakehousePage').then(m => <m.LakehousePage />),
  },
});

const datasetOverviewCard = EntityCardBlueprint.make({
  name: 'dataset-overview',
  params: {
    filter: isDataset,
    type: 'info',
    loader: () =>
      import('./components/DatasetOverviewCard').then(m => (
        <m.DatasetOverviewCard />
      )),
  },
});

const datasetSchemaContent = EntityContentBlueprint.make({
  name: 'dataset-schema',
  params: {
    path: '/schema',
    title: 'Schema',
    filter: isDataset,
    loader: () =>
      import('./components/DatasetSchemaContent').then(m => (
        <m.DatasetSchemaContent />
      )),
  },
});

/**
 * The lakehouse plugin: the lakehouse overview page, and the overview card
 * and schema tab of dataset entities.
 *
 * @public
 */
export const lakehousePlugin = createFrontendPlugin({
  pluginId: 'lakehouse',
  title: 'Lakehouse',
  icon: <StorageIcon />,
  routes: { root: rootRouteRef },
  extensions: [lakehousePage, datasetOverviewCard, datasetSchemaContent],
});

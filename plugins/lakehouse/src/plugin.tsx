import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isDataset } from '@internal/plugin-lakehouse-common';
import StorageIcon from '@material-ui/icons/Storage';
import { LakehouseClient, lakehouseApiRef } from './api';
import { hasDbtSql, hasSnapshots } from './dataset';
import { rootRouteRef } from './routes';

const lakehouseApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: lakehouseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LakehouseClient({ discoveryApi, fetchApi }),
    }),
});

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

const datasetHistoryContent = EntityContentBlueprint.make({
  name: 'dataset-history',
  params: {
    path: '/history',
    title: 'History',
    filter: hasSnapshots,
    loader: () =>
      import('./components/DatasetHistoryContent').then(m => (
        <m.DatasetHistoryContent />
      )),
  },
});

// The SQL tab pulls in the syntax highlighter: loaded only when opened.
const datasetSqlContent = EntityContentBlueprint.make({
  name: 'dataset-sql',
  params: {
    path: '/sql',
    title: 'SQL',
    filter: hasDbtSql,
    loader: () =>
      import('./components/DatasetSqlContent').then(m => (
        <m.DatasetSqlContent />
      )),
  },
});

/**
 * The lakehouse plugin: the lakehouse overview page with the state of the
 * dataset sources, and the overview card and the schema, history and SQL
 * tabs of dataset entities.
 *
 * @public
 */
export const lakehousePlugin = createFrontendPlugin({
  pluginId: 'lakehouse',
  title: 'Lakehouse',
  icon: <StorageIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    lakehouseApi,
    lakehousePage,
    datasetOverviewCard,
    datasetSchemaContent,
    datasetHistoryContent,
    datasetSqlContent,
  ],
});

import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  PluginHeaderActionBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isDataset } from '@internal/plugin-lakehouse-common';
import CodeIcon from '@material-ui/icons/Code';
import StorageIcon from '@material-ui/icons/Storage';
import { LakehouseClient, lakehouseApiRef } from './api';
import { hasDbtSql, hasSnapshots } from './dataset';
import { rootRouteRef, sqlConsoleRouteRef } from './routes';

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

// The console page loads the page; the page loads the SQL editor once the
// user's permission is known.
const sqlConsolePage = PageBlueprint.make({
  name: 'sql-console',
  params: {
    path: '/lakehouse/sql',
    title: 'SQL console',
    icon: <CodeIcon />,
    routeRef: sqlConsoleRouteRef,
    loader: () =>
      import('./components/SqlConsolePage').then(m => <m.SqlConsolePage />),
  },
});

// In the header of the plugin's pages, next to the title.
const sqlConsoleHeaderAction = PluginHeaderActionBlueprint.make({
  name: 'sql-console-link',
  params: {
    loader: () =>
      import('./components/SqlConsoleLink').then(m => <m.SqlConsoleLink />),
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

const datasetPreviewContent = EntityContentBlueprint.make({
  name: 'dataset-preview',
  params: {
    path: '/preview',
    title: 'Preview',
    filter: isDataset,
    loader: () =>
      import('./components/DatasetPreviewContent').then(m => (
        <m.DatasetPreviewContent />
      )),
  },
});

/**
 * The lakehouse plugin: the lakehouse overview page with the state of the
 * dataset sources, the SQL console, and the overview card and the schema,
 * history, SQL and preview tabs of dataset entities.
 *
 * @public
 */
export const lakehousePlugin = createFrontendPlugin({
  pluginId: 'lakehouse',
  title: 'Lakehouse',
  icon: <StorageIcon />,
  routes: { root: rootRouteRef, sqlConsole: sqlConsoleRouteRef },
  extensions: [
    lakehouseApi,
    lakehousePage,
    sqlConsolePage,
    sqlConsoleHeaderAction,
    datasetOverviewCard,
    datasetSchemaContent,
    datasetHistoryContent,
    datasetSqlContent,
    datasetPreviewContent,
  ],
});

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
import { Entity } from '@backstage/catalog-model';
import {
  isAiModel,
  isDataset,
  isFeatureService,
  isFeatureView,
  isModelServer,
} from '@internal/plugin-lakehouse-common';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import CodeIcon from '@material-ui/icons/Code';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import PolicyIcon from '@material-ui/icons/Policy';
import StorageIcon from '@material-ui/icons/Storage';
import { LakehouseClient, lakehouseApiRef } from './api';
import { hasDbtSql, hasSnapshots } from './dataset';
import { hasDriftMonitoring } from './drift';
import {
  accessRequestsRouteRef,
  governanceRouteRef,
  lineageRouteRef,
  rootRouteRef,
  sqlConsoleRouteRef,
} from './routes';

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

// The graph library and the explorer load with the tab or the page only;
// the layout engine loads later still, in a web worker.
const lineagePage = PageBlueprint.make({
  name: 'lineage',
  params: {
    path: '/lakehouse/lineage',
    // Not just "Lineage": that is the name of the entity pages' tab.
    title: 'Lineage explorer',
    icon: <AccountTreeIcon />,
    routeRef: lineageRouteRef,
    loader: () =>
      import('./components/LineagePage').then(m => <m.LineagePage />),
  },
});

const lineageHeaderAction = PluginHeaderActionBlueprint.make({
  name: 'lineage-explorer-link',
  params: {
    loader: () =>
      import('./components/LineageExplorerLink').then(m => (
        <m.LineageExplorerLink />
      )),
  },
});

/** The entities that take part in lineage from raw data to deployments. */
const hasLineage = (entity: Entity) =>
  isDataset(entity) ||
  isFeatureView(entity) ||
  isFeatureService(entity) ||
  isAiModel(entity) ||
  isModelServer(entity);

const lineageContent = EntityContentBlueprint.make({
  name: 'lineage',
  params: {
    path: '/lineage',
    title: 'Lineage',
    filter: hasLineage,
    loader: () =>
      import('./components/LineageContent').then(m => <m.LineageContent />),
  },
});

const driftContent = EntityContentBlueprint.make({
  name: 'drift',
  params: {
    path: '/drift',
    title: 'Drift',
    filter: hasDriftMonitoring,
    loader: () =>
      import('./components/DriftContent').then(m => <m.DriftContent />),
  },
});

const driftSummaryCard = EntityCardBlueprint.make({
  name: 'drift-summary',
  params: {
    filter: hasDriftMonitoring,
    type: 'info',
    loader: () =>
      import('./components/DriftSummaryCard').then(m => <m.DriftSummaryCard />),
  },
});

const governancePage = PageBlueprint.make({
  name: 'governance',
  params: {
    path: '/lakehouse/governance',
    title: 'Governance',
    icon: <PolicyIcon />,
    routeRef: governanceRouteRef,
    loader: () =>
      import('./components/GovernancePage').then(m => <m.GovernancePage />),
  },
});

// Shown to users allowed to see the governance page only.
const governanceHeaderAction = PluginHeaderActionBlueprint.make({
  name: 'governance-link',
  params: {
    loader: () =>
      import('./components/GovernanceLink').then(m => <m.GovernanceLink />),
  },
});

// Notifications of access requests link here with `?id=`.
const accessRequestsPage = PageBlueprint.make({
  name: 'access-requests',
  params: {
    path: '/lakehouse/access-requests',
    title: 'Access requests',
    icon: <LockOpenIcon />,
    routeRef: accessRequestsRouteRef,
    loader: () =>
      import('./components/AccessRequestsPage').then(m => (
        <m.AccessRequestsPage />
      )),
  },
});

const accessRequestsHeaderAction = PluginHeaderActionBlueprint.make({
  name: 'access-requests-link',
  params: {
    loader: () =>
      import('./components/AccessRequestsLink').then(m => (
        <m.AccessRequestsLink />
      )),
  },
});

const datasetReadersCard = EntityCardBlueprint.make({
  name: 'dataset-readers',
  params: {
    filter: isDataset,
    loader: () =>
      import('./components/DatasetReadersCard').then(m => (
        <m.DatasetReadersCard />
      )),
  },
});

const isGroup = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'group';

const groupGrantsCard = EntityCardBlueprint.make({
  name: 'group-grants',
  params: {
    filter: isGroup,
    loader: () =>
      import('./components/GroupGrantsCard').then(m => <m.GroupGrantsCard />),
  },
});

/**
 * The lakehouse plugin: the lakehouse overview page with the state of the
 * dataset sources, the SQL console, the lineage explorer, the overview
 * card and the schema, history, SQL and preview tabs of dataset entities,
 * the Lineage tab of datasets, feature views and services, models and
 * deployments, and the Drift tab and card of models and feature views;
 * governance: the governance page, access requests, "Who can read this"
 * on datasets and "Lakehouse grants" on groups.
 *
 * @public
 */
export const lakehousePlugin = createFrontendPlugin({
  pluginId: 'lakehouse',
  title: 'Lakehouse',
  icon: <StorageIcon />,
  routes: {
    root: rootRouteRef,
    sqlConsole: sqlConsoleRouteRef,
    lineage: lineageRouteRef,
    governance: governanceRouteRef,
    accessRequests: accessRequestsRouteRef,
  },
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
    lineagePage,
    lineageHeaderAction,
    lineageContent,
    driftContent,
    driftSummaryCard,
    governancePage,
    governanceHeaderAction,
    accessRequestsPage,
    accessRequestsHeaderAction,
    datasetReadersCard,
    groupGrantsCard,
  ],
});

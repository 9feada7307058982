import appBackend from '@backstage/plugin-app-backend';
import proxyBackend from '@backstage/plugin-proxy-backend';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderNotificationsModule from '@backstage/plugin-scaffolder-backend-module-notifications';
import techdocsBackend from '@backstage/plugin-techdocs-backend';
import authBackend from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import oauth2ProxyProviderModule from '@backstage/plugin-auth-backend-module-oauth2-proxy-provider';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogScaffolderEntityModelModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogLogsModule from '@backstage/plugin-catalog-backend-module-logs';
import permissionBackend from '@backstage/plugin-permission-backend';
import searchBackend from '@backstage/plugin-search-backend';
import searchPgModule from '@backstage/plugin-search-backend-module-pg';
import searchCatalogModule from '@backstage/plugin-search-backend-module-catalog';
import searchTechdocsModule from '@backstage/plugin-search-backend-module-techdocs';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import userSettingsBackend from '@backstage/plugin-user-settings-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import signalsBackend from '@backstage/plugin-signals-backend';
import mcpActionsBackend from '@backstage/plugin-mcp-actions-backend';
import lakehouseBackend from '@internal/plugin-lakehouse-backend';
import featureStoreBackend from '@internal/plugin-feature-store-backend';
import catalogLakehouseDatasetsModule from '@internal/plugin-catalog-backend-module-lakehouse';
import scaffolderLakehouseModule from '@internal/plugin-scaffolder-backend-module-lakehouse';
import techdocsLakehouseModule from '@internal/plugin-techdocs-backend-module-lakehouse';
import searchLakehouseModule from '@internal/plugin-search-backend-module-lakehouse';
import { lakehousePermissionPolicyModule } from './modules/permissionPolicy';

/**
 * Every backend feature of the portal, in one list so that the server
 * (index.ts) and the tests that boot it start exactly the same backend.
 */
export const portalFeatures = [
  appBackend,
  proxyBackend,

  // Golden-path templates
  scaffolderBackend,
  scaffolderGithubModule,
  scaffolderNotificationsModule,
  // Golden-path actions: validate dbt, Feast and KServe output; apply to Kubernetes
  scaffolderLakehouseModule,

  // Learning guides
  techdocsBackend,
  // Every docs site built in the background at start, from a copy of its
  // sources, then indexed for search; GET /api/techdocs/docs-status
  techdocsLakehouseModule,

  // Sign-in: guest for local use; behind oauth2-proxy (which signs users in
  // with any OIDC provider) when auth.providers.oauth2Proxy is configured;
  // add other providers through config
  authBackend,
  guestProviderModule,
  oauth2ProxyProviderModule,

  // Software catalog
  catalogBackend,
  catalogScaffolderEntityModelModule,
  catalogLogsModule,
  // Datasets discovered from dbt manifests, Iceberg REST catalogs and Trino;
  // feature views, models and deployments from Feast, MLflow and KServe
  catalogLakehouseDatasetsModule,

  // Permissions, decided by the portal's own policy
  permissionBackend,
  lakehousePermissionPolicyModule,

  // Search: PostgreSQL engine when the database is PostgreSQL, in-memory otherwise
  searchBackend,
  searchPgModule,
  // The in-memory engine answers a search of a type not indexed yet (docs
  // before their sites are built) with no results instead of an error
  searchLakehouseModule,
  searchCatalogModule,
  searchTechdocsModule,

  kubernetesBackend,
  userSettingsBackend,
  notificationsBackend,
  signalsBackend,

  // Catalog and scaffolder actions exposed to AI agents over MCP
  mcpActionsBackend,

  // The lakehouse portal's own plugins
  lakehouseBackend,
  // Online feature lookups through the Feast feature server
  featureStoreBackend,
];

import { lakehousePermissionPolicyModule } from './modules/permissionPolicy';

/**
 * Every backend feature of the portal, in one list so that the server
 * (index.ts) and the tests that boot it start exactly the same backend.
 */
export const portalFeatures = [
  import('@backstage/plugin-app-backend'),
  import('@backstage/plugin-proxy-backend'),

  // Golden-path templates
  import('@backstage/plugin-scaffolder-backend'),
  import('@backstage/plugin-scaffolder-backend-module-github'),
  import('@backstage/plugin-scaffolder-backend-module-notifications'),

  // Learning guides
  import('@backstage/plugin-techdocs-backend'),

  // Sign-in: guest for local use; add real providers through config
  import('@backstage/plugin-auth-backend'),
  import('@backstage/plugin-auth-backend-module-guest-provider'),

  // Software catalog
  import('@backstage/plugin-catalog-backend'),
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  import('@backstage/plugin-catalog-backend-module-logs'),

  // Permissions, decided by the portal's own policy
  import('@backstage/plugin-permission-backend'),
  lakehousePermissionPolicyModule,

  // Search: PostgreSQL engine when the database is PostgreSQL, in-memory otherwise
  import('@backstage/plugin-search-backend'),
  import('@backstage/plugin-search-backend-module-pg'),
  import('@backstage/plugin-search-backend-module-catalog'),
  import('@backstage/plugin-search-backend-module-techdocs'),

  import('@backstage/plugin-kubernetes-backend'),
  import('@backstage/plugin-user-settings-backend'),
  import('@backstage/plugin-notifications-backend'),
  import('@backstage/plugin-signals-backend'),

  // Catalog, scaffolder and lakehouse actions exposed to AI agents over MCP
  import('@backstage/plugin-mcp-actions-backend'),

  // The lakehouse portal's own plugins
  import('@internal/plugin-lakehouse-backend'),
];

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { IndexTolerantSearchEngine } from './IndexTolerantSearchEngine';

/**
 * The in-memory search engine the portal uses when its database is not
 * PostgreSQL (the PostgreSQL module's engine takes over there), made to
 * answer a search of a type whose index is not built yet with no results
 * instead of an error.
 *
 * @public
 */
export const searchModuleLakehouse = createBackendModule({
  pluginId: 'search',
  moduleId: 'lakehouse',
  register(reg) {
    reg.registerInit({
      deps: {
        engines: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ engines, database, logger }) {
        // Only one engine may be registered; PostgreSQL's has no such gap.
        if (await PgSearchEngine.supported(database)) return;
        engines.setSearchEngine(
          new IndexTolerantSearchEngine(new LunrSearchEngine({ logger })),
        );
      },
    });
  },
});

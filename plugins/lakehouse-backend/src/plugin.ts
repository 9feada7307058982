import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { lakehousePermissions } from '@internal/plugin-lakehouse-common';
import { buildDemoWarehouse } from './demo/buildDemoWarehouse';
import { readDemoLakehouseConfig } from './demo/config';
import { writeDemoFeastRegistry } from './demo/feastRegistry';
import { readQueryConfig } from './query/config';
import { DuckDbEngine } from './query/engines/DuckDbEngine';
import { TrinoEngine } from './query/engines/TrinoEngine';
import { QueryEngine } from './query/engines/types';
import { EngineUserResolver } from './query/engineUser';
import { QueryHistoryStore } from './query/QueryHistoryStore';
import { QueryService } from './query/QueryService';
import { createQueryRouter } from './query/router';

/**
 * The lakehouse backend plugin: the SQL console's query service on Trino
 * (when `lakehouse.trino` is configured) and on an embedded DuckDB over the
 * demo lakehouse (when `lakehouse.demo` is), which it builds at start-up.
 *
 * @public
 */
export const lakehousePlugin = createBackendPlugin({
  pluginId: 'lakehouse',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, config } = deps;
        deps.permissionsRegistry.addPermissions(lakehousePermissions);
        const queryConfig = readQueryConfig(config);

        const engines: QueryEngine[] = [];
        if (queryConfig.trino) engines.push(new TrinoEngine(queryConfig.trino));

        const demo = readDemoLakehouseConfig(config);
        if (demo) {
          const started = Date.now();
          const { index, rebuilt } = await buildDemoWarehouse(demo);
          logger.info(
            rebuilt
              ? `Built the demo lakehouse: ${index.tables.length} tables in ${
                  demo.warehouseDir
                } (${Date.now() - started} ms)`
              : `Demo lakehouse is up to date: ${index.tables.length} tables in ${demo.warehouseDir}`,
          );
          const registry = await writeDemoFeastRegistry(demo.projectDir);
          if (registry?.written) {
            logger.info(`Wrote the demo Feast registry ${registry.file}`);
          }
          engines.push(
            await DuckDbEngine.create({
              warehouseDir: demo.warehouseDir,
              tables: index.tables,
            }),
          );
        }
        if (engines.length === 0) {
          logger.warn(
            'No query engine: configure lakehouse.trino, or lakehouse.demo for the embedded DuckDB',
          );
        } else {
          logger.info(
            `Query engines: ${engines.map(e => e.id).join(', ')} (default ${
              engines[0].id
            })`,
          );
        }

        const queries = QueryService.create({
          engines,
          history: await QueryHistoryStore.create(deps.database),
          settings: queryConfig.settings,
          logger,
        });
        deps.lifecycle.addShutdownHook(() => queries.stop());
        deps.httpRouter.use(
          createQueryRouter({
            queries,
            config: queryConfig,
            engineUsers: new EngineUserResolver(
              queryConfig.impersonation,
              deps.catalog,
            ),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            catalog: deps.catalog,
            logger,
          }),
        );
      },
    });
  },
});

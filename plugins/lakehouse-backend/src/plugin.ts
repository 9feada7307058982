import express from 'express';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
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
import { registerQueryRoutes } from './query/router';
import { readDriftConfig } from './drift/config';
import { DriftReportStore } from './drift/DriftReportStore';
import { DriftService } from './drift/DriftService';
import { registerDriftRoutes } from './drift/router';
import { readLineageConfig } from './lineage/config';
import { registerLineageActions } from './lineage/graph/actions';
import {
  createSqlLineage,
  readLineageEntities,
  visibleEntityRefs,
} from './lineage/graph/catalogSources';
import { LineageService } from './lineage/graph/LineageService';
import { registerLineageRoutes } from './lineage/graph/router';
import { createLakehouseAccess } from './access';
import { createGovernance } from './governance';
import {
  createOpenLineageRouter,
  OpenLineageStore,
  readOpenLineageConfig,
} from './lineage/openlineage';
import { createOpenApiRouter } from './schema/openapi/generated';

/**
 * The lakehouse backend plugin: the SQL console's query service on Trino
 * (when `lakehouse.trino` is configured) and on an embedded DuckDB over the
 * demo lakehouse (when `lakehouse.demo` is), which it builds at start-up;
 * the lineage of the lakehouse, down to columns, with the OpenLineage
 * intake and the lineage and impact actions for agents; and the drift
 * monitors of models and feature views, computed in those engines.
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
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        notifications: notificationService,
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

        // One after the other: both run the plugin's migrations.
        const history = await QueryHistoryStore.create(deps.database);
        const openLineageConfig = readOpenLineageConfig(config);
        const openLineage = await OpenLineageStore.create(
          deps.database,
          openLineageConfig,
        );

        const driftStore = await DriftReportStore.create(deps.database);

        const queries = QueryService.create({
          engines,
          history,
          settings: queryConfig.settings,
          logger,
        });
        deps.lifecycle.addShutdownHook(() => queries.stop());
        if (queryConfig.trino) {
          await deps.scheduler.scheduleTask({
            id: 'lakehouse-stale-trino-queries',
            // Trino console queries are in the database, continued by any
            // replica: one replica at a time cancels those nobody fetches.
            scope: 'global',
            frequency: { seconds: queries.staleCheckSeconds },
            timeout: { minutes: 1 },
            fn: async () => {
              await queries.cancelStaleEngineQueries();
            },
          });
        }

        const lineageConfig = readLineageConfig(config);
        const lineage = LineageService.create({
          sources: {
            readEntities: () => readLineageEntities(deps.catalog, deps.auth),
            sqlLineage: createSqlLineage({
              onProblems: problems =>
                logger.warn(
                  `Column lineage is incomplete for ${
                    problems.length
                  } parts of dbt models, e.g. ${problems
                    .slice(0, 3)
                    .join('; ')}`,
                ),
            }),
            jobs: () => openLineage.jobs(),
            jobsVersion: () => openLineage.version(),
            visibleTo: (refs, credentials) =>
              visibleEntityRefs(deps.catalog, refs, credentials),
          },
          logger,
          maxAgeMs: lineageConfig.maxAgeMs,
        });
        await deps.scheduler.scheduleTask({
          id: 'lakehouse-lineage-index',
          // Every replica answers from its own index.
          scope: 'local',
          ...lineageConfig.refresh,
          fn: async () => {
            await lineage.refresh();
          },
        });
        registerLineageActions(deps.actionsRegistry, lineage);

        // The API of src/schema/openapi.yaml: every route is registered on
        // this router, typed by the spec, which refuses requests the spec
        // does not allow. Its JSON parser takes statements of up to 256 kB.
        const api = createOpenApiRouter({
          middleware: [express.json({ limit: '256kb' })],
        });

        // Access requests and who can read what in Polaris; then governance,
        // whose dataset permission rules see the approved requests. One
        // after the other: both run the plugin's migrations.
        const access = await createLakehouseAccess({
          config,
          database: deps.database,
          logger,
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          auditor: deps.auditor,
          catalog: deps.catalog,
          notifications: deps.notifications,
          router: api,
        });
        const governance = await createGovernance({
          config,
          database: deps.database,
          lineage,
          catalog: deps.catalog,
          auth: deps.auth,
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          permissionsRegistry: deps.permissionsRegistry,
          auditor: deps.auditor,
          logger,
          accessGrants: access.grants,
          pendingAccessRequests: access.pendingRequests,
          router: api,
        });
        await deps.scheduler.scheduleTask(access.expiryTask);
        // Before the API router, whose JSON parser and validation would read
        // (and limit) the event bodies first: the intake takes events of any
        // content type, compressed, up to its own limit, and checks them
        // against the OpenLineage spec itself.
        deps.httpRouter.use(
          createOpenLineageRouter({
            store: openLineage,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger,
            maxBodyBytes: openLineageConfig.maxBodyBytes,
          }),
        );
        deps.httpRouter.use(api);
        registerLineageRoutes(api, { lineage, httpAuth: deps.httpAuth });
        const drift = new DriftService({
          config: readDriftConfig(config),
          engines,
          store: driftStore,
          catalog: deps.catalog,
          auth: deps.auth,
          permissions: deps.permissions,
          logger,
          readOnly: {
            forbiddenCatalogs: queryConfig.forbiddenCatalogs,
            allowedCatalogs: queryConfig.allowedCatalogs,
          },
          notifications: deps.notifications,
          classifications: governance.classifications,
        });
        for (const monitor of drift.monitors) {
          await deps.scheduler.scheduleTask({
            id: `lakehouse-drift-${monitor.id}`,
            // One replica runs each monitor; its reports are shared.
            scope: 'global',
            ...monitor.schedule,
            fn: async abortSignal => {
              await drift.run(monitor.id, { signal: abortSignal });
            },
          });
        }
        if (drift.monitors.length) {
          logger.info(
            `Drift monitors: ${drift.monitors.map(m => m.id).join(', ')}`,
          );
        }
        registerDriftRoutes(api, {
          drift,
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          auditor: deps.auditor,
        });
        registerQueryRoutes(api, {
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
          auth: deps.auth,
          logger,
        });
      },
    });
  },
});

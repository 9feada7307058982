import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readDatasetSourcesConfig } from './config';
import { LakehouseDatasetProvider } from './provider/LakehouseDatasetProvider';
import { SnapshotStore } from './provider/SnapshotStore';
import { createSourcesRouter } from './router';
import { createDatasetSources } from './sources/createDatasetSources';

/**
 * Catalog module that discovers lakehouse datasets from the sources under
 * `catalog.providers.dbt`, `catalog.providers.iceberg` and
 * `catalog.providers.trino`, merging what they say about each table into
 * one dataset entity.
 *
 * @public
 */
export const catalogModuleLakehouseDatasets = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'lakehouse-datasets',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        urlReader,
        database,
        httpRouter,
        httpAuth,
      }) {
        const configs = readDatasetSourcesConfig(config);
        const provider = LakehouseDatasetProvider.create({
          sources: createDatasetSources(configs, urlReader),
          store: await SnapshotStore.create(database),
          scheduler,
          logger,
        });
        catalog.addEntityProvider(provider);
        httpRouter.use(
          createSourcesRouter({
            httpAuth,
            getStatus: () => provider.getStatus(),
          }),
        );
        logger.info(
          configs.length
            ? `Reading datasets from ${configs.map(c => c.id).join(', ')}`
            : 'No dataset sources configured (catalog.providers.dbt, .iceberg, .trino)',
        );
      },
    });
  },
});

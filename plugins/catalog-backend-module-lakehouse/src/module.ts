import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readDatasetSourcesConfig, readMutationSize } from './config';
import { readMlSourcesConfig } from './mlConfig';
import { LakehouseDatasetProvider } from './provider/LakehouseDatasetProvider';
import { LakehouseMlProvider } from './provider/LakehouseMlProvider';
import { SnapshotStore } from './provider/SnapshotStore';
import { createSourcesRouter } from './router';
import { createDatasetSources } from './sources/createDatasetSources';
import { createMlSources } from './sources/createMlSources';

/**
 * Catalog module that discovers the lakehouse: datasets from the sources
 * under `catalog.providers.dbt`, `.iceberg` and `.trino` (merging what they
 * say about each table into one dataset entity), and feature views, feature
 * services, models and model deployments from `catalog.providers.feast`,
 * `.mlflow` and `.kserve`, linked to the datasets and to each other.
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
        const datasetConfigs = readDatasetSourcesConfig(config);
        const mlConfigs = readMlSourcesConfig(config);
        const store = await SnapshotStore.create(database);
        const mutationSize = readMutationSize(config);

        const datasets = LakehouseDatasetProvider.create({
          sources: createDatasetSources(datasetConfigs, urlReader),
          store,
          scheduler,
          logger,
          mutationSize,
        });
        const ml = LakehouseMlProvider.create({
          sources: createMlSources(mlConfigs, {
            urlReader,
            rootConfig: config,
          }),
          store,
          scheduler,
          logger,
          mutationSize,
          datasetLocations: () => datasets.datasetLocations(),
        });
        // Feature views link to datasets by location: when the datasets
        // change, the ML entities are built again (and emitted only if a
        // link changed).
        datasets.onEmitted(() => {
          ml.rebuild().catch(error =>
            logger.error(
              `Could not link feature views to the changed datasets: ${error}`,
            ),
          );
        });
        catalog.addEntityProvider(datasets);
        catalog.addEntityProvider(ml);
        httpRouter.use(
          createSourcesRouter({
            httpAuth,
            getStatus: () => [...datasets.getStatus(), ...ml.getStatus()],
          }),
        );
        const ids = [...datasetConfigs, ...mlConfigs].map(c => c.id);
        logger.info(
          ids.length
            ? `Reading the lakehouse from ${ids.join(', ')}`
            : 'No lakehouse sources configured (catalog.providers.dbt, .iceberg, .trino, .feast, .mlflow, .kserve)',
        );
      },
    });
  },
});

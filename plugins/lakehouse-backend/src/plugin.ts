import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { buildDemoWarehouse } from './demo/buildDemoWarehouse';
import { readDemoLakehouseConfig } from './demo/config';

/**
 * The lakehouse backend plugin. At start-up it makes sure the demo
 * lakehouse's Parquet files exist when `lakehouse.demo` is configured.
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
      },
      async init({ logger, config }) {
        const demo = readDemoLakehouseConfig(config);
        if (!demo) {
          logger.info(
            'No lakehouse.demo configured; running without demo data',
          );
          return;
        }
        const started = Date.now();
        const { index, rebuilt } = await buildDemoWarehouse(demo);
        logger.info(
          rebuilt
            ? `Built the demo lakehouse: ${index.tables.length} tables in ${
                demo.warehouseDir
              } (${Date.now() - started} ms)`
            : `Demo lakehouse is up to date: ${index.tables.length} tables in ${demo.warehouseDir}`,
        );
      },
    });
  },
});

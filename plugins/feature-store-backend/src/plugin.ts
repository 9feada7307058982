import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { featureStorePermissions } from '@internal/plugin-feature-store-common';
import { readFeatureServerConfig } from './config';
import { createRouter } from './router';
import { OnlineFeaturesService } from './service/OnlineFeaturesService';

/**
 * The feature store backend plugin: online lookups of feature views and
 * feature services through the Feast feature server of their project
 * (`POST /api/feature-store/online-features`), as the signed-in user, with
 * the `feature-store.online-features.read` permission and an audit event.
 *
 * @public
 */
export const featureStorePlugin = createBackendPlugin({
  pluginId: 'feature-store',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(featureStorePermissions);
        const config = readFeatureServerConfig(deps.config);
        if (!config.defaultUrl && config.projectUrls.size === 0) {
          deps.logger.warn(
            'No Feast feature server configured: online lookups answer 503 until lakehouse.feast.featureServerUrl (or lakehouse.feast.projects.<project>.featureServerUrl) is set',
          );
        }
        deps.httpRouter.use(
          createRouter({
            onlineFeatures: OnlineFeaturesService.create({
              catalog: deps.catalog,
              permissions: deps.permissions,
              config,
            }),
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});

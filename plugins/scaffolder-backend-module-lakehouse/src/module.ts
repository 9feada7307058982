import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createDbtModelValidateAction } from './actions/dbt';
import { createFeastFeatureViewValidateAction } from './actions/feast';
import { createInferenceServiceValidateAction } from './actions/kserve';
import { createKubernetesApplyAction } from './actions/kubernetes';

/**
 * The scaffolder actions of the lakehouse golden paths: check a generated
 * dbt model, Feast feature view or KServe InferenceService against what the
 * platform already has, and apply manifests to a Kubernetes cluster.
 *
 * @public
 */
export const scaffolderModuleLakehouse = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'lakehouse',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, logger }) {
        scaffolder.addActions(
          createDbtModelValidateAction({ config }),
          createFeastFeatureViewValidateAction({ config }),
          createInferenceServiceValidateAction(),
          createKubernetesApplyAction({ config, logger }),
        );
      },
    });
  },
});

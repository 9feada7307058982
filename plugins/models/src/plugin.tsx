import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isAiModel, isModelServer } from '@internal/plugin-lakehouse-common';

const modelVersionsCard = EntityCardBlueprint.make({
  name: 'model-versions',
  params: {
    filter: isAiModel,
    type: 'content',
    loader: () =>
      import('./components/ModelVersionsCard').then(m => (
        <m.ModelVersionsCard />
      )),
  },
});

const modelDeploymentCard = EntityCardBlueprint.make({
  name: 'model-deployment',
  params: {
    filter: isModelServer,
    type: 'info',
    loader: () =>
      import('./components/ModelDeploymentCard').then(m => (
        <m.ModelDeploymentCard />
      )),
  },
});

/**
 * The models plugin: versions of registered models and the deployments
 * that serve them, on their entity pages.
 *
 * @public
 */
export const modelsPlugin = createFrontendPlugin({
  pluginId: 'models',
  title: 'Models',
  extensions: [modelVersionsCard, modelDeploymentCard],
});

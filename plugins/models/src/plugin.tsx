import { Entity } from '@backstage/catalog-model';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isAiModel, isModelServer } from '@internal/plugin-lakehouse-common';
import { hasInferenceService } from './models';

/** Cards that only have something to say with live status from the KServe provider. */
const isDiscoveredDeployment = (entity: Entity) =>
  isModelServer(entity) && hasInferenceService(entity);

const modelCard = EntityCardBlueprint.make({
  name: 'model-card',
  params: {
    filter: isAiModel,
    type: 'info',
    loader: () => import('./components/ModelCard').then(m => <m.ModelCard />),
  },
});

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

const modelMetricChartCard = EntityCardBlueprint.make({
  name: 'model-metric-chart',
  params: {
    filter: isAiModel,
    type: 'content',
    loader: () =>
      import('./components/ModelMetricChartCard').then(m => (
        <m.ModelMetricChartCard />
      )),
  },
});

const trainedOnCard = EntityCardBlueprint.make({
  name: 'trained-on',
  params: {
    filter: isAiModel,
    type: 'info',
    loader: () =>
      import('./components/TrainedOnCard').then(m => <m.TrainedOnCard />),
  },
});

const modelDeploymentsCard = EntityCardBlueprint.make({
  name: 'model-deployments',
  params: {
    filter: isAiModel,
    type: 'info',
    loader: () =>
      import('./components/ModelDeploymentsCard').then(m => (
        <m.ModelDeploymentsCard />
      )),
  },
});

const deploymentStatusCard = EntityCardBlueprint.make({
  name: 'deployment-status',
  params: {
    filter: isModelServer,
    type: 'info',
    loader: () =>
      import('./components/DeploymentStatusCard').then(m => (
        <m.DeploymentStatusCard />
      )),
  },
});

const deploymentPredictorCard = EntityCardBlueprint.make({
  name: 'deployment-predictor',
  params: {
    filter: isDiscoveredDeployment,
    type: 'info',
    loader: () =>
      import('./components/DeploymentPredictorCard').then(m => (
        <m.DeploymentPredictorCard />
      )),
  },
});

const deploymentConditionsCard = EntityCardBlueprint.make({
  name: 'deployment-conditions',
  params: {
    filter: isDiscoveredDeployment,
    type: 'content',
    loader: () =>
      import('./components/DeploymentConditionsCard').then(m => (
        <m.DeploymentConditionsCard />
      )),
  },
});

const deploymentTrafficCard = EntityCardBlueprint.make({
  name: 'deployment-traffic',
  params: {
    filter: isDiscoveredDeployment,
    type: 'content',
    loader: () =>
      import('./components/DeploymentTrafficCard').then(m => (
        <m.DeploymentTrafficCard />
      )),
  },
});

/**
 * The models plugin: registered models (model card, versions, a metric
 * compared across versions, training data, deployments) and model
 * deployments (readiness, conditions, predictor, traffic split, served
 * model) on their entity pages.
 *
 * @public
 */
export const modelsPlugin = createFrontendPlugin({
  pluginId: 'models',
  title: 'Models',
  extensions: [
    modelCard,
    modelVersionsCard,
    modelMetricChartCard,
    trainedOnCard,
    modelDeploymentsCard,
    deploymentStatusCard,
    deploymentPredictorCard,
    deploymentConditionsCard,
    deploymentTrafficCard,
  ],
});

import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { getEntityRelations, useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityLinkGroups,
  useCatalogEntities,
} from '@internal/plugin-lakehouse-react';
import { Typography } from '@material-ui/core';
import { getRefList } from '../../models';

const GROUPS = [
  { type: 'feature-service', title: 'Feature services' },
  { type: 'feature-view', title: 'Feature views' },
  { type: 'dataset', title: 'Datasets' },
] as const;

type GroupType = (typeof GROUPS)[number]['type'];

/**
 * Sorts what the model was trained on into feature services, feature views
 * and datasets: refs named by `spec.featureServices` and
 * `spec.trainingDatasets` by those fields, other upstream resources (a
 * model declared in YAML only lists `dependsOn`) by what the catalog says
 * they are.
 */
function groupTrainingData(
  featureServices: string[],
  trainingDatasets: string[],
  upstream: string[],
  entities: Map<string, Entity | undefined>,
) {
  const groups = new Map<GroupType, Set<string>>(
    GROUPS.map(g => [g.type, new Set<string>()]),
  );
  featureServices.forEach(r => groups.get('feature-service')!.add(r));
  trainingDatasets.forEach(r => groups.get('dataset')!.add(r));
  for (const ref of upstream) {
    const type = entities.get(ref)?.spec?.type;
    if (GROUPS.some(g => g.type === type)) {
      groups.get(type as GroupType)!.add(ref);
    }
  }
  return GROUPS.map(g => ({ ...g, refs: [...groups.get(g.type)!] })).filter(
    g => g.refs.length > 0,
  );
}

/**
 * What a model was trained on: the Feast feature services (and views) and
 * the datasets, linked to their pages.
 */
export const TrainedOnCard = () => {
  const { entity } = useEntity();
  const featureServices = getRefList(entity.spec?.featureServices);
  const trainingDatasets = getRefList(entity.spec?.trainingDatasets);
  const declared = new Set([...featureServices, ...trainingDatasets]);
  const upstream = getEntityRelations(entity, RELATION_DEPENDS_ON, {
    kind: 'resource',
  })
    .map(r => stringifyEntityRef(r))
    .filter(r => !declared.has(r));
  const { loading, error, entities } = useCatalogEntities(upstream, [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'spec.type',
  ]);

  let body: JSX.Element;
  if (loading) {
    body = <Progress aria-label="Loading the training data" />;
  } else if (error) {
    body = (
      <ResponseErrorPanel
        title="Could not read the training data from the catalog"
        error={error}
      />
    );
  } else {
    const groups = groupTrainingData(
      featureServices,
      trainingDatasets,
      upstream,
      entities,
    );
    body =
      groups.length === 0 ? (
        <Typography variant="body2">
          No training data is recorded for this model. The MLflow provider
          (catalog.providers.mlflow) links a model to a Feast feature service by
          the model or version tag <code>feature_service</code> and to datasets
          by the tag <code>training_datasets</code> (table identifiers).
        </Typography>
      ) : (
        <EntityLinkGroups groups={groups} />
      );
  }

  return (
    <InfoCard title="Trained on" titleTypographyProps={{ component: 'h2' }}>
      {body}
    </InfoCard>
  );
};

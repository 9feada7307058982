import {
  Entity,
  RELATION_DEPENDENCY_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import {
  EntityRefLink,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useCatalogEntities } from '@internal/plugin-lakehouse-react';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { getInferenceService } from '../../models';

const Readiness = ({ deployment }: { deployment: Entity }) => {
  const isvc = getInferenceService(deployment);
  if (!isvc) return <StatusPending>live status unknown</StatusPending>;
  return isvc.ready ? (
    <StatusOK>ready</StatusOK>
  ) : (
    <StatusError>not ready</StatusError>
  );
};

function servedVersion(deployment: Entity): string | undefined {
  const served = deployment.spec?.servedModel as
    | { version?: unknown }
    | undefined;
  return typeof served?.version === 'string' ? served.version : undefined;
}

/**
 * The deployments that serve a model (model-server components that depend
 * on it), with whether each is ready and which version it serves.
 */
export const ModelDeploymentsCard = () => {
  const { entity } = useEntity();
  const refs = getEntityRelations(entity, RELATION_DEPENDENCY_OF, {
    kind: 'component',
  }).map(r => stringifyEntityRef(r));
  const { loading, error, entities } = useCatalogEntities(refs, [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'spec.type',
    'spec.servedModel',
    'spec.inferenceService.ready',
  ]);
  const deployments = refs
    .map(ref => [ref, entities.get(ref)] as const)
    .filter(
      (pair): pair is readonly [string, Entity] =>
        pair[1]?.spec?.type === 'model-server',
    );

  let body: JSX.Element;
  if (refs.length > 0 && loading) {
    body = <Progress aria-label="Loading the deployments" />;
  } else if (error) {
    body = (
      <ResponseErrorPanel
        title="Could not read the deployments from the catalog"
        error={error}
      />
    );
  } else if (deployments.length === 0) {
    body = (
      <Typography variant="body2">
        No deployment serves this model. KServe InferenceServices discovered by
        catalog.providers.kserve appear here when their predictor's storageUri
        matches the source of one of the model's versions.
      </Typography>
    );
  } else {
    body = (
      <List dense disablePadding aria-label="Deployments">
        {deployments.map(([ref, deployment]) => {
          const version = servedVersion(deployment);
          return (
            <ListItem key={ref} disableGutters>
              <ListItemText
                disableTypography
                primary={<EntityRefLink entityRef={ref} />}
                secondary={
                  <Typography
                    variant="body2"
                    component="div"
                    color="textSecondary"
                  >
                    <Readiness deployment={deployment} />
                    {version ? ` · serves version ${version}` : ''}
                  </Typography>
                }
              />
            </ListItem>
          );
        })}
      </List>
    );
  }

  return (
    <InfoCard title="Deployments" titleTypographyProps={{ component: 'h2' }}>
      {body}
    </InfoCard>
  );
};

import { Entity, RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  StatusError,
  StatusOK,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  EntityRefLink,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  InferenceServiceInfo,
  LakehouseAnnotation,
} from '@internal/plugin-lakehouse-common';
import { Identifier } from '@internal/plugin-lakehouse-react';
import { Box, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { getInferenceService, normalizeRef, text } from '../../models';
import { DateTime } from '../DateTime';

const asIs = (key: string) => key;

/** The registered model served: as the provider matched it, else the declared dependency. */
const ServedModel = ({ entity }: { entity: Entity }) => {
  const served = entity.spec?.servedModel as
    | { entityRef?: unknown; version?: unknown }
    | undefined;
  const ref = normalizeRef(served?.entityRef);
  if (ref) {
    const version = text(served?.version);
    return (
      <>
        <EntityRefLink entityRef={ref} />
        {version ? `, version ${version}` : ''}
      </>
    );
  }
  const models = getEntityRelations(entity, RELATION_DEPENDS_ON, {
    kind: 'resource',
  });
  if (models.length > 0) {
    return <EntityRefLinks entityRefs={models} defaultKind="resource" />;
  }
  return <>no model linked</>;
};

function describeModelState(
  state: InferenceServiceInfo['modelState'],
): string | undefined {
  if (!state) return undefined;
  const parts = [
    state.active && `active ${state.active}`,
    state.target && state.target !== state.active && `target ${state.target}`,
    state.transition && `transition ${state.transition}`,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

const LastFailure = ({
  failure,
}: {
  failure: NonNullable<InferenceServiceInfo['lastFailure']>;
}) => (
  <Alert severity="error">
    <AlertTitle>
      Last failure{failure.reason ? `: ${failure.reason}` : ''}
    </AlertTitle>
    {failure.message && (
      // Messages quote storage paths with no spaces; they wrap rather than
      // push the alert out of the card.
      <Typography
        variant="body2"
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      >
        {failure.message}
      </Typography>
    )}
    <Typography variant="caption" component="div">
      {failure.time ? (
        <>
          at <DateTime value={failure.time} />
        </>
      ) : (
        'time not reported'
      )}
      {failure.exitCode !== undefined && ` · exit code ${failure.exitCode}`}
      {failure.modelRevisionName && ` · revision ${failure.modelRevisionName}`}
    </Typography>
  </Alert>
);

const LiveStatus = ({
  entity,
  isvc,
}: {
  entity: Entity;
  isvc: InferenceServiceInfo;
}) => {
  const facts: Record<string, string | JSX.Element> = {
    Ready: isvc.ready ? (
      <StatusOK>yes</StatusOK>
    ) : (
      <StatusError>no</StatusError>
    ),
    InferenceService: (
      <Identifier>{`${isvc.namespace}/${isvc.name}`}</Identifier>
    ),
    Cluster: isvc.cluster,
    'Deployment mode': isvc.deploymentMode ?? 'not reported',
    URL: isvc.url ? (
      <Link to={isvc.url}>
        <Identifier>{isvc.url}</Identifier>
      </Link>
    ) : (
      'none yet'
    ),
    'Internal address': isvc.address ? (
      <code>
        <Identifier>{isvc.address}</Identifier>
      </code>
    ) : (
      'none yet'
    ),
    'Model served': <ServedModel entity={entity} />,
    'Model state': describeModelState(isvc.modelState) ?? 'not reported',
  };
  if (isvc.latestReadyRevision) {
    facts['Latest ready revision'] = isvc.latestReadyRevision;
  }
  facts['Observed at'] = (
    <DateTime value={isvc.observedAt} fallback="unknown" />
  );
  return (
    <>
      {isvc.lastFailure && (
        <Box mb={2}>
          <LastFailure failure={isvc.lastFailure} />
        </Box>
      )}
      <StructuredMetadataTable
        metadata={facts}
        options={{ titleFormat: asIs }}
      />
    </>
  );
};

/** A deployment declared in YAML: what is known, and where live status would come from. */
const DeclaredOnly = ({ entity }: { entity: Entity }) => (
  <>
    <Box mb={2}>
      <Alert severity="info">
        Live status — readiness, conditions, URL, predictor and traffic split —
        comes from the KServe provider, configured by{' '}
        <code>catalog.providers.kserve</code>. This deployment was not read from
        a cluster, so only what its declaration says is shown.
      </Alert>
    </Box>
    <StructuredMetadataTable
      options={{ titleFormat: asIs }}
      metadata={{
        InferenceService:
          entity.metadata.annotations?.[LakehouseAnnotation.inferenceService] ??
          'not annotated',
        'Model served': <ServedModel entity={entity} />,
      }}
    />
  </>
);

/**
 * Whether a model deployment (a KServe InferenceService) is ready, where
 * it answers, which model it serves and what last went wrong.
 */
export const DeploymentStatusCard = () => {
  const { entity } = useEntity();
  const isvc = getInferenceService(entity);
  return (
    <InfoCard title="Deployment" titleTypographyProps={{ component: 'h2' }}>
      {isvc ? (
        <LiveStatus entity={entity} isvc={isvc} />
      ) : (
        <DeclaredOnly entity={entity} />
      )}
    </InfoCard>
  );
};

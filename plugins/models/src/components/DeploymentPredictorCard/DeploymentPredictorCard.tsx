import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeploymentPredictor } from '@internal/plugin-lakehouse-common';
import { Identifier } from '@internal/plugin-lakehouse-react';
import { getInferenceService } from '../../models';

const asIs = (key: string) => key;

function describeReplicas(p: DeploymentPredictor): string {
  const { minReplicas: min, maxReplicas: max } = p;
  if (min === undefined && max === undefined) return 'KServe default';
  if (min === max) return String(min);
  return `${min ?? 'default'} to ${max ?? 'default'}`;
}

/** How the model is served: format, runtime, where its files are and how it scales. */
export const DeploymentPredictorCard = () => {
  const { entity } = useEntity();
  const predictor = getInferenceService(entity)?.predictor ?? {};
  const format = predictor.modelFormat
    ? `${predictor.modelFormat}${
        predictor.modelFormatVersion ? ` ${predictor.modelFormatVersion}` : ''
      }`
    : 'not set';
  const facts: Record<string, string | JSX.Element> = {
    'Model format': format,
    Runtime: predictor.runtime ?? 'chosen by KServe for the format',
    'Storage URI': predictor.storageUri ? (
      <code>
        <Identifier>{predictor.storageUri}</Identifier>
      </code>
    ) : (
      'not set'
    ),
    Replicas: describeReplicas(predictor),
  };
  if (predictor.protocolVersion) facts.Protocol = predictor.protocolVersion;
  if (predictor.serviceAccountName) {
    facts['Service account'] = predictor.serviceAccountName;
  }
  return (
    <InfoCard title="Predictor" titleTypographyProps={{ component: 'h2' }}>
      <StructuredMetadataTable
        metadata={facts}
        options={{ titleFormat: asIs }}
      />
    </InfoCard>
  );
};

import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import {
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { LakehouseAnnotation } from '@internal/plugin-lakehouse-common';

/** Where a served model runs and which registered model it serves. */
export const ModelDeploymentCard = () => {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const [namespace, name] = (
    annotations[LakehouseAnnotation.inferenceService] ?? ''
  ).split('/');
  const served = getEntityRelations(entity, RELATION_DEPENDS_ON, {
    kind: 'resource',
  });
  return (
    <InfoCard title="Model deployment">
      <StructuredMetadataTable
        metadata={{
          InferenceService: name ?? 'not annotated',
          namespace: namespace || 'unknown',
          'serves model': served.length ? (
            <EntityRefLinks entityRefs={served} defaultKind="resource" />
          ) : (
            'no model linked'
          ),
        }}
      />
    </InfoCard>
  );
};

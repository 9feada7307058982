import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import {
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { LakehouseAnnotation } from '@internal/plugin-lakehouse-common';

/** Splits `namespace/name`; a bare name has no namespace. */
function parseInferenceService(value: string | undefined) {
  if (!value) return {};
  const slash = value.indexOf('/');
  return slash < 0
    ? { name: value }
    : { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}

/** Where a served model runs and which registered model it serves. */
export const ModelDeploymentCard = () => {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const { namespace, name } = parseInferenceService(
    annotations[LakehouseAnnotation.inferenceService],
  );
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

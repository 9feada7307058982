import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DatasetColumn,
  getMedallionLayer,
  getSourceSystems,
  getTableIdentifier,
  LakehouseAnnotation,
  PII_TAG,
} from '@internal/plugin-lakehouse-common';

/** The facts people look for first on a dataset page. */
export const DatasetOverviewCard = () => {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const columns = (entity.spec?.columns as DatasetColumn[] | undefined) ?? [];
  const piiColumns = columns.filter(c => c.tags?.includes(PII_TAG));

  const metadata: Record<string, string> = {
    table: getTableIdentifier(entity) ?? 'not annotated',
    layer: getMedallionLayer(entity) ?? 'unknown',
    owner: String(entity.spec?.owner ?? 'unknown'),
    columns: String(columns.length),
    classification:
      annotations[LakehouseAnnotation.classification] ??
      (piiColumns.length > 0 ? PII_TAG : 'none'),
    'source systems': getSourceSystems(entity).join(', ') || 'unknown',
  };
  if (piiColumns.length > 0) {
    metadata['personal data in'] = piiColumns.map(c => c.name).join(', ');
  }
  if (annotations[LakehouseAnnotation.dbtUniqueId]) {
    metadata['dbt node'] = annotations[LakehouseAnnotation.dbtUniqueId];
  }
  return (
    <InfoCard title="Dataset">
      <StructuredMetadataTable metadata={metadata} />
    </InfoCard>
  );
};

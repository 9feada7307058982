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
import { Typography } from '@material-ui/core';
import {
  formatPartitioning,
  getDatasetSpec,
  getDatasetStats,
  getDbtInfo,
} from '../../dataset';
import { formatBytes, formatCount } from '../../format';
import { RelativeTime } from '../RelativeTime';

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** The facts people look for first on a dataset page. */
export const DatasetOverviewCard = () => {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const spec = getDatasetSpec(entity);
  const columns = Array.isArray(spec.columns)
    ? (spec.columns as DatasetColumn[])
    : [];
  const piiColumns = columns.filter(c => c.tags?.includes(PII_TAG));
  const { rows, sizeBytes, files, lastUpdated } = getDatasetStats(entity);
  const freshnessRule = nonEmptyString(getDbtInfo(entity)?.freshnessRule);
  const format = nonEmptyString(spec.format);
  const location = nonEmptyString(spec.location);
  const partitioning = formatPartitioning(entity);

  const metadata: Record<string, string | JSX.Element> = {
    table: getTableIdentifier(entity) ?? 'not annotated',
    layer: getMedallionLayer(entity) ?? 'unknown',
    owner: String(spec.owner ?? 'unknown'),
  };
  if (format) metadata.format = format;
  if (location) {
    metadata.location = (
      <Typography
        variant="body2"
        component="span"
        style={{ wordBreak: 'break-all' }}
      >
        {location}
      </Typography>
    );
  }
  if (partitioning) metadata.partitioning = partitioning;
  metadata.columns = String(columns.length);
  metadata.rows = formatCount(rows) ?? 'unknown';
  metadata.size = formatBytes(sizeBytes) ?? 'unknown';
  const fileCount = formatCount(files);
  if (fileCount) metadata.files = fileCount;
  metadata['last updated'] = (
    <Typography variant="body2" component="span">
      <RelativeTime value={lastUpdated} />
    </Typography>
  );
  if (freshnessRule) metadata['freshness rule'] = freshnessRule;
  metadata.classification =
    annotations[LakehouseAnnotation.classification] ??
    (piiColumns.length > 0 ? PII_TAG : 'none');
  if (piiColumns.length > 0) {
    metadata['personal data in'] = piiColumns.map(c => c.name).join(', ');
  }
  metadata['source systems'] = getSourceSystems(entity).join(', ') || 'unknown';
  if (annotations[LakehouseAnnotation.dbtUniqueId]) {
    metadata['dbt node'] = annotations[LakehouseAnnotation.dbtUniqueId];
  }
  return (
    <InfoCard title="Dataset">
      <StructuredMetadataTable metadata={metadata} />
    </InfoCard>
  );
};

import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { FeatureViewSource } from '@internal/plugin-lakehouse-common';
import { Identifier } from '@internal/plugin-lakehouse-react';
import { Typography } from '@material-ui/core';
import { normalizeRef, text } from '../../featureStore';

/** What the source reads: the linked dataset, else its table, path or query. */
const SourceTarget = ({ source }: { source: FeatureViewSource }) => {
  const dataset = text(source.dataset) && normalizeRef(source.dataset!);
  if (dataset) {
    return <EntityRefLink entityRef={dataset} defaultKind="resource" />;
  }
  const target = text(source.table) ?? text(source.path) ?? text(source.query);
  if (!target) {
    return <>{source.name ?? 'not recorded'}</>;
  }
  return (
    <code style={{ whiteSpace: 'pre-wrap' }}>
      <Identifier>{target}</Identifier>
    </code>
  );
};

/**
 * A Feast data source: the dataset it reads (linked when the catalog has
 * it), then its type, name and timestamp column.
 */
export const SourceDescription = ({
  source,
}: {
  source: FeatureViewSource;
}) => {
  const details = [
    text(source.type),
    text(source.name) && `source ${source.name}`,
    text(source.timestampField) && `timestamp ${source.timestampField}`,
  ].filter(Boolean);
  return (
    <Typography variant="body2" component="div">
      <SourceTarget source={source} />
      {details.length > 0 && (
        <Typography variant="caption" component="div" color="textSecondary">
          {details.join(' · ')}
        </Typography>
      )}
    </Typography>
  );
};

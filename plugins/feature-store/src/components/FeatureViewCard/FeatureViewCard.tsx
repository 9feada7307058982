import {
  InfoCard,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  FeatureDefinition,
  isFeatureView,
  LakehouseAnnotation,
} from '@internal/plugin-lakehouse-common';
import { Box } from '@material-ui/core';

const columns: TableColumn<FeatureDefinition & { select?: string[] }>[] = [
  { title: 'Feature', field: 'name', highlight: true },
  { title: 'Type', render: f => f.dtype ?? '—' },
  {
    title: 'Description',
    render: f =>
      f.description ?? (f.select ? `selects ${f.select.join(', ')}` : '—'),
  },
];

/** Human-readable form of a Feast duration such as `7776000s`. */
export function formatTtl(ttl?: string): string {
  const seconds = Number(/^(\d+)s$/.exec(ttl ?? '')?.[1]);
  if (!ttl || Number.isNaN(seconds)) return 'not set';
  if (seconds === 0) return 'never expires';
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds % 86400 === 0) return plural(seconds / 86400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  return plural(seconds, 'second');
}

/** The features of a feature view (or the views a feature service selects). */
export const FeatureViewCard = () => {
  const { entity } = useEntity();
  const spec = entity.spec ?? {};
  const features = (spec.features as FeatureDefinition[] | undefined) ?? [];
  const annotations = entity.metadata.annotations ?? {};
  const facts: Record<string, string> = {
    'Feast project': annotations[LakehouseAnnotation.feastProject] ?? 'unknown',
    'Name in registry':
      annotations[LakehouseAnnotation.feastName] ?? entity.metadata.name,
  };
  if (isFeatureView(entity)) {
    facts.entities =
      ((spec.entities as string[] | undefined) ?? []).join(', ') || 'none';
    facts['time to live'] = formatTtl(spec.ttl as string | undefined);
    facts['served online'] = spec.online === false ? 'no' : 'yes';
  }
  return (
    <InfoCard
      title={isFeatureView(entity) ? 'Feature view' : 'Feature service'}
    >
      <StructuredMetadataTable metadata={facts} />
      <Box mt={2}>
        <Table
          title={
            isFeatureView(entity)
              ? `Features (${features.length})`
              : `Feature views (${features.length})`
          }
          options={{ paging: false, search: false, toolbar: true }}
          columns={columns}
          data={features}
          emptyContent={<Box p={2}>This entity lists no features.</Box>}
        />
      </Box>
    </InfoCard>
  );
};

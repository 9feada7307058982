import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  LakehouseAnnotation,
  ModelVersion,
} from '@internal/plugin-lakehouse-common';
import { Box, Chip } from '@material-ui/core';

const formatMetrics = (metrics?: Record<string, number>) =>
  Object.entries(metrics ?? {})
    .map(([name, value]) => `${name} ${value}`)
    .join(' · ') || '—';

const columns: TableColumn<ModelVersion>[] = [
  { title: 'Version', field: 'version', highlight: true },
  { title: 'Stage', render: v => v.stage ?? '—' },
  {
    title: 'Aliases',
    render: v => v.aliases?.map(a => <Chip key={a} label={a} size="small" />),
  },
  { title: 'Metrics', render: v => formatMetrics(v.metrics) },
  { title: 'Description', render: v => v.description ?? '—' },
  { title: 'Run', render: v => v.runId ?? '—' },
];

/** The versions of a registered model, newest first. */
export const ModelVersionsCard = () => {
  const { entity } = useEntity();
  const versions = [
    ...((entity.spec?.versions as ModelVersion[] | undefined) ?? []),
  ].sort(
    (a, b) =>
      Number(b.version) - Number(a.version) ||
      b.version.localeCompare(a.version),
  );
  const registryName =
    entity.metadata.annotations?.[LakehouseAnnotation.mlflowModelName] ??
    entity.metadata.name;
  return (
    <InfoCard
      title="Model versions"
      subheader={`MLflow registered model ${registryName}`}
    >
      <Table
        options={{ paging: false, search: false, toolbar: false }}
        columns={columns}
        data={versions}
        emptyContent={
          <Box p={2}>No versions are registered for this model yet.</Box>
        }
      />
    </InfoCard>
  );
};

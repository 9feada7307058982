import {
  Content,
  ContentHeader,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityRefLink,
  EntityRefLinks,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';
import {
  getMedallionLayer,
  getTableIdentifier,
  LakehouseEntityType,
  MEDALLION_LAYERS,
} from '@internal/plugin-lakehouse-common';
import { Button, Grid, Typography } from '@material-ui/core';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { DatasetSourcesPanel } from '../DatasetSourcesPanel';
import { DatasetFilterBar } from './DatasetFilterBar';
import {
  DatasetFilters,
  filterDatasets,
  hasActiveFilters,
  NO_FILTERS,
} from './filterDatasets';

const LAYER_ORDER = [...MEDALLION_LAYERS, undefined];

function layerRank(entity: Entity) {
  return LAYER_ORDER.indexOf(getMedallionLayer(entity));
}

const columns: TableColumn<Entity>[] = [
  {
    title: 'Dataset',
    field: 'metadata.name',
    highlight: true,
    render: entity => (
      <EntityRefLink entityRef={entity} title={entity.metadata.title} />
    ),
  },
  {
    title: 'Table',
    render: entity => getTableIdentifier(entity) ?? '—',
  },
  {
    title: 'Layer',
    render: entity => getMedallionLayer(entity) ?? 'unknown',
  },
  {
    title: 'Owner',
    render: entity => (
      <EntityRefLinks
        entityRefs={getEntityRelations(entity, RELATION_OWNED_BY)}
        defaultKind="group"
      />
    ),
  },
  { title: 'Description', field: 'metadata.description' },
];

const Datasets = ({ datasets }: { datasets: Entity[] }) => {
  const [filters, setFilters] = useState<DatasetFilters>(NO_FILTERS);
  const shown = useMemo(
    () => filterDatasets(datasets, filters),
    [datasets, filters],
  );
  const filtered = hasActiveFilters(filters);

  return (
    <Grid container spacing={3}>
      {/* Counts of the whole catalog: the filters narrow the table only. */}
      {MEDALLION_LAYERS.map(layer => (
        <Grid item xs={6} md={3} key={layer}>
          <InfoCard title={layer}>
            <Typography variant="h4" component="p">
              {datasets.filter(d => getMedallionLayer(d) === layer).length}
            </Typography>
            <Typography variant="body2">datasets</Typography>
          </InfoCard>
        </Grid>
      ))}
      <Grid item xs={12}>
        <DatasetFilterBar
          datasets={datasets}
          filters={filters}
          onChange={setFilters}
        />
      </Grid>
      <Grid item xs={12}>
        <Table
          title={
            filtered
              ? `Matching datasets (${shown.length} of ${datasets.length})`
              : `All datasets (${datasets.length})`
          }
          options={{
            paging: shown.length > 20,
            pageSize: 20,
            search: false,
          }}
          columns={columns}
          data={shown}
          emptyContent={
            <Typography variant="body2" style={{ padding: 16 }}>
              No datasets match the search and filters.{' '}
              <Button
                size="small"
                color="primary"
                onClick={() => setFilters(NO_FILTERS)}
              >
                Clear filters
              </Button>
            </Typography>
          }
        />
      </Grid>
    </Grid>
  );
};

/**
 * The lakehouse overview: how many datasets each layer has, all of them
 * searchable, and the state of the sources they are read from.
 */
export const LakehousePage = () => {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    const response = await catalogApi.getEntities({
      filter: { kind: 'Resource', 'spec.type': LakehouseEntityType.dataset },
    });
    return [...response.items].sort(
      (a, b) =>
        layerRank(a) - layerRank(b) ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
  }, [catalogApi]);

  let datasets: JSX.Element;
  if (loading) {
    datasets = <Progress aria-label="Loading datasets" />;
  } else if (error) {
    datasets = <ResponseErrorPanel error={error} />;
  } else if (!value || value.length === 0) {
    datasets = (
      <>
        <ContentHeader title="Datasets by layer" />
        <EmptyState
          missing="data"
          title="No datasets in the catalog yet"
          description="Datasets are Resource entities of type dataset. Point a catalog provider (catalog.providers.dbt, catalog.providers.iceberg or catalog.providers.trino) at your lakehouse, or register catalog-info files that declare them."
        />
      </>
    );
  } else {
    datasets = (
      <>
        <ContentHeader title="Datasets by layer" />
        <Datasets datasets={value} />
      </>
    );
  }

  // The sources panel loads on its own: a failing status request must not
  // hide the datasets, and a failing catalog must not hide the sources.
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {datasets}
        </Grid>
        <Grid item xs={12}>
          <DatasetSourcesPanel />
        </Grid>
      </Grid>
    </Content>
  );
};

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
import { useApi } from '@backstage/core-plugin-api';
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
import { Grid, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';

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
    customFilterAndSearch: (query, entity) =>
      (getTableIdentifier(entity) ?? '')
        .toLocaleLowerCase('en-US')
        .includes(query.toLocaleLowerCase('en-US')),
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

/** The lakehouse overview: how many datasets each layer has, and all of them. */
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

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;

  const datasets = value ?? [];
  return (
    <Content>
      <ContentHeader title="Datasets by layer" />
      {datasets.length === 0 ? (
        <EmptyState
          missing="data"
          title="No datasets in the catalog yet"
          description="Datasets are Resource entities of type dataset. Point a catalog provider (catalog.providers.dbt, catalog.providers.iceberg or catalog.providers.trino) at your lakehouse, or register catalog-info files that declare them."
        />
      ) : (
        <Grid container spacing={3}>
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
            <Table
              title={`All datasets (${datasets.length})`}
              options={{
                paging: datasets.length > 20,
                pageSize: 20,
                search: true,
              }}
              columns={columns}
              data={datasets}
            />
          </Grid>
        </Grid>
      )}
    </Content>
  );
};

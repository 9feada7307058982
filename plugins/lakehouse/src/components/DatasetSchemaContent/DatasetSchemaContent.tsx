import { Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DatasetColumn } from '@internal/plugin-lakehouse-common';
import { Chip } from '@material-ui/core';

function formatNullable(nullable?: boolean): string {
  if (nullable === undefined) return '—';
  return nullable ? 'yes' : 'no';
}

const columns: TableColumn<DatasetColumn>[] = [
  { title: 'Column', field: 'name', highlight: true },
  { title: 'Type', render: c => c.type ?? '—' },
  { title: 'Nullable', render: c => formatNullable(c.nullable) },
  { title: 'Description', field: 'description' },
  {
    title: 'Classification',
    render: c => c.tags?.map(t => <Chip key={t} label={t} size="small" />),
  },
  {
    title: 'Tests',
    render: c =>
      c.tests?.map(t => (
        <Chip key={t} label={t} size="small" variant="outlined" />
      )),
  },
];

/** The columns of a dataset with their types, descriptions, tags and tests. */
export const DatasetSchemaContent = () => {
  const { entity } = useEntity();
  const data = (entity.spec?.columns as DatasetColumn[] | undefined) ?? [];
  return (
    <Table
      title="Schema"
      options={{ paging: false, search: data.length > 10 }}
      columns={columns}
      data={data}
      emptyContent={
        <div style={{ padding: 16 }}>
          No columns are known for this dataset yet. They come from the dbt
          manifest or the Iceberg catalog once a provider is configured.
        </div>
      }
    />
  );
};

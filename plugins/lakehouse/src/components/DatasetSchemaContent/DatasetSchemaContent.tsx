import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DatasetColumn, DatasetTest } from '@internal/plugin-lakehouse-common';
import {
  Chip,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { getDatasetTests, getDbtInfo } from '../../dataset';

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

function describeTest(test: DatasetTest): string | undefined {
  const parts = [
    test.column ? `on column ${test.column}` : undefined,
    test.uniqueId,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** dbt tests on the dataset as a whole, e.g. a uniqueness test over several columns. */
const DatasetTestsCard = ({ tests }: { tests: DatasetTest[] }) => (
  <InfoCard title="Dataset tests">
    {tests.length === 0 ? (
      <Typography variant="body2">
        dbt runs no tests on this dataset as a whole.
      </Typography>
    ) : (
      <List dense aria-label="Dataset tests">
        {tests.map((test, i) => (
          <ListItem key={`${test.uniqueId ?? test.name}-${i}`}>
            <ListItemText primary={test.name} secondary={describeTest(test)} />
          </ListItem>
        ))}
      </List>
    )}
  </InfoCard>
);

/**
 * The columns of a dataset with their types, descriptions, tags and tests,
 * and the dbt tests on the dataset as a whole.
 */
export const DatasetSchemaContent = () => {
  const { entity } = useEntity();
  const data = (entity.spec?.columns as DatasetColumn[] | undefined) ?? [];
  // Only dbt knows about dataset tests: without dbt there is nothing to say.
  const showTests = getDbtInfo(entity) !== undefined;
  const schema = (
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
  if (!showTests) return schema;
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>{schema}</Grid>
      <Grid item>
        <DatasetTestsCard tests={getDatasetTests(entity)} />
      </Grid>
    </Grid>
  );
};

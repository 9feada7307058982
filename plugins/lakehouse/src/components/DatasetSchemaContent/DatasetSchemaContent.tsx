import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ColumnClassification,
  DatasetClassifications,
  DatasetColumn,
  DatasetTest,
  lakehouseClassificationDeclassifyPermission,
} from '@internal/plugin-lakehouse-common';
import {
  Chip,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lakehouseApiRef } from '../../api';
import { getDatasetTests, getDbtInfo } from '../../dataset';
import { classificationsByColumn, serverMessage } from '../../governance';
import { ClassificationChip } from '../ClassificationChip';
import { ColumnClassifications } from './ColumnClassifications';
import { DeclassifyDialog } from './DeclassifyDialog';

function formatNullable(nullable?: boolean): string {
  if (nullable === undefined) return '—';
  return nullable ? 'yes' : 'no';
}

/** What the Classification column knows besides the column itself. */
interface ClassificationContext {
  /** Undefined while the classifications are loading or failed to load. */
  known?: DatasetClassifications;
  mayDeclassify: boolean;
  onDeclassify: (column: string, inherited: ColumnClassification[]) => void;
  onUndo: (column: string) => void;
}

function schemaColumns(
  context: ClassificationContext,
): TableColumn<DatasetColumn>[] {
  const byColumn = context.known
    ? classificationsByColumn(context.known.classifications)
    : undefined;
  return [
    { title: 'Column', field: 'name', highlight: true },
    { title: 'Type', render: c => c.type ?? '—' },
    { title: 'Nullable', render: c => formatNullable(c.nullable) },
    { title: 'Description', field: 'description' },
    {
      title: 'Classification',
      render: c => (
        <ColumnClassifications
          column={c.name}
          tags={c.tags ?? []}
          classifications={byColumn ? byColumn.get(c.name) ?? [] : undefined}
          declassification={context.known?.declassified.find(
            d => d.column === c.name,
          )}
          mayDeclassify={context.mayDeclassify}
          onDeclassify={context.onDeclassify}
          onUndo={context.onUndo}
        />
      ),
    },
    {
      title: 'Tests',
      render: c =>
        c.tests?.map(t => (
          <Chip key={t} label={t} size="small" variant="outlined" />
        )),
    },
  ];
}

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

/** Classifications of the dataset as a whole, not of one column. */
const DatasetWideClassifications = ({
  classifications,
}: {
  classifications: ColumnClassification[];
}) => (
  <Alert severity="info" style={{ marginBottom: 16 }}>
    The dataset as a whole is classified:{' '}
    {classifications.map((c, i) => (
      <ClassificationChip key={i} classification={c} />
    ))}
  </Alert>
);

/**
 * The columns of a dataset with their types, descriptions, tags and tests,
 * their classifications (declared, or inherited through column lineage,
 * with where from) and the dbt tests on the dataset as a whole. Owners
 * (`lakehouse.classification.declassify`) can declassify an inherited
 * column, with a reason.
 */
export const DatasetSchemaContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(lakehouseApiRef);
  const data = (entity.spec?.columns as DatasetColumn[] | undefined) ?? [];
  const classifications = useAsyncRetry(
    () => api.getClassifications(entityRef),
    [api, entityRef],
  );
  const declassify = usePermission({
    permission: lakehouseClassificationDeclassifyPermission,
    resourceRef: entityRef,
  });
  const [dialog, setDialog] = useState<{
    column: string;
    inherited: ColumnClassification[];
  }>();
  const [undoError, setUndoError] = useState<Error>();

  // Kept while reloading after a change, so the chips do not flicker.
  const known = classifications.value;
  const { retry } = classifications;
  const columns = useMemo(
    () =>
      schemaColumns({
        known,
        mayDeclassify: declassify.allowed,
        onDeclassify: (column, inherited) => setDialog({ column, inherited }),
        onUndo: column => {
          setUndoError(undefined);
          api
            .removeDeclassification(entityRef, column)
            .then(retry, setUndoError);
        },
      }),
    [known, declassify.allowed, api, entityRef, retry],
  );
  const datasetWide =
    known?.classifications.filter(c => c.column === undefined) ?? [];

  // Only dbt knows about dataset tests: without dbt there is nothing to say.
  const showTests = getDbtInfo(entity) !== undefined;
  const schema = (
    <>
      {classifications.error && (
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          Inherited classifications could not be loaded; only the tags of the
          columns are shown. {serverMessage(classifications.error)}
        </Alert>
      )}
      {undoError && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          The declassification could not be taken back:{' '}
          {serverMessage(undoError)}
        </Alert>
      )}
      {datasetWide.length > 0 && (
        <DatasetWideClassifications classifications={datasetWide} />
      )}
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
      {dialog && (
        <DeclassifyDialog
          entityRef={entityRef}
          column={dialog.column}
          inherited={dialog.inherited}
          onClose={() => setDialog(undefined)}
          onDeclassified={() => {
            setDialog(undefined);
            retry();
          }}
        />
      )}
    </>
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

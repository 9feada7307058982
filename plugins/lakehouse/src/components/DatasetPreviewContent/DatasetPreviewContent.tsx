import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  getTableIdentifier,
  lakehouseDatasetReadDataPermission,
} from '@internal/plugin-lakehouse-common';
import { Typography } from '@material-ui/core';
import CodeIcon from '@material-ui/icons/Code';
import { Alert, AlertTitle } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { selectFirstRows } from '../../dataset';
import { formatCount } from '../../format';
import { sqlConsoleRouteRef } from '../../routes';
import { QueryResultTable } from '../QueryResultTable';
import { RequestAccess } from '../RequestAccess';

/** Rows the preview asks for. */
const PREVIEW_ROWS = 50;

const NotAllowed = (props: { entityRef: string; reason?: string }) => (
  <Alert severity="warning">
    <AlertTitle>
      You are not allowed to read the data of this dataset
    </AlertTitle>
    <Typography variant="body2" component="div">
      Previewing rows needs the permission{' '}
      <code>{lakehouseDatasetReadDataPermission.name}</code> on{' '}
      <code>{props.entityRef}</code>. The schema and the lineage of the dataset
      stay visible; ask its owners for access to the data.
    </Typography>
    {props.reason && (
      <Typography variant="body2" component="div" style={{ marginTop: 8 }}>
        The lakehouse backend said: {props.reason}
      </Typography>
    )}
    <div style={{ marginTop: 12 }}>
      <RequestAccess entityRef={props.entityRef} />
    </div>
  </Alert>
);

/** A link to the SQL console with a statement that selects from the table. */
const OpenInConsole = ({ table }: { table: string }) => {
  const sqlConsole = useRouteRef(sqlConsoleRouteRef);
  if (!sqlConsole) return null;
  const params = new URLSearchParams({ sql: selectFirstRows(table) });
  return (
    <LinkButton
      to={`${sqlConsole()}?${params}`}
      color="primary"
      startIcon={<CodeIcon />}
    >
      Open in SQL console
    </LinkButton>
  );
};

const Preview = ({ entity }: { entity: Entity }) => {
  const api = useApi(lakehouseApiRef);
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  const preview = useAsync(
    () => api.getDatasetPreview({ namespace, name }, { limit: PREVIEW_ROWS }),
    [api, namespace, name],
  );

  if (preview.loading) {
    return <Progress aria-label="Loading the first rows" />;
  }
  if (preview.error) {
    const error = preview.error as Error & {
      statusCode?: number;
      body?: { error?: { message?: string } };
    };
    // The backend decides with the data at hand (e.g. a policy on the
    // table's classification); its refusal reads like the frontend's.
    if (error.statusCode === 403) {
      return (
        <NotAllowed
          entityRef={stringifyEntityRef(entity)}
          reason={error.body?.error?.message}
        />
      );
    }
    return <ResponseErrorPanel error={preview.error} />;
  }

  const value = preview.value!;
  const table = value.table || getTableIdentifier(entity);
  const count = value.rows.length;
  const subheader =
    count === 0
      ? `${table} has no rows (${value.engine})`
      : `First ${formatCount(count)} ${
          count === 1 ? 'row' : 'rows'
        } of ${table} (${value.engine})`;
  return (
    <InfoCard
      title="Preview"
      subheader={subheader}
      action={table ? <OpenInConsole table={table} /> : undefined}
      noPadding
    >
      {value.truncated && (
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ padding: '0 16px 8px' }}
        >
          The dataset has more rows; open it in the SQL console to query them.
        </Typography>
      )}
      <QueryResultTable
        label={`First rows of ${table ?? name}`}
        columns={value.columns}
        rows={value.rows}
      />
    </InfoCard>
  );
};

/**
 * The first rows of a dataset, read through the lakehouse backend, with
 * their column types. Shown to users allowed to read the dataset's data
 * (`lakehouse.dataset.read-data` on the dataset's entity).
 */
export const DatasetPreviewContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { loading, allowed } = usePermission({
    permission: lakehouseDatasetReadDataPermission,
    resourceRef: entityRef,
  });

  if (loading) return <Progress aria-label="Checking your permissions" />;
  if (!allowed) return <NotAllowed entityRef={entityRef} />;
  return <Preview entity={entity} />;
};

import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { formatCount } from '../../format';
import { RelativeTime } from '../RelativeTime';

const SourceState = ({ state }: { state: DatasetSourceStatus['state'] }) => {
  switch (state) {
    case 'ok':
      return <StatusOK>ok</StatusOK>;
    case 'failing':
      return <StatusError>failing</StatusError>;
    default:
      return <StatusPending>{state ?? 'pending'}</StatusPending>;
  }
};

function datasetCount(n: unknown): string {
  const count = formatCount(n);
  if (count === undefined) return 'dataset count unknown';
  return `${count} ${n === 1 ? 'dataset' : 'datasets'}`;
}

const SourceItem = ({ source }: { source: DatasetSourceStatus }) => (
  <ListItem divider alignItems="flex-start" aria-label={source.id}>
    <ListItemText
      disableTypography
      primary={
        <Typography variant="subtitle2" component="div">
          {source.id} <SourceState state={source.state} />
        </Typography>
      }
      secondary={
        <Typography variant="body2" color="textSecondary" component="div">
          <div style={{ wordBreak: 'break-all' }}>{source.target}</div>
          <div>
            {datasetCount(source.datasets)} · last success{' '}
            <RelativeTime
              value={source.lastSuccessAt}
              fallback={source.state === 'pending' ? 'not run yet' : 'never'}
            />
          </div>
          {source.state === 'failing' && source.lastError && (
            <Typography
              variant="body2"
              color="error"
              component="div"
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {source.lastError}
            </Typography>
          )}
        </Typography>
      }
    />
  </ListItem>
);

/**
 * The sources catalog providers read datasets from, and whether their last
 * run worked: the first place to look when a dataset is missing or stale.
 */
export const DatasetSourcesPanel = () => {
  const lakehouseApi = useApi(lakehouseApiRef);
  const { value, loading, error } = useAsync(
    () => lakehouseApi.getSources(),
    [lakehouseApi],
  );

  let body: JSX.Element;
  if (loading) {
    body = <Progress aria-label="Loading dataset sources" />;
  } else if (error) {
    body = (
      <ResponseErrorPanel
        title="Could not read the state of the dataset sources"
        error={error}
      />
    );
  } else if (!value || value.length === 0) {
    body = (
      <Typography variant="body2">
        No dataset sources are configured. Configure a catalog provider in
        app-config.yaml: catalog.providers.dbt for dbt manifests,
        catalog.providers.iceberg for Iceberg REST catalogs or
        catalog.providers.trino for Trino.
      </Typography>
    );
  } else {
    body = (
      <List disablePadding aria-label="Dataset sources">
        {value.map(source => (
          <SourceItem key={source.id} source={source} />
        ))}
      </List>
    );
  }
  return (
    <InfoCard title="Sources" subheader="Where the catalog reads datasets from">
      {body}
    </InfoCard>
  );
};

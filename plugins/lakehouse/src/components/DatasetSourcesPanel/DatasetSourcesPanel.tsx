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

/** What each kind of source contributes, in the singular and the plural. */
const CONTRIBUTIONS: Record<string, { one: string; many: string }> = {
  feast: {
    one: 'feature view or feature service',
    many: 'feature views and feature services',
  },
  mlflow: { one: 'model', many: 'models' },
  kserve: { one: 'model deployment', many: 'model deployments' },
};

const DATASETS = { one: 'dataset', many: 'datasets' };

/**
 * How many entities a source contributes and what they are: datasets for
 * dataset sources, feature views, models or deployments for the others.
 * The backend's own words (`contributes`) win over the portal's plural.
 */
function describeContribution(source: DatasetSourceStatus): string {
  const known = CONTRIBUTIONS[source.kind];
  const words = source.contributes?.trim();
  const nouns = known ?? (words ? { one: words, many: words } : DATASETS);
  const many = words || nouns.many;
  // Sources of other entities report 0 datasets: only `entities` counts them.
  const n =
    known || source.entities !== undefined ? source.entities : source.datasets;
  const count = formatCount(n);
  if (count === undefined) return `number of ${many} unknown`;
  return n === 1 ? `1 ${nouns.one}` : `${count} ${many}`;
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
            {describeContribution(source)} · last success{' '}
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
 * The sources catalog providers read datasets (and feature views, models
 * and model deployments) from, and whether their last run worked: the
 * first place to look when an entity is missing or stale.
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
        catalog.providers.trino for Trino. Feature views, models and model
        deployments are discovered by catalog.providers.feast,
        catalog.providers.mlflow and catalog.providers.kserve.
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
    <InfoCard
      title="Sources"
      subheader="Where the catalog reads datasets, features, models and deployments from"
    >
      {body}
    </InfoCard>
  );
};

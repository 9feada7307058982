import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  lakehouseDatasetReadDataPermission,
  lakehouseGovernanceReadPermission,
} from '@internal/plugin-lakehouse-common';
import { Box, Divider, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { DatasetReaders, lakehouseApiRef } from '../../api';
import { RequestAccess } from '../RequestAccess';
import { ReadersList } from './ReadersList';

/** Whether the signed-in user may read the data, and the way to ask if not. */
const YourAccess = ({ entityRef }: { entityRef: string }) => {
  const { loading, allowed } = usePermission({
    permission: lakehouseDatasetReadDataPermission,
    resourceRef: entityRef,
  });
  if (loading) return null;
  if (allowed) {
    return (
      <Typography variant="body2">
        You may read the data of this dataset.
      </Typography>
    );
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Typography variant="body2">
        You may not read the data of this dataset.
      </Typography>
      <RequestAccess entityRef={entityRef} />
    </Box>
  );
};

function polarisTable(readers: DatasetReaders): string | undefined {
  const p = readers.polaris;
  return p ? [p.catalog, ...p.namespace, p.table].join('.') : undefined;
}

const Readers = ({ entityRef }: { entityRef: string }) => {
  const api = useApi(lakehouseApiRef);
  const readers = useAsync(
    () => api.getDatasetReaders(entityRef),
    [api, entityRef],
  );
  if (readers.loading) {
    return <Progress aria-label="Loading who can read this" />;
  }
  if (readers.error) return <ResponseErrorPanel error={readers.error} />;
  const value = readers.value!;
  if (value.configured === false) {
    return (
      <Typography variant="body2">
        Who can read this comes from Apache Polaris: configure{' '}
        <code>lakehouse.governance.polaris</code>.
      </Typography>
    );
  }
  const table = polarisTable(value);
  if (value.readers.length === 0) {
    return (
      <Typography variant="body2">
        No Polaris principal role holds a privilege on{' '}
        {table ? <code>{table}</code> : 'this table'}: only the catalog's
        administrators can read it.
      </Typography>
    );
  }
  return (
    <>
      {table && (
        <Typography variant="body2" color="textSecondary">
          Grants on <code>{table}</code> in Apache Polaris
        </Typography>
      )}
      <ReadersList readers={value.readers} />
    </>
  );
};

/** The readers part, for users who may see governance facts. */
const ReadersIfAllowed = ({ entityRef }: { entityRef: string }) => {
  const { loading, allowed } = usePermission({
    permission: lakehouseGovernanceReadPermission,
  });
  if (loading) return null;
  if (!allowed) {
    return (
      <Typography variant="body2" color="textSecondary">
        Who else can read it is shown to users with{' '}
        <code>{lakehouseGovernanceReadPermission.name}</code>.
      </Typography>
    );
  }
  return <Readers entityRef={entityRef} />;
};

/**
 * "Who can read this" on a dataset's page: whether the signed-in user may
 * read its data (with Request access when not), and who holds which
 * Polaris privilege on it through which catalog and principal role, mapped
 * to Backstage groups and users.
 */
export const DatasetReadersCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  return (
    <InfoCard title="Who can read this">
      <YourAccess entityRef={entityRef} />
      <Divider style={{ margin: '16px 0' }} />
      <ReadersIfAllowed entityRef={entityRef} />
    </InfoCard>
  );
};

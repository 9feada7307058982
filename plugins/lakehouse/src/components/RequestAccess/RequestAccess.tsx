import { Link } from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AccessRequest,
  lakehouseAccessRequestCreatePermission,
} from '@internal/plugin-lakehouse-common';
import { Box, Button, CircularProgress, Typography } from '@material-ui/core';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { formatDays } from '../../governance';
import { accessRequestsRouteRef } from '../../routes';
import { AccessRequestStateChip } from '../AccessRequestStateChip';
import { RelativeTime } from '../RelativeTime';
import { RequestAccessDialog } from './RequestAccessDialog';

/** The user's pending request, with the way to the access requests page. */
const PendingRequest = ({ request }: { request: AccessRequest }) => {
  const accessRequests = useRouteRef(accessRequestsRouteRef);
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 8 }}
      role="status"
      aria-label="Your access request"
    >
      <AccessRequestStateChip request={request} />
      <Typography variant="body2" component="span">
        You asked for read access for {formatDays(request.durationDays)}{' '}
        <RelativeTime value={request.createdAt} />; the owners of the dataset
        decide on it.
      </Typography>
      {accessRequests && (
        <Link
          to={`${accessRequests()}?${new URLSearchParams({ id: request.id })}`}
        >
          Show the request
        </Link>
      )}
    </Box>
  );
};

/** Properties of {@link RequestAccess}. */
export interface RequestAccessProps {
  /** The dataset the user may not read. */
  entityRef: string;
}

/**
 * Where a user who may not read a dataset's data asks for access: the
 * "Request access" button and its dialog, or the user's pending request
 * when there already is one. Shown to users allowed to create requests
 * (`lakehouse.access-request.create`); the caller decides that the user
 * may not read the data.
 */
export const RequestAccess = ({ entityRef }: RequestAccessProps) => {
  const api = useApi(lakehouseApiRef);
  const identityApi = useApi(identityApiRef);
  const mayCreate = usePermission({
    permission: lakehouseAccessRequestCreatePermission,
  });
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<AccessRequest>();
  const pending = useAsync(async () => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    const requests = await api.listAccessRequests({
      entityRef,
      state: 'pending',
    });
    return requests.find(
      r => r.state === 'pending' && r.requestedBy === userEntityRef,
    );
  }, [api, identityApi, entityRef]);

  if (mayCreate.loading || pending.loading) {
    return (
      <CircularProgress size={20} aria-label="Looking for your requests" />
    );
  }
  const request = created ?? pending.value;
  if (request) return <PendingRequest request={request} />;
  if (!mayCreate.allowed) return null;

  // Not knowing about an earlier request must not keep the user from
  // asking: the owners see a second one next to the first at worst.
  return (
    <>
      <Button
        variant="contained"
        color="primary"
        startIcon={<LockOpenIcon />}
        onClick={() => setOpen(true)}
      >
        Request access
      </Button>
      <RequestAccessDialog
        entityRef={entityRef}
        open={open}
        onClose={() => setOpen(false)}
        onCreated={r => {
          setCreated(r);
          setOpen(false);
        }}
      />
    </>
  );
};

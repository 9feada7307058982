import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AccessRequest,
  lakehouseAccessRequestApprovePermission,
} from '@internal/plugin-lakehouse-common';
import { Box, Button, TextField } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useId, useState } from 'react';
import { lakehouseApiRef } from '../../api';
import { serverMessage, statusOf } from '../../governance';

/** What went wrong with a decision, in the words of the person deciding. */
function describeFailure(error: Error): string {
  const message = serverMessage(error);
  switch (statusOf(error)) {
    case 403:
      return `You may not decide on this request: ${message}`;
    case 409:
      return `The request was decided already: ${message}`;
    case 502:
      return `Polaris did not take the grant, the request stays pending: ${message}`;
    default:
      return `The decision could not be saved: ${message}`;
  }
}

/** Properties of {@link DecisionActions}. */
export interface DecisionActionsProps {
  request: AccessRequest;
  /** Called with the request as it is after a decision (or a failed one). */
  onChange: (request: AccessRequest) => void;
}

/**
 * Approve and Reject with an optional comment, for a pending request the
 * user may decide (`lakehouse.access-request.approve` on its dataset).
 */
export const DecisionActions = ({
  request,
  onChange,
}: DecisionActionsProps) => {
  const api = useApi(lakehouseApiRef);
  const permission = usePermission({
    permission: lakehouseAccessRequestApprovePermission,
    resourceRef: request.entityRef,
  });
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject'>();
  const [failure, setFailure] = useState<string>();
  const id = useId();

  if (request.state !== 'pending' || !permission.allowed) return null;

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(decision);
    setFailure(undefined);
    try {
      const options = { comment };
      onChange(
        decision === 'approve'
          ? await api.approveAccessRequest(request.id, options)
          : await api.rejectAccessRequest(request.id, options),
      );
      setComment('');
    } catch (e) {
      const error = e as Error;
      // A refused decision may mean the request changed meanwhile (decided
      // by another owner, or an apply that failed): show it as it is now.
      let current: AccessRequest | undefined;
      if (statusOf(error) === 409 || statusOf(error) === 502) {
        current = await api.getAccessRequest(request.id).catch(() => undefined);
        if (current) onChange(current);
      }
      // The row shows the error a failed apply left on the request.
      if (!(statusOf(error) === 502 && current?.error)) {
        setFailure(describeFailure(error));
      }
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box
      display="flex"
      flexDirection="column"
      style={{ gap: 8, minWidth: 220 }}
    >
      <TextField
        id={`${id}-comment`}
        label="Comment"
        placeholder="Optional"
        size="small"
        variant="outlined"
        value={comment}
        onChange={e => setComment(e.target.value)}
        disabled={busy !== undefined}
      />
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          size="small"
          disabled={busy !== undefined}
          onClick={() => decide('approve')}
        >
          Approve
        </Button>
        <Button
          variant="outlined"
          size="small"
          disabled={busy !== undefined}
          onClick={() => decide('reject')}
        >
          Reject
        </Button>
      </Box>
      {failure && <Alert severity="error">{failure}</Alert>}
    </Box>
  );
};

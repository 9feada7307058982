import { useApi } from '@backstage/frontend-plugin-api';
import { AccessRequest } from '@internal/plugin-lakehouse-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { FormEvent, useId, useState } from 'react';
import { lakehouseApiRef } from '../../api';
import {
  ACCESS_DURATION_CHOICES,
  entityName,
  formatDays,
  serverMessage,
} from '../../governance';

/** Properties of {@link RequestAccessDialog}. */
export interface RequestAccessDialogProps {
  entityRef: string;
  open: boolean;
  onClose: () => void;
  /** Called with the pending request the backend created. */
  onCreated: (request: AccessRequest) => void;
}

const DEFAULT_DURATION = 30;

/** Asks for the reason and duration of read access, then sends the request. */
export const RequestAccessDialog = ({
  entityRef,
  open,
  onClose,
  onCreated,
}: RequestAccessDialogProps) => {
  const api = useApi(lakehouseApiRef);
  const [reason, setReason] = useState('');
  const [durationDays, setDurationDays] = useState(DEFAULT_DURATION);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Error>();
  const name = entityName(entityRef);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return;
    setSending(true);
    setError(undefined);
    try {
      const created = await api.createAccessRequest({
        entityRef,
        privilege: 'read',
        reason: reason.trim(),
        durationDays,
      });
      onCreated(created);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={sending ? undefined : onClose}
      aria-labelledby="request-access-title"
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit}>
        <DialogTitle id="request-access-title">
          Request read access to {name}
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            The owners of the dataset are notified and approve or reject the
            request here in the portal. Once approved you can read its data for
            the time you ask for.
          </Typography>
          <TextField
            id={`${id}-reason`}
            label="Reason"
            helperText="What you need the data for; the owners decide on it."
            required
            multiline
            minRows={3}
            fullWidth
            margin="normal"
            variant="outlined"
            value={reason}
            onChange={e => setReason(e.target.value)}
            disabled={sending}
          />
          <TextField
            id={`${id}-duration`}
            select
            label="Duration"
            fullWidth
            margin="normal"
            variant="outlined"
            SelectProps={{ native: true }}
            value={durationDays}
            onChange={e => setDurationDays(Number(e.target.value))}
            disabled={sending}
          >
            {ACCESS_DURATION_CHOICES.map(days => (
              <option key={days} value={days}>
                {formatDays(days)}
              </option>
            ))}
          </TextField>
          {error && (
            <Alert severity="error">
              The request could not be sent: {serverMessage(error)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={sending}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={sending || !reason.trim()}
          >
            Send request
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

import { useApi } from '@backstage/frontend-plugin-api';
import { ColumnClassification } from '@internal/plugin-lakehouse-common';
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
import { describeClassification, serverMessage } from '../../governance';

/** Properties of {@link DeclassifyDialog}. */
export interface DeclassifyDialogProps {
  entityRef: string;
  column: string;
  /** The inherited classifications the declassification stops. */
  inherited: ColumnClassification[];
  onClose: () => void;
  onDeclassified: () => void;
}

/** Asks an owner why a column no longer carries classified data, then marks it. */
export const DeclassifyDialog = (props: DeclassifyDialogProps) => {
  const api = useApi(lakehouseApiRef);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error>();
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return;
    setSaving(true);
    setError(undefined);
    try {
      await api.declassify({
        entityRef: props.entityRef,
        column: props.column,
        reason: reason.trim(),
      });
      props.onDeclassified();
    } catch (e) {
      setError(e as Error);
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onClose={saving ? undefined : props.onClose}
      aria-labelledby={`${id}-title`}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit}>
        <DialogTitle id={`${id}-title`}>Declassify {props.column}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            {props.column} is classified because it derives directly from a
            classified column:{' '}
            {props.inherited.map(describeClassification).join('; ')}. If it no
            longer carries that data (hashed, aggregated), say how: the
            classification then stops here and no longer protects this dataset
            or what derives from the column.
          </Typography>
          <TextField
            id={`${id}-reason`}
            label="Reason"
            helperText="e.g. SHA-256 of the address, not reversible"
            required
            multiline
            minRows={2}
            fullWidth
            variant="outlined"
            value={reason}
            onChange={e => setReason(e.target.value)}
            disabled={saving}
          />
          {error && (
            <Alert severity="error" style={{ marginTop: 16 }}>
              The column could not be declassified: {serverMessage(error)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving || !reason.trim()}
          >
            Mark declassified
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

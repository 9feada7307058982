import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { AccessRequest } from '@internal/plugin-lakehouse-common';
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useEffect, useRef } from 'react';
import { entityName, formatDays } from '../../governance';
import { AccessRequestStateChip } from '../AccessRequestStateChip';
import { RelativeTime } from '../RelativeTime';
import { DecisionActions } from './DecisionActions';

const useStyles = makeStyles(theme => ({
  highlighted: {
    outline: `2px solid ${theme.palette.primary.main}`,
    outlineOffset: -2,
  },
  cell: { verticalAlign: 'top' },
  reason: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

/** When an approved grant runs out, or when it did. */
const Expiry = ({ request }: { request: AccessRequest }) => {
  if (request.revokedAt) {
    return (
      <Typography variant="body2" color="textSecondary">
        Revoked <RelativeTime value={request.revokedAt} />
      </Typography>
    );
  }
  if (!request.expiresAt) return null;
  return (
    <Typography variant="body2" color="textSecondary">
      {request.state === 'expired' ? 'Expired' : 'Expires'}{' '}
      <RelativeTime value={request.expiresAt} />
    </Typography>
  );
};

const Decision = ({ request }: { request: AccessRequest }) => {
  if (!request.decidedBy) return <>—</>;
  return (
    <>
      <Typography variant="body2">
        {request.state === 'rejected' ? 'Rejected' : 'Approved'} by{' '}
        <EntityRefLink entityRef={request.decidedBy} defaultKind="user" />{' '}
        {request.decidedAt && <RelativeTime value={request.decidedAt} />}
      </Typography>
      {request.comment && (
        <Typography variant="body2" color="textSecondary">
          “{request.comment}”
        </Typography>
      )}
    </>
  );
};

const AccessRequestRow = (props: {
  request: AccessRequest;
  highlighted: boolean;
  decide: boolean;
  onChange: (request: AccessRequest) => void;
}) => {
  const { request, highlighted } = props;
  const classes = useStyles();
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    // jsdom has no scrollIntoView.
    if (highlighted) ref.current?.scrollIntoView?.({ block: 'center' });
  }, [highlighted]);
  const name = entityName(request.entityRef);

  return (
    <TableRow
      ref={ref}
      selected={highlighted}
      aria-current={highlighted ? 'true' : undefined}
      className={highlighted ? classes.highlighted : undefined}
    >
      <TableCell className={classes.cell}>
        <EntityRefLink entityRef={request.entityRef} title={name} />
        {request.table && request.table !== name && (
          <Typography variant="caption" display="block">
            {request.table}
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.cell}>
        <EntityRefLink entityRef={request.requestedBy} defaultKind="user" />
        <Typography variant="body2" color="textSecondary">
          <RelativeTime value={request.createdAt} />
        </Typography>
      </TableCell>
      <TableCell className={classes.cell}>
        <Typography variant="body2" className={classes.reason}>
          {request.reason}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Read access for {formatDays(request.durationDays)}
        </Typography>
      </TableCell>
      <TableCell className={classes.cell}>
        <AccessRequestStateChip request={request} />
        <Expiry request={request} />
        {request.error && (
          <Alert severity="error" style={{ marginTop: 8 }}>
            {request.state === 'pending'
              ? 'Applying the grant failed: '
              : 'Revoking the grant failed: '}
            {request.error}
          </Alert>
        )}
      </TableCell>
      <TableCell className={classes.cell}>
        <Decision request={request} />
      </TableCell>
      {props.decide && (
        <TableCell className={classes.cell}>
          <DecisionActions request={request} onChange={props.onChange} />
        </TableCell>
      )}
    </TableRow>
  );
};

/** Properties of {@link AccessRequestTable}. */
export interface AccessRequestTableProps {
  label: string;
  requests: AccessRequest[];
  /** The request a notification pointed at. */
  highlightedId?: string;
  /** Whether to offer Approve and Reject on pending rows. */
  decide?: boolean;
  onChange: (request: AccessRequest) => void;
}

/** Access requests, one row each, named by their dataset first. */
export const AccessRequestTable = (props: AccessRequestTableProps) => (
  <Table aria-label={props.label} size="small">
    <TableHead>
      <TableRow>
        <TableCell>Dataset</TableCell>
        <TableCell>Requested by</TableCell>
        <TableCell>Reason</TableCell>
        <TableCell>State</TableCell>
        <TableCell>Decision</TableCell>
        {props.decide && <TableCell>Decide</TableCell>}
      </TableRow>
    </TableHead>
    <TableBody>
      {props.requests.map(request => (
        <AccessRequestRow
          key={request.id}
          request={request}
          highlighted={request.id === props.highlightedId}
          decide={props.decide ?? false}
          onChange={props.onChange}
        />
      ))}
    </TableBody>
  </Table>
);

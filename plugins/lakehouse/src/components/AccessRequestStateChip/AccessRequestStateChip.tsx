import { AccessRequest } from '@internal/plugin-lakehouse-common';
import { Chip } from '@material-ui/core';

/** The state of an access request as a chip: pending, approved, rejected, expired. */
export const AccessRequestStateChip = ({
  request,
}: {
  request: Pick<AccessRequest, 'state'>;
}) => {
  switch (request.state) {
    case 'approved':
      return <Chip size="small" color="primary" label="approved" />;
    case 'rejected':
      return <Chip size="small" color="secondary" label="rejected" />;
    case 'expired':
      return <Chip size="small" variant="outlined" label="expired" />;
    default:
      return <Chip size="small" label={request.state} />;
  }
};

import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DatasetReader } from '@internal/plugin-lakehouse-common';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';

/** `table lakehouse.raw.customers`, `namespace raw`, `catalog lakehouse`. */
export function describeSecurable(securable: { type: string; name: string }) {
  return `${securable.type} ${securable.name}`;
}

const Holders = ({ reader }: { reader: DatasetReader }) => {
  const users = reader.principals.filter(p => p.userRef);
  const unmapped = reader.principals.filter(p => !p.userRef);
  if (!reader.groupRef && reader.principals.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nobody: no principal holds {reader.principalRole}
      </Typography>
    );
  }
  return (
    <>
      {reader.groupRef && (
        <div>
          <EntityRefLink entityRef={reader.groupRef} defaultKind="group" />
        </div>
      )}
      {users.map(p => (
        <div key={p.name}>
          <EntityRefLink entityRef={p.userRef!} defaultKind="user" />
        </div>
      ))}
      {unmapped.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Polaris principals without a Backstage user:{' '}
          {unmapped.map(p => p.name).join(', ')}
        </Typography>
      )}
    </>
  );
};

/** Each privilege on the dataset, through which roles, held by whom. */
export const ReadersList = ({ readers }: { readers: DatasetReader[] }) => (
  <Table size="small" aria-label="Who can read this">
    <TableHead>
      <TableRow>
        <TableCell>Privilege</TableCell>
        <TableCell>Through</TableCell>
        <TableCell>Who</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {readers.map((reader, i) => (
        <TableRow key={i}>
          <TableCell style={{ verticalAlign: 'top' }}>
            <code>{reader.privilege}</code>
            <Typography variant="body2" color="textSecondary">
              on {describeSecurable(reader.securable)}
            </Typography>
          </TableCell>
          <TableCell style={{ verticalAlign: 'top' }}>
            <Typography variant="body2">
              catalog role <code>{reader.catalogRole}</code>
            </Typography>
            <Typography variant="body2">
              principal role <code>{reader.principalRole}</code>
            </Typography>
          </TableCell>
          <TableCell style={{ verticalAlign: 'top' }}>
            <Holders reader={reader} />
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

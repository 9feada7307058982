import { InfoCard } from '@backstage/core-components';
import {
  Box,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  cell: { verticalAlign: 'top' },
  fine: { color: theme.palette.success.main },
}));

/** A column of a {@link GovernanceTable}. */
export interface GovernanceColumn<T> {
  title: string;
  render: (row: T) => ReactNode;
}

/** Properties of {@link GovernanceTable}. */
export interface GovernanceTableProps<T> {
  /** Title of the section, and the accessible name of its table. */
  title: string;
  subheader?: string;
  rows: T[];
  rowKey: (row: T) => string;
  columns: GovernanceColumn<T>[];
  /** What is fine when there are no rows. */
  empty: string;
}

/** A section of the governance page: its findings, or what is fine. */
export function GovernanceTable<T>(props: GovernanceTableProps<T>) {
  const classes = useStyles();
  return (
    <InfoCard title={props.title} subheader={props.subheader} noPadding>
      {props.rows.length === 0 ? (
        <Box display="flex" alignItems="center" padding={2} style={{ gap: 8 }}>
          <CheckCircleOutlineIcon className={classes.fine} aria-hidden />
          <Typography variant="body2">{props.empty}</Typography>
        </Box>
      ) : (
        <Table aria-label={props.title} size="small">
          <TableHead>
            <TableRow>
              {props.columns.map(c => (
                <TableCell key={c.title}>{c.title}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {props.rows.map(row => (
              <TableRow key={props.rowKey(row)}>
                {props.columns.map(c => (
                  <TableCell key={c.title} className={classes.cell}>
                    {c.render(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}

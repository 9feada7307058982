import { QueryColumn } from '@internal/plugin-lakehouse-common';
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ChangeEvent, useEffect, useState } from 'react';

const useStyles = makeStyles(theme => ({
  container: { maxHeight: 560 },
  cell: {
    fontFamily: theme.typography.fontFamily,
    whiteSpace: 'nowrap',
    maxWidth: 480,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  type: { display: 'block', fontFamily: 'monospace' },
  null: { color: theme.palette.text.secondary, fontStyle: 'italic' },
}));

/**
 * A value as the engine returned it in JSON: numbers beyond 2^53 and
 * decimals arrive as strings and are shown as they are, never rounded.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** Properties of {@link QueryResultTable}. */
export interface QueryResultTableProps {
  columns: QueryColumn[];
  rows: unknown[][];
  /** Names the table for screen readers. */
  label: string;
  /** Rows per page to start with. */
  pageSize?: number;
}

/**
 * Rows of a query result with the engine's column types in the headers,
 * paged in the browser.
 */
export const QueryResultTable = ({
  columns,
  rows,
  label,
  pageSize = 25,
}: QueryResultTableProps) => {
  const classes = useStyles();
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(pageSize);
  const lastPage = Math.max(0, Math.ceil(rows.length / rowsPerPage) - 1);

  // A new, shorter result must not leave the user on a page past its end.
  useEffect(() => {
    if (page > lastPage) setPage(lastPage);
  }, [page, lastPage]);

  const shown = rows.slice(page * rowsPerPage, (page + 1) * rowsPerPage);
  return (
    <>
      <TableContainer className={classes.container}>
        <Table size="small" stickyHeader aria-label={label}>
          <TableHead>
            <TableRow>
              {columns.map((column, i) => (
                <TableCell key={`${column.name}-${i}`} className={classes.cell}>
                  {column.name}{' '}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    className={classes.type}
                  >
                    {column.type}
                  </Typography>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.length === 0 && (
              <TableRow>
                <TableCell colSpan={Math.max(columns.length, 1)}>
                  No rows.
                </TableCell>
              </TableRow>
            )}
            {shown.map((row, r) => (
              <TableRow key={page * rowsPerPage + r} hover>
                {columns.map((_, c) => {
                  const value = row[c];
                  const text = formatValue(value);
                  const isNull = value === null || value === undefined;
                  return (
                    <TableCell
                      key={c}
                      className={`${classes.cell} ${
                        isNull ? classes.null : ''
                      }`}
                      title={text}
                    >
                      {text}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length > 0 ? (
        <TablePagination
          component="div"
          count={rows.length}
          page={Math.min(page, lastPage)}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={[10, 25, 50, 100]}
          onPageChange={(_, next) => setPage(next)}
          onRowsPerPageChange={(e: ChangeEvent<HTMLInputElement>) => {
            setRowsPerPage(Number(e.target.value));
            setPage(0);
          }}
        />
      ) : null}
    </>
  );
};

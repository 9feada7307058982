import {
  OnlineFeatureRow,
  OnlineFeatureStatus,
  OnlineFeaturesResponse,
  OnlineFeatureValue,
} from '@internal/plugin-feature-store-common';
import { Identifier } from '@internal/plugin-lakehouse-react';
import {
  Box,
  Chip,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  container: { maxHeight: 480 },
  // Feature names as headers: whole words, wrapping only after `_` (see Identifier).
  header: { wordBreak: 'normal' },
  cell: { whiteSpace: 'nowrap', fontFamily: 'monospace' },
  missing: { color: theme.palette.text.secondary, fontStyle: 'italic' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: 4 },
  present: {
    backgroundColor: theme.palette.success.light,
    color: theme.palette.getContrastText(theme.palette.success.light),
  },
  absent: {
    backgroundColor: theme.palette.warning.light,
    color: theme.palette.getContrastText(theme.palette.warning.light),
  },
  invalid: {
    backgroundColor: theme.palette.error.light,
    color: theme.palette.getContrastText(theme.palette.error.light),
  },
}));

/** What each status means to someone looking at the values. */
export const STATUS_LABELS: Record<OnlineFeatureStatus, string> = {
  PRESENT: 'present',
  NULL_VALUE: 'null',
  NOT_FOUND: 'not found',
  OUTSIDE_MAX_AGE: 'older than the TTL',
  INVALID: 'invalid',
};

const STATUS_ORDER: OnlineFeatureStatus[] = [
  'PRESENT',
  'NULL_VALUE',
  'OUTSIDE_MAX_AGE',
  'NOT_FOUND',
  'INVALID',
];

/** A value as the feature server sent it; lists and structs as JSON. */
export function formatFeatureValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

function valueOf(
  row: OnlineFeatureRow,
  name: string,
  index: number,
): OnlineFeatureValue | undefined {
  return row.features.find(f => f.name === name) ?? row.features[index];
}

/** How many of a row's values have each status, as chips. */
const RowStatus = ({
  values,
}: {
  values: (OnlineFeatureValue | undefined)[];
}) => {
  const classes = useStyles();
  const counts = new Map<OnlineFeatureStatus, number>();
  for (const v of values) {
    const status = v?.status ?? 'NOT_FOUND';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const className = (status: OnlineFeatureStatus) => {
    if (status === 'PRESENT') return classes.present;
    if (status === 'INVALID') return classes.invalid;
    return classes.absent;
  };
  return (
    <div className={classes.chips}>
      {STATUS_ORDER.filter(s => counts.has(s)).map(status => (
        <Chip
          key={status}
          size="small"
          className={className(status)}
          label={`${counts.get(status)} ${STATUS_LABELS[status]}`}
        />
      ))}
    </div>
  );
};

/**
 * The values an online lookup returned: one row per entity, its join key
 * values first, then each feature, then how many values were found.
 */
export const LookupResultTable = ({
  result,
}: {
  result: OnlineFeaturesResponse;
}) => {
  const classes = useStyles();
  const joinKeys = [
    ...new Set(result.rows.flatMap(row => Object.keys(row.entity))),
  ];
  // The feature server echoes the join keys as features: shown once.
  const features = result.featureNames
    .map((name, index) => ({ name, index }))
    .filter(f => !joinKeys.includes(f.name));
  const what =
    result.source.kind === 'feature_service'
      ? 'feature service'
      : 'feature view';

  return (
    <Box mt={2}>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {result.rows.length} {result.rows.length === 1 ? 'entity' : 'entities'}{' '}
        read from the online store of Feast project {result.project}, {what}{' '}
        {result.source.name}.
      </Typography>
      <TableContainer className={classes.container}>
        <Table size="small" stickyHeader aria-label="Online feature values">
          <TableHead>
            <TableRow>
              {joinKeys.map(key => (
                <TableCell key={`key:${key}`} className={classes.header}>
                  <Identifier>{key}</Identifier>
                </TableCell>
              ))}
              {features.map(f => (
                <TableCell key={`feature:${f.name}`} className={classes.header}>
                  <Identifier>{f.name}</Identifier>
                </TableCell>
              ))}
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result.rows.map((row, r) => {
              const values = features.map(f => valueOf(row, f.name, f.index));
              return (
                <TableRow key={r}>
                  {joinKeys.map(key => (
                    <TableCell
                      key={`key:${key}`}
                      component="th"
                      scope="row"
                      className={classes.cell}
                    >
                      {formatFeatureValue(row.entity[key])}
                    </TableCell>
                  ))}
                  {features.map((f, i) => {
                    const value = values[i];
                    const status = value?.status ?? 'NOT_FOUND';
                    const present = status === 'PRESENT';
                    const label = STATUS_LABELS[status] ?? status;
                    const hasValue =
                      value?.value !== null && value?.value !== undefined;
                    return (
                      <TableCell
                        key={`feature:${f.name}`}
                        className={`${classes.cell} ${
                          present ? '' : classes.missing
                        }`}
                        title={value?.eventTimestamp}
                      >
                        {present && formatFeatureValue(value?.value)}
                        {!present && hasValue && (
                          <>
                            {formatFeatureValue(value?.value)} ({label})
                          </>
                        )}
                        {!present && !hasValue && label}
                      </TableCell>
                    );
                  })}
                  <TableCell>
                    <RowStatus values={values} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
};

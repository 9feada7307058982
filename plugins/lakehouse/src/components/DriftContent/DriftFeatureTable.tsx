import { DriftFeatureReport } from '@internal/plugin-lakehouse-common';
import {
  Identifier,
  useDataTableStyles,
} from '@internal/plugin-lakehouse-react';
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { formatShare, formatStatistic, TEST_NAMES } from '../../drift';
import { DriftStatusChip } from './DriftStatusChip';

/** Properties of {@link DriftFeatureTable}. */
export interface DriftFeatureTableProps {
  /** The features in the order to list them. */
  features: DriftFeatureReport[];
  /** The feature shown in detail. */
  selected?: string;
  onSelect(name: string): void;
}

/**
 * One row per feature of a report: its test, the test's value against the
 * threshold, whether it drifted, and its missing rate. A feature's name
 * opens its detail.
 */
export const DriftFeatureTable = ({
  features,
  selected,
  onSelect,
}: DriftFeatureTableProps) => {
  const classes = useDataTableStyles();
  return (
    <TableContainer>
      <Table
        size="small"
        aria-label="Drift by feature"
        className={classes.table}
      >
        <TableHead>
          <TableRow>
            <TableCell>Feature</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell>Test</TableCell>
            <TableCell align="right">Value</TableCell>
            <TableCell align="right">Threshold</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">p-value</TableCell>
            <TableCell align="right">Missing rate</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {features.map(feature => {
            const isSelected = feature.name === selected;
            return (
              <TableRow key={feature.name} selected={isSelected} hover>
                <TableCell>
                  <Link
                    component="button"
                    variant="body2"
                    onClick={() => onSelect(feature.name)}
                    aria-current={isSelected ? 'true' : undefined}
                    style={{ textAlign: 'left' }}
                  >
                    <Identifier>{feature.name}</Identifier>
                  </Link>
                </TableCell>
                <TableCell className={classes.oneLine}>
                  {feature.kind}
                </TableCell>
                <TableCell className={classes.oneLine}>
                  {TEST_NAMES[feature.test] ?? feature.test}
                </TableCell>
                <TableCell
                  align="right"
                  className={classes.figure}
                  title={feature.method}
                >
                  {formatStatistic(feature.value)}
                </TableCell>
                <TableCell align="right" className={classes.figure}>
                  {formatStatistic(feature.threshold)}
                  {feature.thresholdMode === 'calibrated' && ' (calibrated)'}
                </TableCell>
                <TableCell className={classes.oneLine}>
                  <DriftStatusChip drifted={feature.drifted} />
                </TableCell>
                <TableCell align="right" className={classes.figure}>
                  {formatStatistic(feature.pValue)}
                </TableCell>
                <TableCell align="right" className={classes.figure}>
                  {formatShare(feature.statistics.missingRate)}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

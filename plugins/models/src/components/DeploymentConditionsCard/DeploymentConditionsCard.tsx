import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useDataTableStyles } from '@internal/plugin-lakehouse-react';
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { getInferenceService } from '../../models';
import { ConditionStatus } from '../ConditionStatus';
import { DateTime } from '../DateTime';

/** Ready first, then the conditions it is made of, as `kubectl describe` lists them. */
function readyFirst(a: { type: string }, b: { type: string }) {
  if (a.type === 'Ready') return -1;
  if (b.type === 'Ready') return 1;
  return 0;
}

/** Every condition of the InferenceService with its status, reason and message. */
export const DeploymentConditionsCard = () => {
  const classes = useDataTableStyles();
  const { entity } = useEntity();
  const conditions = [...(getInferenceService(entity)?.conditions ?? [])].sort(
    readyFirst,
  );
  return (
    <InfoCard title="Conditions" titleTypographyProps={{ component: 'h2' }}>
      {conditions.length === 0 ? (
        <Typography variant="body2">
          The InferenceService reports no conditions yet; KServe sets them once
          its controller has reconciled the object.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Conditions" className={classes.dense}>
            <TableHead>
              <TableRow>
                <TableCell>Condition</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Message</TableCell>
                <TableCell>Last transition</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {conditions.map(condition => (
                <TableRow key={condition.type}>
                  <TableCell
                    component="th"
                    scope="row"
                    className={classes.oneLine}
                  >
                    {condition.type}
                  </TableCell>
                  <TableCell className={classes.oneLine}>
                    <ConditionStatus condition={condition} />
                  </TableCell>
                  <TableCell className={classes.oneLine}>
                    {condition.reason ?? '—'}
                  </TableCell>
                  <TableCell
                    className={classes.wrapAnywhere}
                    style={{ whiteSpace: 'pre-wrap' }}
                  >
                    {condition.message ?? '—'}
                  </TableCell>
                  <TableCell className={classes.oneLine}>
                    <DateTime value={condition.lastTransitionTime} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};

import { InfoCard, StatusOK, StatusPending } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeploymentTraffic } from '@internal/plugin-lakehouse-common';
import {
  Identifier,
  useDataTableStyles,
} from '@internal/plugin-lakehouse-react';
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
import { getInferenceService } from '../../models';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 28,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    border: `1px solid ${theme.palette.divider}`,
  },
  current: { backgroundColor: theme.palette.primary.main },
  canary: { backgroundColor: theme.palette.warning.main },
  legend: { display: 'flex', gap: theme.spacing(3), marginTop: 8 },
  swatch: {
    display: 'inline-block',
    width: 12,
    height: 12,
    marginRight: 6,
    verticalAlign: 'middle',
    borderRadius: 2,
  },
}));

const MECHANISMS: Record<DeploymentTraffic['mechanism'], string> = {
  canaryTrafficPercent:
    'Serverless rollout: spec.predictor.canaryTrafficPercent sends this share to the latest revision.',
  'spec.canary':
    'Standard mode canaries (spec.canary): each canary receives its own share.',
  none: 'No canary: the current model receives all requests.',
};

function clampPercent(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n)
    ? Math.min(100, Math.max(0, n))
    : 0;
}

/**
 * How requests are split between the current model and its canaries, for
 * both of KServe's mechanisms, with the canaries and the revisions as the
 * InferenceService reports them.
 */
export const DeploymentTrafficCard = () => {
  const classes = useStyles();
  const tableClasses = useDataTableStyles();
  const { entity } = useEntity();
  const traffic = getInferenceService(entity)?.traffic;
  const current = clampPercent(traffic?.currentPercent ?? 100);
  const canary = clampPercent(traffic?.canaryPercent);
  const canaries = traffic?.canaries ?? [];
  const revisions = traffic?.revisions ?? [];
  const summary =
    canary > 0
      ? `${current}% to the current model, ${canary}% to the canary`
      : `${current}% to the current model, no canary`;

  return (
    <InfoCard title="Traffic split" titleTypographyProps={{ component: 'h2' }}>
      <div
        className={classes.bar}
        role="img"
        aria-label={`Traffic split: ${summary}`}
      >
        <div
          className={classes.current}
          style={{ width: `${current}%` }}
          title={`Current model: ${current}%`}
        />
        {canary > 0 && (
          <div
            className={classes.canary}
            style={{ width: `${canary}%` }}
            title={`Canary: ${canary}%`}
          />
        )}
      </div>
      <div className={classes.legend}>
        <Typography variant="body2" component="span">
          <span className={`${classes.swatch} ${classes.current}`} />
          Current model {current}%
        </Typography>
        <Typography variant="body2" component="span">
          <span className={`${classes.swatch} ${classes.canary}`} />
          Canary {canary}%
        </Typography>
      </div>
      <Typography variant="body2" color="textSecondary" component="p">
        {MECHANISMS[traffic?.mechanism ?? 'none'] ?? MECHANISMS.none}
      </Typography>
      {canaries.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3" gutterBottom>
            Canaries
          </Typography>
          <Table
            size="small"
            aria-label="Canaries"
            className={tableClasses.dense}
          >
            <TableHead>
              <TableRow>
                <TableCell>Traffic</TableCell>
                <TableCell>Storage URI</TableCell>
                <TableCell>Ready</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {canaries.map((c, i) => (
                <TableRow key={`${c.storageUri ?? ''}-${i}`}>
                  <TableCell className={tableClasses.figure}>
                    {clampPercent(c.trafficPercent)}%
                  </TableCell>
                  <TableCell className={tableClasses.wrapAnywhere}>
                    {c.storageUri ? (
                      <code>
                        <Identifier>{c.storageUri}</Identifier>
                      </code>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell className={tableClasses.oneLine}>
                    {c.ready === undefined && '—'}
                    {c.ready === true && <StatusOK>yes</StatusOK>}
                    {c.ready === false && <StatusPending>no</StatusPending>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {revisions.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3" gutterBottom>
            Revisions
          </Typography>
          <Table
            size="small"
            aria-label="Revisions"
            className={tableClasses.dense}
          >
            <TableHead>
              <TableRow>
                <TableCell>Revision</TableCell>
                <TableCell>Traffic</TableCell>
                <TableCell>Tag</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {revisions.map((r, i) => (
                <TableRow key={`${r.revisionName ?? ''}-${r.tag ?? ''}-${i}`}>
                  <TableCell>
                    {r.revisionName ?? '—'}
                    {r.latestRevision ? ' (latest)' : ''}
                  </TableCell>
                  <TableCell className={tableClasses.figure}>
                    {r.percent === undefined ? '—' : `${r.percent}%`}
                  </TableCell>
                  <TableCell className={tableClasses.oneLine}>
                    {r.tag ?? '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </InfoCard>
  );
};

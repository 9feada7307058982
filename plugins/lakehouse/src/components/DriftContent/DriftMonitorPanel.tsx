import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  DriftMonitor,
  DriftReport,
  lakehouseDriftRunPermission,
} from '@internal/plugin-lakehouse-common';
import {
  Box,
  Button,
  CircularProgress,
  LinearProgress,
  makeStyles,
  Paper,
  Typography,
} from '@material-ui/core';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { Alert, AlertTitle } from '@material-ui/lab';
import { ReactNode, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { driftSubject } from '../../drift';
import { RelativeTime } from '../RelativeTime';
import { serverMessage } from '../SqlConsolePage/errors';
import { DriftReportView } from './DriftReportView';

/** Reports fetched for the picker and the charts over time. */
const REPORT_HISTORY = 30;

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    margin: 0,
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(0.5),
  },
  fact: { display: 'flex', gap: theme.spacing(0.75) },
  term: { color: theme.palette.text.secondary },
  value: { margin: 0 },
}));

const Facts = ({ facts }: { facts: [string, ReactNode][] }) => {
  const classes = useStyles();
  return (
    <Typography variant="body2" component="dl" className={classes.facts}>
      {facts.map(([term, value]) => (
        <div key={term} className={classes.fact}>
          <dt className={classes.term}>{term}</dt>
          <dd className={classes.value}>{value}</dd>
        </div>
      ))}
    </Typography>
  );
};

type RunState = { running: boolean; error?: Error };

const RunRefused = ({ error }: { error: Error }) => {
  const notAllowed = (error as { statusCode?: number }).statusCode === 403;
  return (
    <Alert severity={notAllowed ? 'warning' : 'error'}>
      <AlertTitle>
        {notAllowed
          ? 'You are not allowed to run this monitor'
          : 'The monitor could not be run'}
      </AlertTitle>
      {serverMessage(error)}
      {notAllowed &&
        ` Running a monitor needs the permission ${lakehouseDriftRunPermission.name}; its scheduled runs go on.`}
    </Alert>
  );
};

/** Properties of {@link DriftMonitorPanel}. */
export interface DriftMonitorPanelProps {
  monitor: DriftMonitor;
  /** The model or feature view the monitor watches, as the page shows it. */
  entity: Entity;
}

/**
 * A drift monitor: what it compares how often, a button to run it now
 * (for those allowed to: `lakehouse.drift.run` on the entity), and its
 * reports.
 */
export const DriftMonitorPanel = ({
  monitor,
  entity,
}: DriftMonitorPanelProps) => {
  const api = useApi(lakehouseApiRef);
  const permission = usePermission({
    permission: lakehouseDriftRunPermission,
    resourceRef: stringifyEntityRef(entity),
  });
  const mayRun = !permission.loading && permission.allowed;
  const loaded = useAsync(
    () => api.listDriftReports(monitor.id, { limit: REPORT_HISTORY }),
    [api, monitor.id],
  );
  const [ranNow, setRanNow] = useState<DriftReport[]>([]);
  const [run, setRun] = useState<RunState>({ running: false });

  const reports = useMemo(() => {
    const fresh = new Set(ranNow.map(r => r.id));
    return [...ranNow, ...(loaded.value ?? []).filter(r => !fresh.has(r.id))];
  }, [ranNow, loaded.value]);
  const lastRun = reports[0]?.createdAt ?? monitor.lastReport?.createdAt;

  const runNow = async () => {
    setRun({ running: true });
    try {
      const report = await api.runDriftMonitor(monitor.id);
      setRanNow(previous => [report, ...previous]);
      setRun({ running: false });
    } catch (error) {
      setRun({ running: false, error: error as Error });
    }
  };

  const name = monitor.title ?? monitor.id;
  let body: ReactNode;
  if (loaded.loading) {
    body = <Progress aria-label="Loading the reports" />;
  } else if (loaded.error && reports.length === 0) {
    body = <ResponseErrorPanel error={loaded.error} />;
  } else if (reports.length === 0) {
    body = (
      <InfoCard
        title="Drift by feature"
        titleTypographyProps={{ component: 'h2' }}
      >
        <Typography variant="body2">
          The monitor has not run yet. It runs {monitor.schedule}; Run now
          compares the data right away.
        </Typography>
      </InfoCard>
    );
  } else {
    body = <DriftReportView key={reports[0].id} reports={reports} />;
  }

  return (
    <>
      <Paper variant="outlined">
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          p={2}
          style={{ gap: 16 }}
        >
          <Typography variant="h6" component="h2">
            {name}
          </Typography>
          <Facts
            facts={[
              ['Engine', monitor.engine],
              ['Schedule', monitor.schedule],
              ['Thresholds', monitor.thresholds],
              ['Last run', <RelativeTime value={lastRun} fallback="never" />],
            ]}
          />
          <Box flexGrow={1} />
          <Button
            variant="contained"
            color="primary"
            onClick={runNow}
            disabled={run.running || !mayRun}
            startIcon={
              run.running ? (
                <CircularProgress size={16} color="inherit" />
              ) : (
                <PlayArrowIcon />
              )
            }
          >
            Run now
          </Button>
        </Box>
        {!permission.loading && !permission.allowed && (
          <Box px={2} pb={1.5} mt={-1}>
            <Typography variant="body2" color="textSecondary">
              You may not run this monitor now: that needs the permission{' '}
              <code>{lakehouseDriftRunPermission.name}</code> on this{' '}
              {driftSubject(entity)}. It runs {monitor.schedule} on its own.
            </Typography>
          </Box>
        )}
        {run.running && (
          <LinearProgress aria-label={`Running ${name} on ${monitor.engine}`} />
        )}
      </Paper>
      {run.error && (
        <Box mt={2}>
          <RunRefused error={run.error} />
        </Box>
      )}
      <Box mt={3}>{body}</Box>
    </>
  );
};

import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import { DriftMonitor } from '@internal/plugin-lakehouse-common';
import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  makeStyles,
} from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import ScheduleIcon from '@material-ui/icons/Schedule';
import WarningIcon from '@material-ui/icons/Warning';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { summarizeDrift } from '../../drift';
import { NoDriftMonitor } from '../DriftContent/NoDriftMonitor';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  drift: { color: theme.palette.error.main },
  failed: { color: theme.palette.warning.main },
  noDrift: { color: theme.palette.success.main },
  message: { overflowWrap: 'anywhere' },
}));

const StatusIcon = ({ monitor }: { monitor: DriftMonitor }) => {
  const classes = useStyles();
  const last = monitor.lastReport;
  if (!last) return <ScheduleIcon color="disabled" />;
  if (last.status === 'failed') {
    return <ErrorOutlineIcon className={classes.failed} />;
  }
  return last.drifted ? (
    <WarningIcon className={classes.drift} />
  ) : (
    <CheckCircleOutlineIcon className={classes.noDrift} />
  );
};

const MonitorStatus = ({ monitor }: { monitor: DriftMonitor }) => {
  const classes = useStyles();
  const last = monitor.lastReport;
  return (
    <ListItem disableGutters>
      <ListItemIcon aria-hidden>
        <StatusIcon monitor={monitor} />
      </ListItemIcon>
      <ListItemText
        primary={summarizeDrift(last)}
        primaryTypographyProps={{ className: classes.message }}
        secondary={
          <>
            {monitor.title ?? monitor.id}
            {last && (
              <>
                {' · '}
                <RelativeTime value={last.createdAt} />
              </>
            )}
          </>
        }
      />
    </ListItem>
  );
};

/**
 * The outcome of the last run of each drift monitor of a model or feature
 * view, with a link to the Drift tab.
 */
export const DriftSummaryCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const entityLink = useEntityRefLink();
  const api = useApi(lakehouseApiRef);
  const monitors = useAsync(
    () => api.listDriftMonitors({ entityRef }),
    [api, entityRef],
  );

  let content: JSX.Element;
  if (monitors.loading) {
    content = <Progress aria-label="Loading the drift monitors" />;
  } else if (monitors.error) {
    content = <ResponseErrorPanel error={monitors.error} />;
  } else if (!monitors.value?.length) {
    content = <NoDriftMonitor entity={entity} />;
  } else {
    content = (
      <List dense disablePadding aria-label="Drift monitors">
        {monitors.value.map(monitor => (
          <MonitorStatus key={monitor.id} monitor={monitor} />
        ))}
      </List>
    );
  }

  return (
    <InfoCard
      title="Drift"
      deepLink={
        monitors.value?.length
          ? { title: 'Show drift', link: `${entityLink(entity)}/drift` }
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
};

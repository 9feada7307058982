import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  LakehouseAnnotation,
  ModelVersion,
} from '@internal/plugin-lakehouse-common';
import {
  Identifier,
  useDataTableStyles,
} from '@internal/plugin-lakehouse-react';
import {
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  formatMetric,
  getKeyMetricNames,
  getMetrics,
  getVersions,
  isDeclaredInYaml,
} from '../../models';
import { DateTime } from '../DateTime';

/** The registration status MLflow reports for a version. */
const VersionStatus = ({ status }: { status?: string }) => {
  switch (status) {
    case 'READY':
      return <StatusOK>ready</StatusOK>;
    case 'PENDING_REGISTRATION':
      return <StatusPending>pending registration</StatusPending>;
    case 'FAILED_REGISTRATION':
      return <StatusError>failed registration</StatusError>;
    case undefined:
      return <>—</>;
    default:
      return <>{status}</>;
  }
};

/** MLflow run ids are 32 hex digits; the first eight tell runs apart at a glance. */
const RUN_ID_SHOWN = 8;

/** The run that produced a version: its name, then its id, shortened. */
const SourceRun = ({ version }: { version: ModelVersion }) => {
  const runId = version.run?.runId ?? version.runId;
  if (!runId) return <>—</>;
  const name = version.run?.name;
  const status = version.run?.status;
  const shortId =
    runId.length > RUN_ID_SHOWN ? `${runId.slice(0, RUN_ID_SHOWN)}…` : runId;
  return (
    <>
      {name && (
        <Typography variant="body2" component="div">
          {name}
        </Typography>
      )}
      <Typography
        variant="caption"
        component="div"
        color={name ? 'textSecondary' : 'textPrimary'}
        style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}
      >
        <abbr title={`Run ${runId}`}>{shortId}</abbr>
      </Typography>
      {status && status !== 'FINISHED' && (
        <Typography variant="caption" component="div" color="textSecondary">
          run {status.toLowerCase()}
        </Typography>
      )}
    </>
  );
};

/**
 * The versions of a registered model, newest first: aliases, registration
 * status, stage (older registries), the day each was registered, the run
 * that produced it and the metrics most versions record.
 */
export const ModelVersionsCard = () => {
  const classes = useDataTableStyles();
  const { entity } = useEntity();
  const versions = getVersions(entity);
  const metrics = getKeyMetricNames(versions);
  const showStage = versions.some(v => v.stage);
  const registryName =
    entity.metadata.annotations?.[LakehouseAnnotation.mlflowModelName] ??
    entity.metadata.name;
  const declared = isDeclaredInYaml(entity);

  return (
    <InfoCard
      title={`Model versions (${versions.length})`}
      subheader={`MLflow registered model ${registryName}`}
      titleTypographyProps={{ component: 'h2' }}
    >
      {declared && (
        <Box mb={2}>
          <Alert severity="info">
            The versions of this model come from its YAML declaration in the
            catalog, not from MLflow. Discovery of registered models, their
            versions, aliases and run metrics from the MLflow model registry is
            configured by <code>catalog.providers.mlflow</code>.
          </Alert>
        </Box>
      )}
      {versions.length === 0 ? (
        <Typography variant="body2">
          No versions are registered for this model yet.
        </Typography>
      ) : (
        <TableContainer>
          <Table
            size="small"
            aria-label="Model versions"
            className={classes.dense}
          >
            <TableHead>
              <TableRow>
                <TableCell>Version</TableCell>
                <TableCell>Aliases</TableCell>
                <TableCell>Status</TableCell>
                {showStage && <TableCell>Stage</TableCell>}
                <TableCell>Created</TableCell>
                <TableCell>Source run</TableCell>
                {metrics.map(m => (
                  <TableCell key={m} align="right">
                    <Identifier>{m}</Identifier>
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {versions.map(version => {
                const values = new Map(getMetrics(version));
                return (
                  <TableRow key={version.version}>
                    <TableCell
                      component="th"
                      scope="row"
                      className={classes.description}
                    >
                      <Typography variant="body2" component="div">
                        {version.version}
                      </Typography>
                      {version.description && (
                        <Typography
                          variant="caption"
                          component="div"
                          color="textSecondary"
                        >
                          {version.description}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>
                      {version.aliases?.map(alias => (
                        <Chip
                          key={alias}
                          label={alias}
                          size="small"
                          color="primary"
                        />
                      ))}
                    </TableCell>
                    <TableCell className={classes.oneLine}>
                      <VersionStatus status={version.status} />
                    </TableCell>
                    {showStage && (
                      <TableCell className={classes.oneLine}>
                        {version.stage ?? '—'}
                      </TableCell>
                    )}
                    <TableCell className={classes.oneLine}>
                      <DateTime value={version.createdAt} precision="day" />
                    </TableCell>
                    <TableCell>
                      <SourceRun version={version} />
                    </TableCell>
                    {metrics.map(m => (
                      <TableCell
                        key={m}
                        align="right"
                        className={classes.figure}
                      >
                        {values.has(m) ? formatMetric(values.get(m)!) : '—'}
                      </TableCell>
                    ))}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};

import { InfoCard } from '@backstage/core-components';
import { DriftReport } from '@internal/plugin-lakehouse-common';
import { formatDateTime } from '@internal/plugin-lakehouse-react';
import { Box, Button, Grid, TextField } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { useId, useState } from 'react';
import { sortByDrift, summarizeDrift } from '../../drift';
import { formatCount } from '../../format';
import { RelativeTime } from '../RelativeTime';
import { DriftFeatureDetail } from './DriftFeatureDetail';
import { DriftFeatureTable } from './DriftFeatureTable';
import { DriftSamplesCard } from './DriftSamplesCard';

/** The outcome of a report in a line, as the overview card says it. */
function outcome(report: DriftReport): string {
  return summarizeDrift({
    ...report,
    driftedFeatures: sortByDrift(report.features)
      .filter(f => f.drifted)
      .map(f => f.name),
    featureCount: report.features.length,
  });
}

/** Characters of a report's outcome in the picker; a failed run's reason can be long. */
const LABEL_CHARS = 80;

function reportLabel(report: DriftReport): string {
  const when = formatDateTime(report.createdAt, 'minute') ?? report.createdAt;
  const text = outcome(report);
  const shown =
    text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
  return `${when} — ${shown}`;
}

const FailedRun = ({
  report,
  newest,
  lastGood,
  onShow,
}: {
  report: DriftReport;
  newest: boolean;
  lastGood?: DriftReport;
  onShow(id: string): void;
}) => (
  <Alert
    severity="error"
    action={
      lastGood && (
        <Button
          color="inherit"
          size="small"
          onClick={() => onShow(lastGood.id)}
        >
          Show the last report
        </Button>
      )
    }
  >
    <AlertTitle>
      {newest ? 'The last run failed' : 'This run failed'}:{' '}
      {report.error || 'no reason was recorded'}
    </AlertTitle>
    Ran <RelativeTime value={report.createdAt} /> on {report.engine}.{' '}
    {lastGood ? (
      <>
        The last run that compared the data was{' '}
        <RelativeTime value={lastGood.createdAt} />.
      </>
    ) : (
      'No run has compared the data yet.'
    )}
  </Alert>
);

/** Properties of {@link DriftReportView}. */
export interface DriftReportViewProps {
  /** The monitor's reports, newest first; not empty. */
  reports: DriftReport[];
}

/**
 * A report of a monitor — the newest unless the user picks an older one:
 * the features drifted first, the detail of the feature picked, and the
 * queries of the data compared. A failed run shows its reason instead of
 * the features, and the last run that compared the data stays one click
 * away.
 */
export const DriftReportView = ({ reports }: DriftReportViewProps) => {
  const pickerId = useId();
  const [reportId, setReportId] = useState<string>();
  const [featureName, setFeatureName] = useState<string>();
  const report = reports.find(r => r.id === reportId) ?? reports[0];
  const history = reports.filter(r => r.status === 'ok');
  const features = sortByDrift(report.features);
  const feature = features.find(f => f.name === featureName) ?? features[0];
  const failed = report.status === 'failed';
  const drifted = features.filter(f => f.drifted).length;

  return (
    <Grid container spacing={2} direction="column" wrap="nowrap">
      {reports.length > 1 && (
        <Grid item>
          <TextField
            id={pickerId}
            select
            label="Report"
            value={report.id}
            onChange={e => setReportId(e.target.value)}
            SelectProps={{ native: true }}
            variant="outlined"
            size="small"
          >
            {reports.map(r => (
              <option key={r.id} value={r.id}>
                {reportLabel(r)}
              </option>
            ))}
          </TextField>
        </Grid>
      )}
      {failed && (
        <Grid item>
          <FailedRun
            report={report}
            newest={report === reports[0]}
            lastGood={history.find(
              r => Date.parse(r.createdAt) <= Date.parse(report.createdAt),
            )}
            onShow={setReportId}
          />
        </Grid>
      )}
      {!failed && (
        <Grid item>
          <InfoCard
            title="Drift by feature"
            titleTypographyProps={{ component: 'h2' }}
            subheader={
              <>
                {drifted} of {features.length}{' '}
                {features.length === 1 ? 'feature' : 'features'} drifted ·
                reference {formatCount(report.reference.rows) ?? 'unknown'}{' '}
                rows, current {formatCount(report.current.rows) ?? 'unknown'}{' '}
                rows · <RelativeTime value={report.createdAt} />
              </>
            }
            noPadding
          >
            {features.length === 0 ? (
              <Box p={2}>The report compared no features.</Box>
            ) : (
              <DriftFeatureTable
                features={features}
                selected={feature?.name}
                onSelect={setFeatureName}
              />
            )}
          </InfoCard>
        </Grid>
      )}
      {!failed && feature && (
        <Grid item>
          <DriftFeatureDetail
            key={feature.name}
            feature={feature}
            history={history}
            hiddenBecause={report.redacted}
          />
        </Grid>
      )}
      <Grid item>
        <DriftSamplesCard report={report} />
      </Grid>
    </Grid>
  );
};

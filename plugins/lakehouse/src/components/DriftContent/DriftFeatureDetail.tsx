import { InfoCard } from '@backstage/core-components';
import {
  DriftFeatureReport,
  DriftReport,
} from '@internal/plugin-lakehouse-common';
import { Box, Grid, TextField, Typography } from '@material-ui/core';
import { useId, useState } from 'react';
import {
  DriftStatisticName,
  formatStatisticValue,
  presentStatistics,
  STATISTIC_NAMES,
  TEST_NAMES,
  testStatistic,
} from '../../drift';
import { DriftStatusChip } from './DriftStatusChip';
import { HistogramChart } from './HistogramChart';
import { StatisticHistoryChart, StatisticPoint } from './StatisticHistoryChart';

/** Properties of {@link DriftFeatureDetail}. */
export interface DriftFeatureDetailProps {
  /** The feature as the shown report has it. */
  feature: DriftFeatureReport;
  /** The monitor's reports that compared the data, newest first. */
  history: DriftReport[];
  /**
   * Why the report leaves the distributions out (the backend's `redacted`:
   * the user may not read the data it compared), if it does.
   */
  hiddenBecause?: string;
}

/** The feature's entry in each report that has it, oldest first. */
function featureHistory(name: string, history: DriftReport[]) {
  return [...history].reverse().flatMap(report => {
    const feature = report.features.find(f => f.name === name);
    return feature ? [{ at: report.createdAt, feature }] : [];
  });
}

/**
 * One feature of a report in detail: its reference and current
 * distributions one over the other, and a statistic of it across the
 * monitor's reports, the threshold drawn where the statistic is the one
 * the feature is tested on.
 */
export const DriftFeatureDetail = ({
  feature,
  history,
  hiddenBecause,
}: DriftFeatureDetailProps) => {
  const pickerId = useId();
  const entries = featureHistory(feature.name, history);
  const names = (Object.keys(STATISTIC_NAMES) as DriftStatisticName[]).filter(
    name =>
      entries.some(e => presentStatistics(e.feature.statistics).includes(name)),
  );
  const tested = testStatistic(feature.test);
  const [picked, setPicked] = useState<DriftStatisticName>();
  const statistic =
    picked && names.includes(picked)
      ? picked
      : names.find(n => n === tested) ?? names[0];

  const points: StatisticPoint[] = statistic
    ? entries.flatMap(({ at, feature: f }) => {
        const value = f.statistics[statistic];
        if (value === undefined || !Number.isFinite(value)) return [];
        const isTest = testStatistic(f.test) === statistic;
        return [
          {
            at,
            value,
            threshold: isTest ? f.threshold : undefined,
            drifted: isTest ? f.drifted : undefined,
          },
        ];
      })
    : [];

  return (
    <InfoCard
      title={feature.name}
      titleTypographyProps={{ component: 'h2' }}
      subheader={[
        feature.kind,
        TEST_NAMES[feature.test] ?? feature.test,
        feature.method,
      ]
        .filter(Boolean)
        .join(' · ')}
      action={<DriftStatusChip drifted={feature.drifted} />}
    >
      <Grid container spacing={3}>
        <Grid item xs={12} lg={6}>
          <Typography variant="subtitle1" component="h3" gutterBottom>
            Reference and current distribution
          </Typography>
          {feature.histogram ? (
            <HistogramChart
              feature={feature.name}
              histogram={feature.histogram}
            />
          ) : (
            <Typography variant="body2">
              {hiddenBecause
                ? `The distributions are hidden: ${hiddenBecause}.`
                : 'The report holds no histogram of this feature.'}
            </Typography>
          )}
        </Grid>
        <Grid item xs={12} lg={6}>
          <Typography variant="subtitle1" component="h3" gutterBottom>
            Over time
          </Typography>
          {statistic ? (
            <>
              <TextField
                id={pickerId}
                select
                label="Statistic"
                value={statistic}
                onChange={e => setPicked(e.target.value as DriftStatisticName)}
                SelectProps={{ native: true }}
                variant="outlined"
                size="small"
              >
                {names.map(name => (
                  <option key={name} value={name}>
                    {STATISTIC_NAMES[name]}
                  </option>
                ))}
              </TextField>
              <Box mt={2}>
                <StatisticHistoryChart
                  label={`${STATISTIC_NAMES[statistic]} of ${feature.name}`}
                  points={points}
                  format={v => formatStatisticValue(statistic, v)}
                />
              </Box>
            </>
          ) : (
            <Typography variant="body2">
              The reports hold no statistics of this feature.
            </Typography>
          )}
        </Grid>
      </Grid>
    </InfoCard>
  );
};

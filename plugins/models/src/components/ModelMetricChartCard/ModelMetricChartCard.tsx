import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, TextField, Typography } from '@material-ui/core';
import { useId, useState } from 'react';
import { getMetricNames, getMetrics, getVersions } from '../../models';
import { MetricBar, MetricBarChart } from './MetricBarChart';

/**
 * One metric compared across the versions of a model, oldest version on
 * the left, with a picker among the metrics the versions' runs recorded.
 */
export const ModelMetricChartCard = () => {
  const { entity } = useEntity();
  const pickerId = useId();
  const versions = getVersions(entity).reverse();
  const names = getMetricNames(versions);
  const [picked, setPicked] = useState<string>();
  const metric = picked && names.includes(picked) ? picked : names[0];

  const bars: MetricBar[] = [];
  const without: string[] = [];
  for (const version of versions) {
    const value = new Map(getMetrics(version)).get(metric);
    if (value === undefined) without.push(version.version);
    else {
      bars.push({ version: version.version, value, aliases: version.aliases });
    }
  }

  return (
    <InfoCard
      title="Metric across versions"
      titleTypographyProps={{ component: 'h2' }}
    >
      {names.length === 0 ? (
        <Typography variant="body2">
          No version of this model records metrics. The metrics of each
          version's MLflow run appear here once the model is discovered by
          catalog.providers.mlflow (or, for a model declared in YAML, listed
          under each version's <code>metrics</code>).
        </Typography>
      ) : (
        <>
          <TextField
            id={pickerId}
            select
            label="Metric"
            value={metric}
            onChange={e => setPicked(e.target.value)}
            SelectProps={{ native: true }}
            variant="outlined"
            size="small"
          >
            {names.map(name => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </TextField>
          <Box mt={2}>
            <MetricBarChart metric={metric} bars={bars} />
          </Box>
          {without.length > 0 && (
            <Typography variant="caption" color="textSecondary" component="p">
              {without.length === 1 ? 'Version' : 'Versions'}{' '}
              {without.join(', ')} {without.length === 1 ? 'records' : 'record'}{' '}
              no {metric}.
            </Typography>
          )}
        </>
      )}
    </InfoCard>
  );
};

import { CodeSnippet, InfoCard, LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { DriftReport, DriftSample } from '@internal/plugin-lakehouse-common';
import { Box, Typography } from '@material-ui/core';
import CodeIcon from '@material-ui/icons/Code';
import { formatCount } from '../../format';
import { sqlConsoleRouteRef } from '../../routes';

/** A link to the SQL console with the statement filled in. */
const OpenInConsole = ({ sql, engine }: { sql: string; engine: string }) => {
  const sqlConsole = useRouteRef(sqlConsoleRouteRef);
  if (!sqlConsole) return null;
  const params = new URLSearchParams({ sql, engine });
  return (
    <LinkButton
      to={`${sqlConsole()}?${params}`}
      color="primary"
      size="small"
      startIcon={<CodeIcon />}
    >
      Open in SQL console
    </LinkButton>
  );
};

const Sample = ({
  title,
  sample,
  engine,
}: {
  title: string;
  sample: DriftSample;
  engine: string;
}) => {
  const rows = formatCount(sample.rows);
  return (
    <Box component="section" aria-label={title} mb={2}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle1" component="h3">
          {title}
        </Typography>
        {rows !== undefined && (
          <Typography variant="body2" color="textSecondary">
            {rows} {sample.rows === 1 ? 'row' : 'rows'}
          </Typography>
        )}
        <Box flexGrow={1} />
        <OpenInConsole sql={sample.sql} engine={engine} />
      </Box>
      <CodeSnippet
        text={sample.sql}
        language="sql"
        showCopyCodeButton
        wrapLongLines
      />
    </Box>
  );
};

/**
 * The read-only SELECTs of the rows a report compared, to copy or to run
 * in the SQL console on the report's engine.
 */
export const DriftSamplesCard = ({ report }: { report: DriftReport }) => {
  const samples = [
    { title: 'Reference data', sample: report.reference },
    { title: 'Current data', sample: report.current },
  ].filter(s => s.sample?.sql);
  if (samples.length === 0) return null;
  return (
    <InfoCard
      title="Data compared"
      titleTypographyProps={{ component: 'h2' }}
      subheader={`Queries on ${report.engine}`}
    >
      {samples.map(s => (
        <Sample
          key={s.title}
          title={s.title}
          sample={s.sample}
          engine={report.engine}
        />
      ))}
    </InfoCard>
  );
};

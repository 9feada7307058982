import {
  CodeSnippet,
  InfoCard,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Tab, Tabs, Typography } from '@material-ui/core';
import { useState } from 'react';
import { getDbtInfo } from '../../dataset';

type SqlView = 'raw' | 'compiled';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/**
 * The SQL of the dbt model behind a dataset: as written (with Jinja) and as
 * compiled for the warehouse, with where the model lives and how dbt
 * materializes it.
 */
export const DatasetSqlContent = () => {
  const { entity } = useEntity();
  const dbt = getDbtInfo(entity);
  const rawSql = text(dbt?.rawSql);
  const compiledSql = text(dbt?.compiledSql);
  const [view, setView] = useState<SqlView>('raw');

  if (!rawSql) {
    return (
      <InfoCard title="SQL">
        <Typography variant="body2">
          No SQL is known for this dataset. It comes from the dbt manifest
          (catalog.providers.dbt) for datasets built by a dbt model.
        </Typography>
      </InfoCard>
    );
  }

  const shown = view === 'compiled' ? compiledSql : rawSql;
  return (
    <InfoCard title="SQL" subheader={dbt?.uniqueId}>
      <StructuredMetadataTable
        metadata={{
          path: text(dbt?.path) ?? 'unknown',
          materialization: text(dbt?.materialized) ?? 'unknown',
        }}
      />
      <Box mt={2}>
        <Tabs
          value={view}
          onChange={(_, value: SqlView) => setView(value)}
          indicatorColor="primary"
          aria-label="SQL version"
        >
          <Tab value="raw" label="Raw SQL" />
          <Tab value="compiled" label="Compiled SQL" />
        </Tabs>
      </Box>
      <Box
        mt={1}
        role="tabpanel"
        aria-label={view === 'raw' ? 'Raw SQL' : 'Compiled SQL'}
      >
        {shown ? (
          <CodeSnippet
            text={shown}
            language="sql"
            showCopyCodeButton
            wrapLongLines
          />
        ) : (
          <Typography variant="body2">
            The manifest holds no compiled SQL for this model. dbt writes it
            when the manifest comes from dbt compile, dbt run or dbt build
            rather than dbt parse.
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
};

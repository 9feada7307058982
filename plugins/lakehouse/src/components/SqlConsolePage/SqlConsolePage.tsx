import { Content, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  lakehouseQueryExecutePermission,
  QueryEngineId,
  QueryHistoryEntry,
} from '@internal/plugin-lakehouse-common';
import {
  Box,
  Button,
  Grid,
  Paper,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import HistoryIcon from '@material-ui/icons/History';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import SaveAltIcon from '@material-ui/icons/SaveAlt';
import StopIcon from '@material-ui/icons/Stop';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { formatCount } from '../../format';
import { QueryHistoryDrawer } from '../QueryHistoryDrawer';
import { QueryResultTable } from '../QueryResultTable';
import type { SqlPosition } from '../SqlEditor';
import { useCompletionSchema } from './completionSchema';
import { positionInMessage, serverMessage } from './errors';
import { QueryStatus } from './QueryStatus';
import { useQueryRunner } from './useQueryRunner';

// CodeMirror and the SQL language are the heaviest part of the plugin:
// fetched only when the console is opened by someone allowed to use it.
const SqlEditor = lazy(() =>
  import('../SqlEditor').then(m => ({ default: m.SqlEditor })),
);

/** Saves a downloaded file under `filename`, as a link the browser follows. */
function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const SqlConsole = () => {
  const api = useApi(lakehouseApiRef);
  const [searchParams] = useSearchParams();
  const [sql, setSql] = useState(() => searchParams.get('sql') ?? '');
  // A link may name the engine its statement is for (a drift report's SQL);
  // an engine that is not configured falls back to the default.
  const [engineId, setEngineId] = useState<QueryEngineId | undefined>(
    () => (searchParams.get('engine') as QueryEngineId | null) ?? undefined,
  );
  const [historyOpen, setHistoryOpen] = useState(false);
  const [errorPosition, setErrorPosition] = useState<SqlPosition>();
  const [download, setDownload] = useState<{
    loading: boolean;
    error?: Error;
  }>({ loading: false });

  const engines = useAsync(() => api.getEngines(), [api]);
  const engine = useMemo(() => {
    const list = engines.value ?? [];
    return (
      list.find(e => e.id === engineId) ?? list.find(e => e.default) ?? list[0]
    );
  }, [engines.value, engineId]);
  const completion = useCompletionSchema(api, engine);
  const { run, start, cancel } = useQueryRunner(api);
  const busy = run.phase === 'submitting' || run.phase === 'running';

  const runStatement = useCallback(async () => {
    if (busy || !sql.trim()) return;
    setErrorPosition(undefined);
    setDownload({ loading: false });
    await start({ sql, engine: engine?.id });
  }, [busy, sql, engine, start]);

  // Marks the failing position in the editor as soon as the answer names it.
  useEffect(() => {
    if (run.phase !== 'done') return;
    if (run.error?.line !== undefined) {
      setErrorPosition({ line: run.error.line, column: run.error.column ?? 1 });
    } else if (run.requestError) {
      setErrorPosition(positionInMessage(serverMessage(run.requestError)));
    }
  }, [run.phase, run.error, run.requestError]);

  const downloadCsv = async () => {
    if (!run.id) return;
    setDownload({ loading: true });
    try {
      saveFile(await api.downloadQueryCsv(run.id), `query-${run.id}.csv`);
      setDownload({ loading: false });
    } catch (error) {
      setDownload({ loading: false, error: error as Error });
    }
  };

  const pickFromHistory = (entry: QueryHistoryEntry) => {
    setSql(entry.sql);
    setErrorPosition(undefined);
    if (engines.value?.some(e => e.id === entry.engine)) {
      setEngineId(entry.engine);
    }
  };

  const finished = run.phase === 'done' && run.state === 'FINISHED';
  return (
    <Grid container spacing={2} direction="column" wrap="nowrap">
      {engines.error && (
        <Grid item>
          <Alert severity="error">
            <AlertTitle>The query engines could not be listed</AlertTitle>
            {serverMessage(engines.error)} Statements run on the default engine.
          </Alert>
        </Grid>
      )}
      <Grid item>
        <Paper variant="outlined">
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            p={1}
            style={{ gap: 8 }}
          >
            <TextField
              id="lakehouse-sql-engine"
              select
              label="Engine"
              value={engine?.id ?? ''}
              onChange={e => setEngineId(e.target.value as QueryEngineId)}
              SelectProps={{ native: true }}
              InputLabelProps={{ shrink: true }}
              variant="outlined"
              size="small"
              disabled={busy || !engines.value?.length}
              style={{ minWidth: 180 }}
            >
              {engines.loading && <option value="">Loading engines…</option>}
              {engines.value?.map(e => (
                <option key={e.id} value={e.id}>
                  {e.title}
                  {e.catalog
                    ? ` (${[e.catalog, e.schema].filter(Boolean).join('.')})`
                    : ''}
                </option>
              ))}
            </TextField>
            <Tooltip title="Ctrl+Enter (Cmd+Enter on macOS)">
              <span>
                <Button
                  variant="contained"
                  color="primary"
                  startIcon={<PlayArrowIcon />}
                  onClick={runStatement}
                  disabled={busy || !sql.trim()}
                >
                  Run
                </Button>
              </span>
            </Tooltip>
            <Button
              variant="outlined"
              startIcon={<StopIcon />}
              onClick={cancel}
              disabled={!busy || run.canceling}
            >
              {run.canceling ? 'Canceling…' : 'Cancel'}
            </Button>
            <Box flexGrow={1} />
            <Button
              startIcon={<HistoryIcon />}
              onClick={() => setHistoryOpen(true)}
            >
              History
            </Button>
          </Box>
          <Suspense fallback={<Progress aria-label="Loading the editor" />}>
            <SqlEditor
              value={sql}
              onChange={setSql}
              onRun={runStatement}
              schema={completion.schema}
              defaultSchema={completion.defaultSchema}
              errorPosition={errorPosition}
            />
          </Suspense>
          {completion.error && (
            <Typography
              variant="caption"
              color="textSecondary"
              component="p"
              style={{ padding: 8 }}
            >
              Table and column names cannot be completed:{' '}
              {serverMessage(completion.error)}
            </Typography>
          )}
        </Paper>
      </Grid>
      <Grid item>
        <QueryStatus
          run={run}
          onShowPosition={position => setErrorPosition({ ...position })}
        />
      </Grid>
      {run.columns && (
        <Grid item>
          <InfoCard
            title="Results"
            subheader={`${formatCount(run.rows.length)} ${
              run.rows.length === 1 ? 'row' : 'rows'
            }`}
            noPadding
            action={
              <Button
                startIcon={<SaveAltIcon />}
                onClick={downloadCsv}
                disabled={!finished || download.loading}
              >
                {download.loading ? 'Downloading…' : 'Download CSV'}
              </Button>
            }
          >
            {download.error && (
              <Alert severity="error">
                <AlertTitle>The CSV could not be downloaded</AlertTitle>
                {serverMessage(download.error)}
              </Alert>
            )}
            {run.truncated && (
              <Alert severity="warning">
                The result was truncated at {formatCount(run.rowCount)} rows.
                Narrow the statement (WHERE, LIMIT or an aggregate) to see the
                rest.
              </Alert>
            )}
            <QueryResultTable
              label="Query results"
              columns={run.columns}
              rows={run.rows}
            />
          </InfoCard>
        </Grid>
      )}
      <QueryHistoryDrawer
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        onSelect={pickFromHistory}
      />
    </Grid>
  );
};

/**
 * The SQL console: read-only statements on the lakehouse's query engines,
 * with completion of table and column names, progress, paged results, CSV
 * download and the user's history. Only for users with
 * `lakehouse.query.execute`.
 */
export const SqlConsolePage = () => {
  const { loading, allowed } = usePermission({
    permission: lakehouseQueryExecutePermission,
  });

  let body: JSX.Element;
  if (loading) {
    body = <Progress aria-label="Checking your permissions" />;
  } else if (!allowed) {
    body = (
      <Alert severity="warning">
        <AlertTitle>You are not allowed to run queries</AlertTitle>
        The SQL console needs the permission{' '}
        <code>{lakehouseQueryExecutePermission.name}</code>. Ask a portal
        administrator for access; until then, dataset schemas and lineage remain
        available in the catalog.
      </Alert>
    );
  } else {
    body = <SqlConsole />;
  }
  return <Content>{body}</Content>;
};

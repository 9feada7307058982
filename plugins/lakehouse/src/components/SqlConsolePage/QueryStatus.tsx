import { Box, Button, LinearProgress, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { formatCount, formatDuration } from '../../format';
import type { SqlPosition } from '../SqlEditor';
import { positionInMessage, requestErrorTitle, serverMessage } from './errors';
import { QueryRun } from './useQueryRunner';

function rows(n: number | undefined, what: string): string | undefined {
  const count = formatCount(n);
  if (count === undefined) return undefined;
  return `${count} ${n === 1 ? 'row' : 'rows'} ${what}`;
}

const STATE_LABELS: Record<string, string> = {
  submitting: 'Submitting',
  QUEUED: 'Queued',
  RUNNING: 'Running',
};

/** The progress bar of a statement that has not finished. */
const RunningStatus = ({ run }: { run: QueryRun }) => {
  const reported = run.progress?.percent;
  const percent =
    reported === undefined ? undefined : Math.min(Math.max(reported, 0), 100);
  const label =
    run.phase === 'submitting'
      ? STATE_LABELS.submitting
      : STATE_LABELS[run.state ?? 'RUNNING'] ?? 'Running';
  const details = [
    run.canceling ? 'Canceling…' : label,
    run.progress && `${formatDuration(run.progress.elapsedMs)} elapsed`,
    percent !== undefined && `${Math.round(percent)}%`,
    rows(run.progress?.processedRows, 'processed'),
    run.rows.length > 0 && rows(run.rows.length, 'received'),
  ].filter(Boolean);
  return (
    <Box>
      <LinearProgress
        aria-label="Query progress"
        variant={percent === undefined ? 'indeterminate' : 'determinate'}
        value={percent}
      />
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ marginTop: 4 }}
      >
        {details.join(' · ')}
      </Typography>
    </Box>
  );
};

const PositionLine = (props: {
  position: SqlPosition;
  onShow: (position: SqlPosition) => void;
}) => (
  <Typography variant="body2" component="div">
    At line {props.position.line}, column {props.position.column}.{' '}
    <Button
      size="small"
      color="inherit"
      variant="outlined"
      onClick={() => props.onShow(props.position)}
    >
      Show in editor
    </Button>
  </Typography>
);

/** Properties of {@link QueryStatus}. */
export interface QueryStatusProps {
  run: QueryRun;
  /** Marks the position of an error in the editor again. */
  onShowPosition: (position: SqlPosition) => void;
}

/**
 * Where a statement is: a progress bar while it runs, then why it failed,
 * was refused or was canceled, or how long it took.
 */
export const QueryStatus = ({ run, onShowPosition }: QueryStatusProps) => {
  const cancelError = run.cancelError && (
    <Alert severity="error">
      <AlertTitle>The query could not be canceled</AlertTitle>
      {serverMessage(run.cancelError)}
    </Alert>
  );

  if (run.phase === 'idle') return null;
  if (run.phase !== 'done') {
    return (
      <>
        {cancelError}
        <RunningStatus run={run} />
      </>
    );
  }

  if (run.requestError) {
    const message = serverMessage(run.requestError);
    const position = positionInMessage(message);
    return (
      <Alert severity="error">
        <AlertTitle>{requestErrorTitle(run.requestError)}</AlertTitle>
        <Typography
          variant="body2"
          component="div"
          style={{ whiteSpace: 'pre-wrap' }}
        >
          {message}
        </Typography>
        {position && (
          <PositionLine position={position} onShow={onShowPosition} />
        )}
      </Alert>
    );
  }

  const error = run.error;
  if (run.state === 'CANCELED') {
    return (
      <Alert severity="info">
        <AlertTitle>Query canceled</AlertTitle>
        {error?.message ?? 'The query was canceled.'}
        {run.rows.length > 0 && ' The rows received until then are shown.'}
      </Alert>
    );
  }

  if (run.state === 'FAILED' || error) {
    const position =
      error?.line !== undefined
        ? { line: error.line, column: error.column ?? 1 }
        : undefined;
    return (
      <Alert severity="error">
        <AlertTitle>{error?.errorName ?? 'Query failed'}</AlertTitle>
        <Typography
          variant="body2"
          component="div"
          style={{ whiteSpace: 'pre-wrap' }}
        >
          {error?.message ?? 'The engine gave no reason.'}
        </Typography>
        {position && (
          <PositionLine position={position} onShow={onShowPosition} />
        )}
      </Alert>
    );
  }

  return (
    <Typography variant="body2" color="textSecondary" role="status">
      {[
        'Finished',
        rows(run.rowCount, 'returned'),
        run.progress && formatDuration(run.progress.elapsedMs),
      ]
        .filter(Boolean)
        .join(' · ')}
    </Typography>
  );
};

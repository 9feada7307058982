import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { QueryHistoryEntry } from '@internal/plugin-lakehouse-common';
import {
  Box,
  Drawer,
  IconButton,
  InputAdornment,
  List,
  ListItem,
  ListItemText,
  makeStyles,
  TextField,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import SearchIcon from '@material-ui/icons/Search';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { lakehouseApiRef } from '../../api';
import { formatCount, formatDuration } from '../../format';
import { RelativeTime } from '../RelativeTime';

const HISTORY_LIMIT = 50;

const useStyles = makeStyles(theme => ({
  paper: { width: 480, maxWidth: '100vw' },
  sql: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    display: '-webkit-box',
    WebkitLineClamp: 4,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
}));

function summary(entry: QueryHistoryEntry) {
  const rows =
    entry.rowCount === undefined
      ? undefined
      : `${formatCount(entry.rowCount)} ${
          entry.rowCount === 1 ? 'row' : 'rows'
        }${entry.truncated ? ' (truncated)' : ''}`;
  return [entry.state, entry.engine, rows, formatDuration(entry.durationMs)]
    .filter(Boolean)
    .join(' · ');
}

const HistoryItem = (props: {
  entry: QueryHistoryEntry;
  onSelect: (entry: QueryHistoryEntry) => void;
}) => {
  const classes = useStyles();
  const { entry } = props;
  return (
    <ListItem button divider onClick={() => props.onSelect(entry)}>
      <ListItemText
        disableTypography
        primary={<div className={classes.sql}>{entry.sql}</div>}
        secondary={
          <Typography variant="caption" color="textSecondary" component="div">
            <RelativeTime value={entry.startedAt} /> · {summary(entry)}
            {entry.error && (
              <Typography variant="caption" color="error" component="div">
                {entry.error}
              </Typography>
            )}
          </Typography>
        }
      />
    </ListItem>
  );
};

/** Properties of {@link QueryHistoryDrawer}. */
export interface QueryHistoryDrawerProps {
  open: boolean;
  onClose: () => void;
  /** A statement the user picked to run again. */
  onSelect: (entry: QueryHistoryEntry) => void;
}

/**
 * The signed-in user's past statements, newest first, searchable by text;
 * picking one hands it back to the editor.
 */
export const QueryHistoryDrawer = ({
  open,
  onClose,
  onSelect,
}: QueryHistoryDrawerProps) => {
  const classes = useStyles();
  const api = useApi(lakehouseApiRef);
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(text.trim()), 300, [text]);

  // Loaded each time the drawer opens, so the last statement is in it.
  const history = useAsync(async () => {
    if (!open) return undefined;
    return api.getQueryHistory({ q: search, limit: HISTORY_LIMIT });
  }, [api, open, search]);

  let body: JSX.Element;
  if (history.loading) {
    body = <Progress aria-label="Loading query history" />;
  } else if (history.error) {
    body = <ResponseErrorPanel error={history.error} />;
  } else if (!history.value || history.value.length === 0) {
    body = (
      <Typography variant="body2" style={{ padding: 16 }}>
        {search
          ? `No statement in your history contains "${search}".`
          : 'You have not run any statement yet.'}
      </Typography>
    );
  } else {
    body = (
      <List dense aria-label="Query history">
        {history.value.map(entry => (
          <HistoryItem
            key={entry.id}
            entry={entry}
            onSelect={e => {
              onSelect(e);
              onClose();
            }}
          />
        ))}
      </List>
    );
  }

  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={onClose}
      classes={{ paper: classes.paper }}
    >
      <Box display="flex" alignItems="center" px={2} pt={2}>
        <Typography variant="h6" component="h2" style={{ flexGrow: 1 }}>
          Query history
        </Typography>
        <IconButton aria-label="Close query history" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Box>
      <Box px={2} py={1}>
        <TextField
          id="lakehouse-query-history-search"
          type="search"
          label="Search history"
          placeholder="Text in the statement"
          value={text}
          onChange={e => setText(e.target.value)}
          variant="outlined"
          size="small"
          fullWidth
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
      </Box>
      {body}
    </Drawer>
  );
};

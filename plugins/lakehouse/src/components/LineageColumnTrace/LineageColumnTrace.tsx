import { LineageNode } from '@internal/plugin-lakehouse-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Chip,
  List,
  ListItem,
  ListItemText,
  makeStyles,
  Paper,
  Typography,
} from '@material-ui/core';
import { useId } from 'react';
import { ColumnTrace, TracedColumn } from './traceColumns';

const useStyles = makeStyles(theme => ({
  panel: { padding: theme.spacing(2), overflowWrap: 'anywhere' },
  heading: { marginTop: theme.spacing(1.5) },
  item: { gap: theme.spacing(1), alignItems: 'baseline' },
  name: { overflowWrap: 'anywhere' },
  direct: {
    backgroundColor: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
  },
}));

const EXPLANATION = {
  DIRECT: 'DIRECT: its value flows into the other column',
  INDIRECT: 'INDIRECT: it only filters, joins, groups or orders the rows',
};

const ColumnList = (props: {
  title: string;
  columns: TracedColumn[];
  nodes: ReadonlyMap<string, LineageNode>;
  none: string;
}) => {
  const classes = useStyles();
  const id = useId();
  return (
    <>
      <Typography
        id={id}
        variant="subtitle2"
        component="h3"
        className={classes.heading}
      >
        {props.title} ({props.columns.length})
      </Typography>
      {props.columns.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {props.none}
        </Typography>
      ) : (
        <List dense disablePadding aria-labelledby={id}>
          {props.columns.map(column => {
            const node = props.nodes.get(column.nodeId);
            const title = node?.title ?? column.nodeId;
            return (
              <ListItem
                key={`${column.nodeId}\n${column.column}`}
                disableGutters
                className={classes.item}
              >
                <Chip
                  size="small"
                  label={column.transformation}
                  title={EXPLANATION[column.transformation]}
                  className={
                    column.transformation === 'DIRECT'
                      ? classes.direct
                      : undefined
                  }
                  variant={
                    column.transformation === 'DIRECT' ? 'default' : 'outlined'
                  }
                />
                <ListItemText
                  className={classes.name}
                  primary={
                    <>
                      {node?.entityRef ? (
                        <EntityRefLink entityRef={node.entityRef}>
                          {title}
                        </EntityRefLink>
                      ) : (
                        title
                      )}
                      .<code>{column.column}</code>
                    </>
                  }
                  secondary={`${column.distance} ${
                    column.distance === 1 ? 'step' : 'steps'
                  } away`}
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </>
  );
};

/** Properties of {@link LineageColumnTrace}. */
export interface LineageColumnTraceProps {
  trace: ColumnTrace;
  /** The nodes of the graph, by id, for their titles and links. */
  nodes: ReadonlyMap<string, LineageNode>;
}

/**
 * The columns a column comes from and the columns it feeds, each marked
 * DIRECT (the value flows) or INDIRECT (it decides which rows), nearest
 * first.
 */
export const LineageColumnTrace = ({
  trace,
  nodes,
}: LineageColumnTraceProps) => {
  const classes = useStyles();
  const title = nodes.get(trace.nodeId)?.title ?? trace.nodeId;
  return (
    <Paper
      variant="outlined"
      className={classes.panel}
      component="section"
      aria-label="Column lineage"
    >
      <Typography variant="h6" component="h2">
        Column lineage of {title}.{trace.column}
      </Typography>
      <ColumnList
        title="Upstream columns"
        columns={trace.upstream}
        nodes={nodes}
        none={`No upstream columns are recorded for ${trace.column}.`}
      />
      <ColumnList
        title="Downstream columns"
        columns={trace.downstream}
        nodes={nodes}
        none={`No downstream columns are recorded for ${trace.column}.`}
      />
    </Paper>
  );
};

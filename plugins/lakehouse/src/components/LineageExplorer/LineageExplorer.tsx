import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  LineageDirection,
  LineageGraph,
  LineageNode,
} from '@internal/plugin-lakehouse-common';
import {
  Grid,
  LinearProgress,
  makeStyles,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { LineageColumnTrace, traceColumns } from '../LineageColumnTrace';
import { isColumnEdge } from '../LineageColumnTrace/traceColumns';
import { LineageGraphView, sharedLayoutRunner } from '../LineageGraphView';
import { LineageImpactPanel } from '../LineageImpactPanel';
import { LineageNodePanel } from './LineageNodePanel';
import { LineageToolbar } from './LineageToolbar';
import { useLineageExpansions } from './useLineageExpansions';

/** Depth of the first request: raw data to deployment in the demo. */
export const DEFAULT_DEPTH = 5;

/** The node the lineage starts from: distance 0, else the one with the ref. */
export function findStartNode(
  graph: LineageGraph | undefined,
  entityRef: string,
): LineageNode | undefined {
  if (!graph) return undefined;
  const ref = entityRef.toLocaleLowerCase('en-US');
  return (
    graph.nodes.find(n => n.distance === 0) ??
    graph.nodes.find(
      n =>
        n.id.toLocaleLowerCase('en-US') === ref ||
        n.entityRef?.toLocaleLowerCase('en-US') === ref,
    )
  );
}

/** The columns of a node: its list, else those its column edges name. */
function columnsOf(graph: LineageGraph, node: LineageNode): string[] {
  if (node.columns?.length) return node.columns;
  const columns = new Set<string>();
  for (const edge of graph.edges.filter(isColumnEdge)) {
    if (edge.source.id === node.id) columns.add(edge.source.column!);
    if (edge.target.id === node.id) columns.add(edge.target.column!);
  }
  return [...columns].sort();
}

const NoLineage = ({ direction }: { direction: LineageDirection }) => (
  <EmptyState
    missing="data"
    title={`No ${
      direction === 'both' ? '' : `${direction} `
    }lineage recorded for this entity`}
    description={
      <>
        Datasets get lineage from dbt (their models' refs and sources, and the
        columns their SQL reads) and from OpenLineage events of jobs that read
        or write them. Feature views, feature services, models and deployments
        get it from the datasets, features and models their catalog entities
        depend on (<code>spec.dependsOn</code>).
      </>
    }
  />
);

const useStyles = makeStyles(theme => ({
  graphArea: { position: 'relative' },
  // The picked node's panel floats over the graph's top right corner, so
  // the graph keeps the whole width.
  nodePanel: {
    position: 'absolute',
    top: theme.spacing(1.5),
    right: theme.spacing(1.5),
    width: 340,
    maxWidth: 'calc(100% - 24px)',
    maxHeight: 'calc(100% - 72px)',
    overflowY: 'auto',
    zIndex: 10,
  },
  panels: { marginTop: theme.spacing(1) },
}));

/** Properties of {@link LineageExplorer}. */
export interface LineageExplorerProps {
  /** The entity to start from. */
  entityRef: string;
  /** Columns of the entity known without asking, e.g. a dataset's `spec.columns`. */
  columns?: string[];
  /** Height of the graph, e.g. 560 or `calc(100vh - 360px)`. */
  graphHeight: number | string;
}

/**
 * The lineage of an entity: the graph with its controls, the picked node,
 * in column mode the traced columns, and the impact of a change. Give it a
 * `key` of the entity ref where the entity can change, so that another
 * entity starts with fresh controls.
 */
export const LineageExplorer = ({
  entityRef,
  columns: knownColumns,
  graphHeight,
}: LineageExplorerProps) => {
  const classes = useStyles();
  const api = useApi(lakehouseApiRef);
  const [direction, setDirection] = useState<LineageDirection>('both');
  const [depth, setDepth] = useState(DEFAULT_DEPTH);
  const [columnMode, setColumnMode] = useState(false);
  const [column, setColumn] = useState('');
  const [selectedId, setSelectedId] = useState<string>();
  const tracedColumn = columnMode && column ? column : undefined;

  // The layout worker loads while the lineage is fetched.
  useEffect(() => sharedLayoutRunner().prepare(), []);

  const lineage = useAsync(
    () => api.getLineage({ entityRef, direction, depth, column: tracedColumn }),
    [api, entityRef, direction, depth, tracedColumn],
  );
  const base = lineage.value;
  const expansions = useLineageExpansions(api, base);
  const graph = expansions.graph;

  const start = useMemo(
    () => findStartNode(graph, entityRef),
    [graph, entityRef],
  );
  const [startColumns, setStartColumns] = useState<string[]>([]);
  useEffect(() => {
    // A lineage traced by column may list fewer columns than the entity
    // has: the picker keeps the longest list seen.
    const seen = graph && start ? columnsOf(graph, start) : [];
    const candidates = [seen, knownColumns ?? []];
    setStartColumns(previous => {
      const longest = [previous, ...candidates].reduce((a, b) =>
        b.length > a.length ? b : a,
      );
      return longest === previous ? previous : longest;
    });
  }, [graph, start, knownColumns]);

  const trace = useMemo(
    () =>
      graph && start && tracedColumn
        ? traceColumns(graph, start.id, tracedColumn)
        : undefined,
    [graph, start, tracedColumn],
  );
  const nodesById = useMemo(
    () => new Map((graph?.nodes ?? []).map(n => [n.id, n])),
    [graph],
  );
  const selected = selectedId ? nodesById.get(selectedId) : undefined;
  const onSelect = useCallback((id: string) => setSelectedId(id), []);

  if (lineage.error && !base) {
    return <ResponseErrorPanel error={lineage.error} />;
  }
  if (!graph) return <Progress aria-label="Loading the lineage" />;

  const empty = graph.edges.length === 0 && graph.nodes.length <= 1;
  const title = start?.title ?? entityRef;

  return (
    <div>
      <LineageToolbar
        direction={direction}
        onDirectionChange={setDirection}
        depth={depth}
        onDepthChange={setDepth}
        columnMode={columnMode}
        onColumnModeChange={setColumnMode}
        columns={startColumns}
        column={column}
        onColumnChange={setColumn}
        expandedCount={expansions.expandedIds.size}
        onCollapseAll={expansions.collapseAll}
      />
      {lineage.loading && <LinearProgress aria-label="Loading the lineage" />}
      {expansions.failure && (
        <Alert severity="error" onClose={expansions.dismissFailure}>
          The neighbours of {expansions.failure.node.title} could not be loaded:{' '}
          {expansions.failure.error.message}
        </Alert>
      )}
      {empty && !tracedColumn ? (
        <NoLineage direction={direction} />
      ) : (
        <>
          {graph.truncated && (
            <Typography variant="body2" color="textSecondary" paragraph>
              The lineage goes on beyond depth {depth}: expand the nodes at its
              ends or ask for more depth.
            </Typography>
          )}
          <div className={classes.graphArea}>
            <LineageGraphView
              graph={graph}
              startId={start?.id}
              columnMode={columnMode}
              trace={trace}
              selectedId={selectedId}
              expandedIds={expansions.expandedIds}
              expandingIds={expansions.expandingIds}
              onSelect={onSelect}
              onToggleExpand={expansions.toggleExpand}
              height={graphHeight}
            />
            {selected && (
              <div className={classes.nodePanel}>
                <LineageNodePanel
                  node={selected}
                  isStart={selected.id === start?.id}
                  expanded={expansions.expandedIds.has(selected.id)}
                  expanding={expansions.expandingIds.has(selected.id)}
                  onToggleExpand={() => expansions.toggleExpand(selected.id)}
                  onClose={() => setSelectedId(undefined)}
                />
              </div>
            )}
          </div>
        </>
      )}
      <Grid container spacing={2} className={classes.panels}>
        {trace && (
          <Grid item xs={12} md={6}>
            <LineageColumnTrace trace={trace} nodes={nodesById} />
          </Grid>
        )}
        <Grid item xs={12} md={trace ? 6 : 12}>
          <LineageImpactPanel
            entityRef={entityRef}
            title={title}
            column={tracedColumn}
          />
        </Grid>
      </Grid>
    </div>
  );
};

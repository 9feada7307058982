import { ResponseErrorPanel } from '@backstage/core-components';
import { LineageGraph } from '@internal/plugin-lakehouse-common';
import { LinearProgress, makeStyles, useTheme } from '@material-ui/core';
import {
  Background,
  Controls,
  MiniMap,
  Node,
  NodeMouseHandler,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ColumnTrace } from '../LineageColumnTrace/traceColumns';
import { LineageGraphActions, LineageGraphActionsContext } from './actions';
import { buildElements, LineageNodeData } from './graphElements';
import type { LayoutResult } from './layout';
import { sharedLayoutRunner } from './layoutRunner';
import { LineageLegend } from './LineageLegend';
import { LineageNodeCard } from './LineageNodeCard';
import { CATEGORY_ORDER, CATEGORY_STYLES } from './nodeCategory';

const nodeTypes = { lineage: LineageNodeCard };

/** Up to this many nodes the graph opens fitted as a whole. */
const FIT_ALL_MAX_NODES = 150;

/** Above this many nodes the overview map would cost more than it helps. */
const MINIMAP_MAX_NODES = 300;

const useStyles = makeStyles(theme => ({
  figure: {
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
  canvas: {
    position: 'relative',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    '& .react-flow__edge-path': {
      stroke: theme.palette.text.secondary,
      strokeWidth: 1.5,
    },
    '& .lineage-edge-indirect .react-flow__edge-path': {
      strokeDasharray: '6 4',
    },
    '& .lineage-edge-traced .react-flow__edge-path': {
      stroke: theme.palette.primary.main,
      strokeWidth: 2.5,
    },
    '& .lineage-edge-faint': { opacity: 0.3 },
    '& .lineage-edge-cycle .react-flow__edge-path': {
      stroke: theme.palette.error.main,
      strokeDasharray: '2 3',
    },
    '& .react-flow__node': { cursor: 'pointer' },
  },
  progress: { position: 'absolute', top: 0, left: 0, right: 0, zIndex: 5 },
}));

/** Properties of {@link LineageGraphView}. */
export interface LineageGraphViewProps {
  graph: LineageGraph;
  /** The node the lineage was asked for; drawn with a ring. */
  startId?: string;
  /** Draw the columns of each node and the column edges between them. */
  columnMode: boolean;
  /** The traced column and what it reaches, to highlight. */
  trace?: ColumnTrace;
  selectedId?: string;
  /** Nodes whose neighbours were fetched: they offer Collapse. */
  expandedIds: ReadonlySet<string>;
  /** Nodes whose neighbours are being fetched. */
  expandingIds: ReadonlySet<string>;
  onSelect(nodeId: string): void;
  onToggleExpand(nodeId: string): void;
  /** Height of the drawing area, e.g. 560 or `calc(100vh - 320px)`. */
  height: number | string;
}

/** The layout of the current elements: the last one finished, while the next one runs. */
function useLayout(request: ReturnType<typeof buildElements>) {
  const [layout, setLayout] = useState<{ key: string; result: LayoutResult }>();
  const [failure, setFailure] = useState<{ key: string; error: Error }>();
  const latest = useRef(request);
  latest.current = request;

  const key = request.layoutKey;
  useEffect(() => {
    let current = true;
    sharedLayoutRunner()
      .layout(latest.current.layout)
      .then(result => {
        if (current) setLayout({ key, result });
      })
      .catch(error => {
        if (current) setFailure({ key, error });
      });
    return () => {
      current = false;
    };
  }, [key]);

  const error = failure?.key === key ? failure.error : undefined;
  return { layout, pending: layout?.key !== key && !error, error };
}

const GraphCanvas = (props: LineageGraphViewProps) => {
  const classes = useStyles();
  const theme = useTheme();
  const { fitView } = useReactFlow();
  const {
    graph,
    startId,
    columnMode,
    trace,
    selectedId,
    expandedIds,
    expandingIds,
  } = props;

  const elements = useMemo(
    () =>
      buildElements(graph, {
        startId,
        columnMode,
        trace,
        selectedId,
        expandedIds,
        expandingIds,
      }),
    [graph, startId, columnMode, trace, selectedId, expandedIds, expandingIds],
  );
  const { layout, pending, error } = useLayout(elements);

  // Nodes the last layout has not placed yet wait for the next one.
  const nodes = useMemo(
    () =>
      elements.nodes.map(node => {
        const position = layout?.result.positions[node.id];
        return position ? { ...node, position } : { ...node, hidden: true };
      }),
    [elements.nodes, layout],
  );

  // Fit the graph when it is first drawn, when it starts from another node
  // and when column mode changes the cards; expanding keeps the viewport. A large graph would
  // shrink to dots and render every node at once: it opens on the start
  // and its neighbours instead, and the fit button shows all.
  const fittedFor = useRef<string>();
  const fitKey = JSON.stringify([startId, columnMode, trace?.column]);
  useEffect(() => {
    if (!layout || layout.key !== elements.layoutKey) return;
    if (fittedFor.current === fitKey) return;
    fittedFor.current = fitKey;
    const all = elements.nodes;
    if (all.length <= FIT_ALL_MAX_NODES || !startId) {
      fitView({ padding: 0.1, maxZoom: 1 });
      return;
    }
    const near = all.filter(
      n => n.id === startId || (n.data.node.distance ?? Infinity) <= 1,
    );
    fitView({ nodes: near, padding: 0.2, minZoom: 0.3, maxZoom: 1 });
  }, [layout, fitKey, startId, fitView, elements]);

  const onNodeClick: NodeMouseHandler = (_event, node) =>
    props.onSelect(node.id);

  const actions = useMemo<LineageGraphActions>(
    () => ({ select: props.onSelect, toggleExpand: props.onToggleExpand }),
    [props.onSelect, props.onToggleExpand],
  );

  const categories = useMemo(() => {
    const present = new Set(elements.nodes.map(n => n.data.category));
    return CATEGORY_ORDER.filter(c => present.has(c));
  }, [elements.nodes]);

  if (error && !layout) return <ResponseErrorPanel error={error} />;

  return (
    <figure className={classes.figure} aria-label="Lineage graph">
      <div className={classes.canvas} style={{ height: props.height }}>
        {pending && (
          <LinearProgress
            className={classes.progress}
            aria-label="Laying out the graph"
          />
        )}
        <LineageGraphActionsContext.Provider value={actions}>
          <ReactFlow
            nodes={nodes}
            edges={elements.edges}
            nodeTypes={nodeTypes}
            onNodeClick={onNodeClick}
            onlyRenderVisibleElements
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            edgesFocusable={false}
            minZoom={0.05}
            maxZoom={2}
            colorMode={theme.palette.type === 'dark' ? 'dark' : 'light'}
          >
            <Background gap={24} />
            <Controls showInteractive={false} />
            {nodes.length <= MINIMAP_MAX_NODES && (
              <MiniMap<Node<LineageNodeData>>
                pannable
                zoomable
                ariaLabel="Overview of the lineage graph"
                nodeColor={node => CATEGORY_STYLES[node.data.category].color}
              />
            )}
          </ReactFlow>
        </LineageGraphActionsContext.Provider>
      </div>
      <LineageLegend categories={categories} columnEdges={columnMode} />
    </figure>
  );
};

/**
 * The lineage graph, drawn with @xyflow/react: nodes coloured by category,
 * laid out left to right by ELK in a web worker, with pan, zoom, fit and an
 * overview map. Only what is in view is rendered, so thousands of nodes
 * stay smooth.
 */
export const LineageGraphView = (props: LineageGraphViewProps) => (
  <ReactFlowProvider>
    <GraphCanvas {...props} />
  </ReactFlowProvider>
);

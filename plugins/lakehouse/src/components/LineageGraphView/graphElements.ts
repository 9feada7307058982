import { LineageGraph, LineageNode } from '@internal/plugin-lakehouse-common';
import type { Edge, Node } from '@xyflow/react';
import {
  ColumnTrace,
  columnEdgeKey,
  columnKey,
  isColumnEdge,
} from '../LineageColumnTrace/traceColumns';
import type { LayoutRequest } from './layout';
import { NodeCategory, nodeCategory, nodeTypeLabel } from './nodeCategory';

/** Width of every node card, in pixels. */
export const NODE_WIDTH = 260;
/** Height of a card with title, type and owner. */
export const NODE_HEADER_HEIGHT = 76;
/** Height of one column row in column mode. */
export const COLUMN_ROW_HEIGHT = 22;
/** Columns a card shows at most; the traced ones always. */
export const MAX_SHOWN_COLUMNS = 12;

/** A column as a card shows it in column mode. */
export interface ShownColumn {
  name: string;
  /** On a traced path of the chosen column. */
  traced: boolean;
  /** The chosen column itself. */
  selected: boolean;
}

/** What a node card draws. */
export interface LineageNodeData extends Record<string, unknown> {
  node: LineageNode;
  category: NodeCategory;
  typeLabel: string;
  /** The owner's name, without kind and default namespace. */
  ownerName?: string;
  isStart: boolean;
  /** Its neighbours were fetched and merged in; it can be collapsed. */
  expanded: boolean;
  /** Its neighbours are being fetched. */
  expanding: boolean;
  selected: boolean;
  /** In column mode, the node has no traced column. */
  dimmed: boolean;
  /** In column mode only. */
  columns?: ShownColumn[];
  /** Columns left out of the card. */
  hiddenColumns: number;
}

/** A node of the lineage graph as @xyflow/react draws it. */
export type LineageFlowNode = Node<LineageNodeData, 'lineage'>;

/** What the graph draws and what the layout places. */
export interface GraphElements {
  nodes: LineageFlowNode[];
  edges: Edge[];
  layout: LayoutRequest;
  /** Equal for two element sets exactly when their layouts are equal. */
  layoutKey: string;
}

/** How the graph is drawn. */
export interface GraphElementsOptions {
  startId?: string;
  columnMode: boolean;
  trace?: ColumnTrace;
  selectedId?: string;
  expandedIds: ReadonlySet<string>;
  expandingIds: ReadonlySet<string>;
}

/** `group:default/data-platform` → `data-platform`; other namespaces and kinds stay. */
export function ownerName(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  const match = /^(?:([^:/]+):)?(?:([^/]+)\/)?(.+)$/.exec(owner);
  if (!match) return owner;
  const [, kind, namespace, name] = match;
  const shownKind =
    kind && kind.toLocaleLowerCase('en-US') !== 'group' ? `${kind}:` : '';
  const shownNamespace =
    namespace && namespace !== 'default' ? `${namespace}/` : '';
  return `${shownKind}${shownNamespace}${name}`;
}

/** Every column of a node: its own list, then columns only the edges name. */
function allColumns(node: LineageNode, edgeColumns: Map<string, string[]>) {
  const columns = [...(node.columns ?? [])];
  const known = new Set(columns);
  for (const column of edgeColumns.get(node.id) ?? []) {
    if (!known.has(column)) {
      known.add(column);
      columns.push(column);
    }
  }
  return columns;
}

/**
 * The columns a card shows: all when they fit, else the traced ones and as
 * many others as fit, in the node's order.
 */
export function shownColumns(
  nodeId: string,
  columns: string[],
  trace?: ColumnTrace,
): { shown: ShownColumn[]; hidden: number } {
  const marked = columns.map(name => ({
    name,
    traced: trace?.columns.has(columnKey(nodeId, name)) ?? false,
    selected: trace?.nodeId === nodeId && trace.column === name,
  }));
  if (marked.length <= MAX_SHOWN_COLUMNS) return { shown: marked, hidden: 0 };
  let room = MAX_SHOWN_COLUMNS - marked.filter(c => c.traced).length;
  const shown = marked.filter(c => {
    if (c.traced) return true;
    if (room <= 0) return false;
    room -= 1;
    return true;
  });
  return { shown, hidden: marked.length - shown.length };
}

/** The height of a card, which the layout must know before drawing. */
export function nodeHeight(columns?: ShownColumn[], hidden = 0): number {
  if (!columns) return NODE_HEADER_HEIGHT;
  const rows = Math.max(columns.length, 1) + (hidden > 0 ? 1 : 0);
  return NODE_HEADER_HEIGHT + 8 + rows * COLUMN_ROW_HEIGHT;
}

const pairKey = (source: string, target: string) =>
  JSON.stringify([source, target]);

/** Handle ids of a card: the node's own, and one per shown column. */
export const handleId = {
  in: (column?: string) => (column === undefined ? 'in' : `in:${column}`),
  out: (column?: string) => (column === undefined ? 'out' : `out:${column}`),
};

/**
 * Turns a lineage graph into the nodes and edges the graph draws, and the
 * boxes and edges the layout places. Entity edges join the cards; in column
 * mode, column edges join the column rows (or the card, for a column the
 * card leaves out), and entity edges without any column edge stay, faint.
 */
export function buildElements(
  graph: LineageGraph,
  options: GraphElementsOptions,
): GraphElements {
  const { columnMode, trace } = options;
  const nodeIds = new Set(graph.nodes.map(n => n.id));
  const edges = graph.edges.filter(
    e => nodeIds.has(e.source.id) && nodeIds.has(e.target.id),
  );

  const edgeColumns = new Map<string, string[]>();
  const addEdgeColumn = (id: string, column?: string) => {
    if (column === undefined) return;
    edgeColumns.set(id, [...(edgeColumns.get(id) ?? []), column]);
  };
  for (const edge of edges) {
    addEdgeColumn(edge.source.id, edge.source.column);
    addEdgeColumn(edge.target.id, edge.target.column);
  }

  const shownByNode = new Map<string, Set<string>>();
  const nodes: LineageFlowNode[] = graph.nodes.map(node => {
    let columns: ShownColumn[] | undefined;
    let hidden = 0;
    if (columnMode) {
      const shown = shownColumns(node.id, allColumns(node, edgeColumns), trace);
      columns = shown.shown;
      hidden = shown.hidden;
      shownByNode.set(node.id, new Set(columns.map(c => c.name)));
    }
    const isStart = node.id === options.startId;
    const dimmed =
      !!trace && !isStart && !(columns ?? []).some(column => column.traced);
    return {
      id: node.id,
      type: 'lineage',
      position: { x: 0, y: 0 },
      width: NODE_WIDTH,
      height: nodeHeight(columns, hidden),
      ariaLabel: node.title,
      draggable: false,
      connectable: false,
      data: {
        node,
        category: nodeCategory(node),
        typeLabel: nodeTypeLabel(node),
        ownerName: ownerName(node.owner),
        isStart,
        expanded: options.expandedIds.has(node.id),
        expanding: options.expandingIds.has(node.id),
        selected: node.id === options.selectedId,
        dimmed,
        columns,
        hiddenColumns: hidden,
      },
    };
  });

  // One entity edge per pair of nodes, whatever columns it carries.
  const pairs = new Map<
    string,
    { source: string; target: string; cycle: boolean; columns: boolean }
  >();
  for (const edge of edges) {
    const key = pairKey(edge.source.id, edge.target.id);
    const pair = pairs.get(key) ?? {
      source: edge.source.id,
      target: edge.target.id,
      cycle: false,
      columns: false,
    };
    pair.cycle ||= !!edge.cycle;
    pair.columns ||= isColumnEdge(edge);
    pairs.set(key, pair);
  }

  // Screen readers name edges by the titles of their ends, not their ids.
  const titles = new Map(graph.nodes.map(n => [n.id, n.title]));
  const end = (id: string, column?: string) =>
    column === undefined ? titles.get(id) : `${titles.get(id)}.${column}`;

  const flowEdges: Edge[] = [];
  for (const [key, pair] of pairs) {
    if (columnMode && pair.columns) continue;
    flowEdges.push({
      id: `entity:${key}`,
      source: pair.source,
      target: pair.target,
      sourceHandle: handleId.out(),
      targetHandle: handleId.in(),
      ariaLabel: `${end(pair.source)} to ${end(pair.target)}${
        pair.cycle ? ', closing a cycle' : ''
      }`,
      className: [
        'lineage-edge',
        pair.cycle ? 'lineage-edge-cycle' : '',
        columnMode ? 'lineage-edge-faint' : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
  }
  if (columnMode) {
    const handleFor = (id: string, column: string) =>
      shownByNode.get(id)?.has(column) ? column : undefined;
    for (const edge of edges.filter(isColumnEdge)) {
      const key = columnEdgeKey(edge);
      const traced = trace?.edges.has(key) ?? false;
      flowEdges.push({
        id: `column:${key}`,
        source: edge.source.id,
        target: edge.target.id,
        sourceHandle: handleId.out(
          handleFor(edge.source.id, edge.source.column!),
        ),
        targetHandle: handleId.in(
          handleFor(edge.target.id, edge.target.column!),
        ),
        ariaLabel: `${end(edge.source.id, edge.source.column)} to ${end(
          edge.target.id,
          edge.target.column,
        )}, ${edge.transformation ?? 'DIRECT'}`,
        className: [
          'lineage-edge',
          edge.transformation === 'INDIRECT' ? 'lineage-edge-indirect' : '',
          traced ? 'lineage-edge-traced' : '',
          trace && !traced ? 'lineage-edge-faint' : '',
        ]
          .filter(Boolean)
          .join(' '),
        zIndex: traced ? 1 : 0,
      });
    }
  }

  const layout: LayoutRequest = {
    nodes: nodes.map(n => ({ id: n.id, width: n.width!, height: n.height! })),
    edges: [...pairs.values()].map(({ source, target }) => ({
      source,
      target,
    })),
  };
  const layoutKey = JSON.stringify([
    layout.nodes.map(n => [n.id, n.height]),
    layout.edges.map(e => [e.source, e.target]),
  ]);
  return { nodes, edges: flowEdges, layout, layoutKey };
}

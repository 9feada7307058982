import {
  ColumnTransformation,
  LineageEdge,
  LineageGraph,
} from '@internal/plugin-lakehouse-common';

/** A column reached from the traced column. */
export interface TracedColumn {
  nodeId: string;
  column: string;
  /**
   * DIRECT when a path of DIRECT edges joins it to the traced column (the
   * value flows), else INDIRECT (it only filters, joins or groups the rows
   * on the way).
   */
  transformation: ColumnTransformation;
  /** Column edges between it and the traced column, on the shortest path. */
  distance: number;
}

/** The columns upstream and downstream of one column of the start node. */
export interface ColumnTrace {
  nodeId: string;
  column: string;
  upstream: TracedColumn[];
  downstream: TracedColumn[];
  /** `columnKey`s of the traced column and of every column reached. */
  columns: Set<string>;
  /** `columnEdgeKey`s of the edges on the traced paths. */
  edges: Set<string>;
}

/** Identifies a column of a node in sets and maps. */
export function columnKey(nodeId: string, column: string): string {
  return JSON.stringify([nodeId, column]);
}

/** Identifies a column edge in sets and maps. */
export function columnEdgeKey(edge: LineageEdge): string {
  return JSON.stringify([
    edge.source.id,
    edge.source.column,
    edge.target.id,
    edge.target.column,
  ]);
}

/** Edges that join two columns. */
export function isColumnEdge(edge: LineageEdge): boolean {
  return edge.source.column !== undefined && edge.target.column !== undefined;
}

type Step = { key: string; edge: LineageEdge };

/** Shortest distances from `start` over the steps `next` offers; cycles are walked once. */
function walk(start: string, next: (key: string) => Step[]) {
  const distances = new Map<string, number>([[start, 0]]);
  const edges = new Set<string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i];
    for (const step of next(from)) {
      edges.add(columnEdgeKey(step.edge));
      if (!distances.has(step.key)) {
        distances.set(step.key, distances.get(from)! + 1);
        queue.push(step.key);
      }
    }
  }
  distances.delete(start);
  return { distances, edges };
}

function traceOneWay(
  edges: LineageEdge[],
  start: string,
  way: 'upstream' | 'downstream',
) {
  const steps = new Map<string, Step[]>();
  const directSteps = new Map<string, Step[]>();
  for (const edge of edges) {
    const [from, to] =
      way === 'upstream'
        ? [edge.target, edge.source]
        : [edge.source, edge.target];
    const fromKey = columnKey(from.id, from.column!);
    const step = { key: columnKey(to.id, to.column!), edge };
    steps.set(fromKey, [...(steps.get(fromKey) ?? []), step]);
    if (edge.transformation !== 'INDIRECT') {
      directSteps.set(fromKey, [...(directSteps.get(fromKey) ?? []), step]);
    }
  }
  const all = walk(start, key => steps.get(key) ?? []);
  const direct = walk(start, key => directSteps.get(key) ?? []);
  const columns: TracedColumn[] = [...all.distances].map(([key, distance]) => {
    const [nodeId, column] = JSON.parse(key) as [string, string];
    return {
      nodeId,
      column,
      distance,
      transformation: direct.distances.has(key) ? 'DIRECT' : 'INDIRECT',
    };
  });
  columns.sort(
    (a, b) =>
      a.distance - b.distance ||
      a.nodeId.localeCompare(b.nodeId) ||
      a.column.localeCompare(b.column),
  );
  return { columns, edges: all.edges };
}

/**
 * Follows the column edges of a lineage graph from one column of a node,
 * upstream and downstream. An edge without a transformation counts as
 * DIRECT, as OpenLineage's column lineage facet defaults to it.
 */
export function traceColumns(
  graph: LineageGraph,
  nodeId: string,
  column: string,
): ColumnTrace {
  const edges = graph.edges.filter(isColumnEdge);
  const start = columnKey(nodeId, column);
  const upstream = traceOneWay(edges, start, 'upstream');
  const downstream = traceOneWay(edges, start, 'downstream');
  const columns = new Set([start]);
  for (const traced of [...upstream.columns, ...downstream.columns]) {
    columns.add(columnKey(traced.nodeId, traced.column));
  }
  return {
    nodeId,
    column,
    upstream: upstream.columns,
    downstream: downstream.columns,
    columns,
    edges: new Set([...upstream.edges, ...downstream.edges]),
  };
}

import {
  LineageEdge,
  LineageGraph,
  LineageNode,
} from '@internal/plugin-lakehouse-common';

const edgeKey = (edge: LineageEdge) =>
  JSON.stringify([
    edge.source.id,
    edge.source.column,
    edge.target.id,
    edge.target.column,
  ]);

/**
 * The graph the explorer shows: the lineage asked for, plus the neighbours
 * fetched for expanded nodes, in the order they were expanded. An expansion
 * counts only while its node is still in the graph, so collapsing a node
 * also drops the expansions of the nodes it brought in. Nodes and edges
 * already present keep their first version (the start's distances).
 */
export function mergeLineage(
  base: LineageGraph,
  expansions: ReadonlyMap<string, LineageGraph>,
): LineageGraph {
  if (expansions.size === 0) return base;
  const nodes = new Map<string, LineageNode>(base.nodes.map(n => [n.id, n]));
  const edges = new Map<string, LineageEdge>(
    base.edges.map(e => [edgeKey(e), e]),
  );
  for (const [nodeId, expansion] of expansions) {
    if (!nodes.has(nodeId)) continue;
    for (const node of expansion.nodes) {
      if (!nodes.has(node.id)) nodes.set(node.id, node);
    }
    for (const edge of expansion.edges) {
      const key = edgeKey(edge);
      if (!edges.has(key)) edges.set(key, edge);
    }
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated: base.truncated,
  };
}

/**
 * The expansions left after collapsing a node: its own, and those of nodes
 * that only it brought into the graph.
 */
export function collapseExpansion(
  base: LineageGraph,
  expansions: ReadonlyMap<string, LineageGraph>,
  nodeId: string,
): Map<string, LineageGraph> {
  const rest = new Map(expansions);
  rest.delete(nodeId);
  const present = new Set(mergeLineage(base, rest).nodes.map(n => n.id));
  for (const id of [...rest.keys()]) {
    if (!present.has(id)) rest.delete(id);
  }
  return rest;
}

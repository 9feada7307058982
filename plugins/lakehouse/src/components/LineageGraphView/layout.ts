import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs';

/** A box to place: a node of the lineage graph at the size it is drawn. */
export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

/** An edge between two boxes, from upstream to downstream. */
export interface LayoutEdge {
  source: string;
  target: string;
}

/** What the layout places: the boxes and the edges that order them. */
export interface LayoutRequest {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

/** Where each box goes (its top left corner), and the size of the whole drawing. */
export interface LayoutResult {
  positions: Record<string, { x: number; y: number }>;
  width: number;
  height: number;
}

/**
 * ELK's layered algorithm, left to right, so lineage reads from sources to
 * consumers. Edges are drawn by the graph itself; only node positions are
 * used, so edges are routed the cheapest way.
 */
const BASE_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'POLYLINE',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '96',
  'elk.spacing.componentComponent': '48',
};

/** Graphs from this many nodes on are laid out with the fast options. */
export const LARGE_GRAPH_NODES = 200;

/**
 * The ELK options for a graph of this many nodes. Small graphs get ELK's
 * careful defaults (straight runs of edges, seven passes of crossing
 * minimisation). Large ones get one pass and simple node placement: on
 * 2,000 nodes the defaults take ten times longer, and ordering nodes by
 * their input order (`considerModelOrder`) another ten times.
 */
export function layoutOptionsFor(nodeCount: number): LayoutOptions {
  if (nodeCount < LARGE_GRAPH_NODES) return BASE_OPTIONS;
  return {
    ...BASE_OPTIONS,
    'elk.layered.thoroughness': '1',
    'elk.layered.nodePlacement.strategy': 'SIMPLE',
  };
}

let elk: InstanceType<typeof ELK> | undefined;

/**
 * Places the nodes of a lineage graph with ELK's layered algorithm. The web
 * worker runs this function, and so does the page where no worker can be
 * started; the benchmark times exactly this.
 *
 * Edges to unknown nodes, loops and repeated edges are left out: they do not
 * change the order of the layers.
 */
export async function layoutLineage(
  request: LayoutRequest,
): Promise<LayoutResult> {
  if (request.nodes.length === 0) {
    return { positions: {}, width: 0, height: 0 };
  }
  const ids = new Set(request.nodes.map(node => node.id));
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const edge of request.edges) {
    const key = `${edge.source}\n${edge.target}`;
    if (
      edge.source === edge.target ||
      !ids.has(edge.source) ||
      !ids.has(edge.target) ||
      seen.has(key)
    ) {
      continue;
    }
    seen.add(key);
    edges.push({
      id: `e${edges.length}`,
      sources: [edge.source],
      targets: [edge.target],
    });
  }
  const graph: ElkNode = {
    id: 'lineage',
    layoutOptions: layoutOptionsFor(request.nodes.length),
    children: request.nodes.map(node => ({
      id: node.id,
      width: node.width,
      height: node.height,
    })),
    edges,
  };
  elk ??= new ELK();
  const placed = await elk.layout(graph);
  const positions: LayoutResult['positions'] = {};
  for (const child of placed.children ?? []) {
    positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  }
  return {
    positions,
    width: placed.width ?? 0,
    height: placed.height ?? 0,
  };
}

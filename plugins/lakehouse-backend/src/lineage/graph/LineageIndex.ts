import type {
  ColumnTransformation,
  ImpactItem,
  LineageDirection,
  LineageEdge,
  LineageGraph,
  LineageNode,
} from '@internal/plugin-lakehouse-common';

/** A node as the index keeps it. */
export type IndexedNode = Omit<LineageNode, 'distance'>;

/** An edge between two nodes, whole or column to column. */
export interface IndexedEdge {
  /** Set by seal() on edges that lie on a cycle. */
  cycle?: boolean;
  source: string;
  target: string;
  sourceColumn?: string;
  targetColumn?: string;
  transformation?: ColumnTransformation;
  subtype?: string;
  producer?: string;
}

/** Why a walk stopped early. */
export interface WalkLimits {
  depth: number;
}

const columnKey = (node: string, column: string) => `${node}\u0000${column}`;

/** Plain string order: tens of thousands of ids sort in milliseconds. */
const byId = (a: string, b: string) => {
  if (a < b) return -1;
  return a > b ? 1 : 0;
};

/**
 * The lineage of the whole lakehouse, in memory: nodes (catalog entities and
 * OpenLineage-only datasets and jobs), edges between whole nodes, and edges
 * between their columns. Built once per refresh; every query walks it
 * without I/O, so lineage and impact answer in milliseconds even on tens of
 * thousands of nodes. Edges that lie on a cycle are marked at build time,
 * and every walk keeps a visited set, so cycles never make it loop.
 */
export class LineageIndex {
  private readonly nodes = new Map<string, IndexedNode>();
  private readonly down = new Map<string, IndexedEdge[]>();
  private readonly up = new Map<string, IndexedEdge[]>();
  private readonly columnDown = new Map<string, IndexedEdge[]>();
  private readonly columnUp = new Map<string, IndexedEdge[]>();
  private readonly edgeKeys = new Set<string>();
  private sealed = false;
  /** Whole-node adjacency with nodes numbered, built by seal() for fast walks. */
  private compact?: CompactGraph;

  /** Number of nodes and of edges (whole and column), for logs and benchmarks. */
  get size() {
    let edges = 0;
    for (const list of this.down.values()) edges += list.length;
    let columnEdges = 0;
    for (const list of this.columnDown.values()) columnEdges += list.length;
    return { nodes: this.nodes.size, edges, columnEdges };
  }

  addNode(node: IndexedNode): void {
    const existing = this.nodes.get(node.id);
    // A node first seen as the end of an edge is completed when it is described.
    this.nodes.set(node.id, existing ? { ...existing, ...node } : node);
  }

  hasNode(id: string): boolean {
    return this.nodes.has(id);
  }

  getNode(id: string): IndexedNode | undefined {
    return this.nodes.get(id);
  }

  /** Every node, in the order they were added. */
  allNodes(): IterableIterator<IndexedNode> {
    return this.nodes.values();
  }

  /**
   * The column edges out of one column of a node (what is derived from it),
   * as the index holds them: callers must not change them.
   */
  columnEdgesFrom(node: string, column: string): readonly IndexedEdge[] {
    return this.columnDown.get(columnKey(node, column)) ?? [];
  }

  /** The column edges into one column of a node (what it is derived from). */
  columnEdgesInto(node: string, column: string): readonly IndexedEdge[] {
    return this.columnUp.get(columnKey(node, column)) ?? [];
  }

  /** Adds an edge between whole nodes; repeats of the same edge are ignored. */
  addEdge(edge: Omit<IndexedEdge, 'sourceColumn' | 'targetColumn'>): void {
    const key = `${edge.source}\u0001${edge.target}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    push(this.down, edge.source, edge);
    push(this.up, edge.target, edge);
  }

  /**
   * Adds an edge from a column of one node to a column of another, and an
   * edge between the two nodes unless `throughOtherNodes` (lineage that
   * passes through a job keeps the job in the path).
   */
  addColumnEdge(
    edge: IndexedEdge & { sourceColumn: string; targetColumn: string },
    options: { throughOtherNodes?: boolean } = {},
  ): void {
    const key = `${columnKey(edge.source, edge.sourceColumn)}\u0001${columnKey(
      edge.target,
      edge.targetColumn,
    )}\u0001${edge.transformation ?? ''}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    push(this.columnDown, columnKey(edge.source, edge.sourceColumn), edge);
    push(this.columnUp, columnKey(edge.target, edge.targetColumn), edge);
    if (!options.throughOtherNodes) {
      this.addEdge({
        source: edge.source,
        target: edge.target,
        producer: edge.producer,
      });
    }
  }

  /** Marks the edges that lie on cycles; call once after the last edge. */
  seal(): void {
    const cyclic = edgesOnCycles(this.nodes.keys(), this.down);
    for (const edges of this.down.values()) {
      for (const edge of edges) {
        if (cyclic.has(`${edge.source}\u0001${edge.target}`)) edge.cycle = true;
      }
    }
    this.compact = compactGraph(this.nodes.keys(), this.down);
    this.sealed = true;
  }

  /**
   * The lineage around `start`: nodes within `depth` edges in the direction
   * asked, and the edges between them. With `column`, only the column-level
   * paths of that column of the start node.
   */
  lineage(
    start: string,
    options: { direction: LineageDirection; depth: number; column?: string },
  ): LineageGraph {
    if (!this.sealed) throw new Error('The lineage index is not sealed');
    return options.column === undefined
      ? this.nodeLineage(start, options.direction, options.depth)
      : this.columnLineage(
          start,
          options.column,
          options.direction,
          options.depth,
        );
  }

  /**
   * Everything downstream of `start` (or of one of its columns), at any
   * depth, with the shortest distance and, when traced by column, the
   * affected columns of each item.
   */
  impact(start: string, column?: string): ImpactItem[] {
    const items: ImpactItem[] = [];
    if (column === undefined) {
      const graph = this.compact!;
      const from = graph.index.get(start);
      if (from !== undefined) {
        const { order, distance } = walkCompact(graph, from, 'down', Infinity);
        for (let i = 1; i < order.length; i++) {
          items.push(this.impactItem(graph.ids[order[i]], distance[order[i]]));
        }
      }
    } else {
      const byNode = new Map<string, ImpactItem>();
      for (const [key, distance] of this.walk(
        columnKey(start, column),
        this.columnDown,
        e => columnKey(e.target, e.targetColumn!),
        Infinity,
      )) {
        const [id, name] = key.split('\u0000');
        if (id === start && name === column) continue;
        let item = byNode.get(id);
        if (!item) {
          item = this.impactItem(id, distance);
          item.columns = [];
          byNode.set(id, item);
          items.push(item);
        }
        item.distance = Math.min(item.distance, distance);
        item.columns!.push(name);
      }
      for (const item of items) item.columns!.sort();
    }
    // Walks visit nearest first; column walks revisit nodes, so sort those.
    return column === undefined
      ? items
      : items.sort((a, b) => a.distance - b.distance || byId(a.id, b.id));
  }

  private impactItem(id: string, distance: number): ImpactItem {
    const node = this.nodes.get(id);
    // One object shape for every item (absent fields are left out of the
    // JSON): impacts of tens of thousands of entities build in milliseconds.
    return {
      id,
      entityRef: node?.entityRef,
      kind: node?.kind,
      type: node?.type,
      title: node?.title,
      owner: node?.owner,
      distance,
    };
  }

  private nodeLineage(
    start: string,
    direction: LineageDirection,
    depth: number,
  ): LineageGraph {
    const graph = this.compact!;
    const from = graph.index.get(start);
    if (from === undefined) {
      return { nodes: [{ ...this.describe(start), distance: 0 }], edges: [] };
    }
    // Distance of every reached node by number; -1 when not reached.
    const reached = new Int32Array(graph.ids.length).fill(-1);
    const order: number[] = [];
    let truncated = false;
    for (const way of ['down', 'up'] as const) {
      if (way === 'down' && direction === 'upstream') continue;
      if (way === 'up' && direction === 'downstream') continue;
      const walked = walkCompact(graph, from, way, depth);
      for (const i of walked.order) {
        if (reached[i] === -1) {
          reached[i] = walked.distance[i];
          order.push(i);
        } else {
          reached[i] = Math.min(reached[i], walked.distance[i]);
        }
      }
      truncated ||= walked.truncated;
    }
    const { offsets, targets, edges: downEdges } = graph.down;
    const edges: LineageEdge[] = [];
    for (const i of order) {
      for (let e = offsets[i]; e < offsets[i + 1]; e++) {
        if (reached[targets[e]] !== -1) edges.push(this.toEdge(downEdges[e]));
      }
    }
    return {
      nodes: order.map(i => ({
        ...this.describe(graph.ids[i]),
        distance: reached[i],
      })),
      edges,
      ...(truncated ? { truncated } : {}),
    };
  }

  private columnLineage(
    start: string,
    column: string,
    direction: LineageDirection,
    depth: number,
  ): LineageGraph {
    const origin = columnKey(start, column);
    const reached = new Map<string, number>([[origin, 0]]);
    const edges: LineageEdge[] = [];
    let truncated = false;
    const follow = (
      adjacency: Map<string, IndexedEdge[]>,
      next: (e: IndexedEdge) => string,
    ) => {
      const distances = this.walk(origin, adjacency, next, depth);
      for (const [key, distance] of distances) {
        reached.set(key, Math.min(reached.get(key) ?? Infinity, distance));
        if (distance === depth && (adjacency.get(key)?.length ?? 0) > 0) {
          truncated = true;
        }
        if (distance >= depth) continue;
        for (const edge of adjacency.get(key) ?? [])
          edges.push(this.toEdge(edge));
      }
    };
    if (direction !== 'upstream')
      follow(this.columnDown, e => columnKey(e.target, e.targetColumn!));
    if (direction !== 'downstream')
      follow(this.columnUp, e => columnKey(e.source, e.sourceColumn!));

    const nodeDistance = new Map<string, number>();
    for (const [key, distance] of reached) {
      const id = key.split('\u0000')[0];
      nodeDistance.set(
        id,
        Math.min(nodeDistance.get(id) ?? Infinity, distance),
      );
    }
    return {
      nodes: [...nodeDistance.entries()].map(([id, distance]) => ({
        ...this.describe(id),
        distance,
      })),
      edges,
      ...(truncated ? { truncated } : {}),
    };
  }

  /** Breadth-first walk: every key reached within `depth` steps, with its distance. */
  private walk(
    start: string,
    adjacency: Map<string, IndexedEdge[]>,
    next: (edge: IndexedEdge) => string,
    depth: number,
  ): Map<string, number> {
    const distances = new Map<string, number>([[start, 0]]);
    let frontier = [start];
    for (
      let distance = 1;
      frontier.length > 0 && distance <= depth;
      distance++
    ) {
      const following: string[] = [];
      for (const key of frontier) {
        for (const edge of adjacency.get(key) ?? []) {
          const target = next(edge);
          if (distances.has(target)) continue;
          distances.set(target, distance);
          following.push(target);
        }
      }
      frontier = following;
    }
    return distances;
  }

  private describe(id: string): IndexedNode {
    return this.nodes.get(id) ?? { id, title: id };
  }

  private toEdge(edge: IndexedEdge): LineageEdge {
    const source = this.nodes.get(edge.source);
    const target = this.nodes.get(edge.target);
    const result: LineageEdge = {
      source: {
        id: edge.source,
        ...(source?.entityRef ? { entityRef: source.entityRef } : {}),
        ...(edge.sourceColumn !== undefined
          ? { column: edge.sourceColumn }
          : {}),
      },
      target: {
        id: edge.target,
        ...(target?.entityRef ? { entityRef: target.entityRef } : {}),
        ...(edge.targetColumn !== undefined
          ? { column: edge.targetColumn }
          : {}),
      },
    };
    if (edge.transformation) result.transformation = edge.transformation;
    if (edge.subtype) result.subtype = edge.subtype;
    if (edge.producer) result.producer = edge.producer;
    if (edge.cycle) result.cycle = true;
    return result;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The edges that lie on a cycle: both ends in the same strongly connected
 * component (Tarjan's algorithm, iterative so deep chains cannot overflow
 * the stack), or an edge from a node to itself.
 */
function edgesOnCycles(
  ids: Iterable<string>,
  down: Map<string, IndexedEdge[]>,
): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  const all = new Set<string>(ids);
  for (const edges of down.values()) for (const e of edges) all.add(e.target);

  for (const root of all) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = down.get(frame.id) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++].target;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.id);
        components++;
      }
    }
  }
  const cyclic = new Set<string>();
  for (const [source, edges] of down) {
    for (const edge of edges) {
      if (
        edge.source === edge.target ||
        component.get(source) === component.get(edge.target)
      ) {
        cyclic.add(`${edge.source}\u0001${edge.target}`);
      }
    }
  }
  return cyclic;
}

/** Nodes numbered, and each direction's adjacency as offsets into one array. */
interface CompactGraph {
  ids: string[];
  index: Map<string, number>;
  /** Downstream adjacency, with each position's edge. */
  down: { offsets: Int32Array; targets: Int32Array; edges: IndexedEdge[] };
  up: { offsets: Int32Array; targets: Int32Array; edges: IndexedEdge[] };
}

function compactGraph(
  nodeIds: Iterable<string>,
  down: Map<string, IndexedEdge[]>,
): CompactGraph {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const number = (id: string) => {
    let n = index.get(id);
    if (n === undefined) {
      n = ids.length;
      ids.push(id);
      index.set(id, n);
    }
    return n;
  };
  for (const id of nodeIds) number(id);
  const pairs: [number, number, IndexedEdge][] = [];
  for (const [source, edges] of down) {
    for (const edge of edges) {
      pairs.push([number(source), number(edge.target), edge]);
    }
  }
  const build = (from: 0 | 1) => {
    const offsets = new Int32Array(ids.length + 1);
    for (const pair of pairs) offsets[pair[from] + 1]++;
    for (let i = 0; i < ids.length; i++) offsets[i + 1] += offsets[i];
    const fill = offsets.slice(0, ids.length);
    const targets = new Int32Array(pairs.length);
    const edges = new Array<IndexedEdge>(pairs.length);
    for (const pair of pairs) {
      const at = fill[pair[from]]++;
      targets[at] = from === 0 ? pair[1] : pair[0];
      edges[at] = pair[2];
    }
    return { offsets, targets, edges };
  };
  return { ids, index, down: build(0), up: build(1) };
}

/**
 * Breadth-first walk over the numbered graph: the nodes reached within
 * `depth` steps in walk order (the start first), their distances, and
 * whether nodes at the depth limit had further edges.
 */
function walkCompact(
  graph: CompactGraph,
  start: number,
  way: 'down' | 'up',
  depth: number,
): { order: Int32Array; distance: Int32Array; truncated: boolean } {
  const { offsets, targets } = graph[way];
  const distance = new Int32Array(graph.ids.length).fill(-1);
  const order = new Int32Array(graph.ids.length);
  let head = 0;
  let tail = 0;
  let truncated = false;
  distance[start] = 0;
  order[tail++] = start;
  while (head < tail) {
    const node = order[head++];
    const d = distance[node];
    if (d >= depth) {
      if (offsets[node + 1] > offsets[node]) truncated = true;
      continue;
    }
    for (let e = offsets[node]; e < offsets[node + 1]; e++) {
      const next = targets[e];
      if (distance[next] !== -1) continue;
      distance[next] = d + 1;
      order[tail++] = next;
    }
  }
  return { order: order.subarray(0, tail), distance, truncated };
}

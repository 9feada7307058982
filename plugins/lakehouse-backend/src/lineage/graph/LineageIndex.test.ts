import { LineageIndex } from './LineageIndex';

/** raw → bronze → silver → gold, a second gold table from silver, and a feature view. */
function chain() {
  const index = new LineageIndex();
  for (const id of ['raw', 'bronze', 'silver', 'gold', 'gold2', 'view']) {
    index.addNode({
      id,
      entityRef: `resource:default/${id}`,
      title: id,
      owner: `group:default/${id}-team`,
    });
  }
  index.addEdge({ source: 'raw', target: 'bronze' });
  index.addEdge({ source: 'bronze', target: 'silver' });
  index.addEdge({ source: 'silver', target: 'gold' });
  index.addEdge({ source: 'silver', target: 'gold2' });
  index.addEdge({ source: 'gold', target: 'view' });
  return index;
}

const ids = (graph: { nodes: { id: string }[] }) =>
  graph.nodes.map(n => n.id).sort();
const edges = (graph: {
  edges: {
    source: { id: string; column?: string };
    target: { id: string; column?: string };
  }[];
}) =>
  graph.edges
    .map(
      e =>
        `${e.source.id}${e.source.column ? `.${e.source.column}` : ''}→${
          e.target.id
        }${e.target.column ? `.${e.target.column}` : ''}`,
    )
    .sort();

describe('LineageIndex', () => {
  it('walks upstream, downstream or both, with each node’s distance', () => {
    const index = chain();
    index.seal();
    const up = index.lineage('gold', { direction: 'upstream', depth: 10 });
    expect(ids(up)).toEqual(['bronze', 'gold', 'raw', 'silver']);
    expect(up.nodes.find(n => n.id === 'raw')?.distance).toBe(3);
    expect(edges(up)).toEqual(['bronze→silver', 'raw→bronze', 'silver→gold']);

    const down = index.lineage('silver', {
      direction: 'downstream',
      depth: 10,
    });
    expect(ids(down)).toEqual(['gold', 'gold2', 'silver', 'view']);

    const both = index.lineage('silver', { direction: 'both', depth: 10 });
    expect(ids(both)).toEqual([
      'bronze',
      'gold',
      'gold2',
      'raw',
      'silver',
      'view',
    ]);
  });

  it('stops at the depth asked for and says the graph was cut', () => {
    const index = chain();
    index.seal();
    const graph = index.lineage('gold', { direction: 'upstream', depth: 1 });
    expect(ids(graph)).toEqual(['gold', 'silver']);
    expect(graph.truncated).toBe(true);
    const whole = index.lineage('gold', { direction: 'upstream', depth: 3 });
    expect(whole.truncated).toBeUndefined();
  });

  it('marks the edges of a cycle and walks it once', () => {
    const index = chain();
    // A job that reads gold and writes bronze closes a loop.
    index.addNode({ id: 'job', kind: 'job', title: 'backfill' });
    index.addEdge({ source: 'gold', target: 'job' });
    index.addEdge({ source: 'job', target: 'bronze' });
    index.seal();
    const graph = index.lineage('bronze', {
      direction: 'downstream',
      depth: 50,
    });
    expect(ids(graph)).toEqual([
      'bronze',
      'gold',
      'gold2',
      'job',
      'silver',
      'view',
    ]);
    const cyclic = graph.edges
      .filter(e => e.cycle)
      .map(e => `${e.source.id}→${e.target.id}`)
      .sort();
    expect(cyclic).toEqual([
      'bronze→silver',
      'gold→job',
      'job→bronze',
      'silver→gold',
    ]);
    expect(
      graph.edges.find(e => e.target.id === 'gold2')?.cycle,
    ).toBeUndefined();
    // Nearest first; the cycle back to bronze is not walked again.
    expect(index.impact('bronze').map(i => [i.id, i.distance])).toEqual([
      ['silver', 1],
      ['gold', 2],
      ['gold2', 2],
      ['view', 3],
      ['job', 3],
    ]);
  });

  it('traces one column up and down its column edges only', () => {
    const index = chain();
    index.addColumnEdge({
      source: 'bronze',
      sourceColumn: 'amount',
      target: 'silver',
      targetColumn: 'amount',
      transformation: 'DIRECT',
      subtype: 'IDENTITY',
    });
    index.addColumnEdge({
      source: 'silver',
      sourceColumn: 'amount',
      target: 'gold',
      targetColumn: 'revenue',
      transformation: 'DIRECT',
      subtype: 'AGGREGATION',
    });
    index.addColumnEdge({
      source: 'silver',
      sourceColumn: 'status',
      target: 'gold',
      targetColumn: 'revenue',
      transformation: 'INDIRECT',
      subtype: 'FILTER',
    });
    index.addColumnEdge({
      source: 'silver',
      sourceColumn: 'id',
      target: 'gold2',
      targetColumn: 'id',
      transformation: 'DIRECT',
    });
    index.seal();

    const graph = index.lineage('silver', {
      direction: 'both',
      depth: 10,
      column: 'amount',
    });
    expect(edges(graph)).toEqual([
      'bronze.amount→silver.amount',
      'silver.amount→gold.revenue',
    ]);
    expect(ids(graph)).toEqual(['bronze', 'gold', 'silver']);
    const upstreamOfRevenue = index.lineage('gold', {
      direction: 'upstream',
      depth: 10,
      column: 'revenue',
    });
    expect(
      upstreamOfRevenue.edges
        .map(e => [e.source.column, e.transformation, e.subtype])
        .sort(),
    ).toEqual([
      ['amount', 'DIRECT', 'AGGREGATION'],
      ['amount', 'DIRECT', 'IDENTITY'],
      ['status', 'INDIRECT', 'FILTER'],
    ]);
  });

  it('lists the impact of a column with the affected columns and owners', () => {
    const index = chain();
    index.addColumnEdge({
      source: 'silver',
      sourceColumn: 'amount',
      target: 'gold',
      targetColumn: 'revenue',
      transformation: 'DIRECT',
    });
    index.addColumnEdge({
      source: 'gold',
      sourceColumn: 'revenue',
      target: 'view',
      targetColumn: 'total_spend',
      transformation: 'DIRECT',
    });
    index.addColumnEdge({
      source: 'silver',
      sourceColumn: 'id',
      target: 'gold2',
      targetColumn: 'id',
      transformation: 'DIRECT',
    });
    index.seal();
    expect(index.impact('silver', 'amount')).toEqual([
      {
        id: 'gold',
        entityRef: 'resource:default/gold',
        title: 'gold',
        owner: 'group:default/gold-team',
        columns: ['revenue'],
        distance: 1,
      },
      {
        id: 'view',
        entityRef: 'resource:default/view',
        title: 'view',
        owner: 'group:default/view-team',
        columns: ['total_spend'],
        distance: 2,
      },
    ]);
    // Without a column, every downstream node counts.
    expect(index.impact('silver').map(i => [i.id, i.distance])).toEqual([
      ['gold', 1],
      ['gold2', 1],
      ['view', 2],
    ]);
  });

  it('keeps a job between the datasets whose columns it maps', () => {
    const index = new LineageIndex();
    index.addNode({ id: 'in', title: 'in' });
    index.addNode({ id: 'out', title: 'out' });
    index.addNode({ id: 'job', kind: 'job', title: 'job' });
    index.addEdge({ source: 'in', target: 'job' });
    index.addEdge({ source: 'job', target: 'out' });
    index.addColumnEdge(
      {
        source: 'in',
        sourceColumn: 'a',
        target: 'out',
        targetColumn: 'a',
        transformation: 'DIRECT',
      },
      { throughOtherNodes: true },
    );
    index.seal();
    const graph = index.lineage('out', { direction: 'upstream', depth: 1 });
    expect(ids(graph)).toEqual(['job', 'out']);
    expect(
      index.lineage('out', { direction: 'upstream', depth: 5, column: 'a' })
        .edges,
    ).toHaveLength(1);
  });

  it('walks a chain of 100,000 nodes without overflowing the stack', () => {
    const index = new LineageIndex();
    for (let i = 0; i < 100_000; i++) {
      index.addNode({ id: `n${i}`, title: `n${i}` });
      if (i > 0) index.addEdge({ source: `n${i - 1}`, target: `n${i}` });
    }
    index.addEdge({ source: 'n99999', target: 'n0' });
    index.seal();
    const graph = index.lineage('n0', {
      direction: 'downstream',
      depth: 100_000,
    });
    expect(graph.nodes).toHaveLength(100_000);
    expect(graph.edges.every(e => e.cycle)).toBe(true);
  });
});

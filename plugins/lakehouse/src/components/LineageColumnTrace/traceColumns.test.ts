import { LineageEdge, LineageGraph } from '@internal/plugin-lakehouse-common';
import { columnEdgeKey, columnKey, traceColumns } from './traceColumns';

const col = (
  source: [string, string],
  target: [string, string],
  transformation?: 'DIRECT' | 'INDIRECT',
): LineageEdge => ({
  source: { id: source[0], column: source[1] },
  target: { id: target[0], column: target[1] },
  transformation,
});

/**
 * raw.orders(amount_cents, status) → silver.orders(amount) → gold.fct(revenue)
 * and silver.orders(amount) → feature view(avg_amount); status only filters.
 */
const graph: LineageGraph = {
  nodes: [
    { id: 'raw', title: 'raw_orders' },
    { id: 'silver', title: 'orders' },
    { id: 'gold', title: 'fct_orders' },
    { id: 'fv', title: 'order_stats' },
  ],
  edges: [
    col(['raw', 'amount_cents'], ['silver', 'amount'], 'DIRECT'),
    col(['raw', 'status'], ['silver', 'amount'], 'INDIRECT'),
    col(['raw', 'id'], ['silver', 'order_id'], 'DIRECT'),
    col(['silver', 'amount'], ['gold', 'revenue'], 'DIRECT'),
    col(['silver', 'amount'], ['fv', 'avg_amount']),
    { source: { id: 'silver' }, target: { id: 'gold' } },
  ],
};

describe('traceColumns', () => {
  it('lists the columns upstream and downstream of a column, nearest first', () => {
    const trace = traceColumns(graph, 'silver', 'amount');

    expect(trace.upstream).toEqual([
      {
        nodeId: 'raw',
        column: 'amount_cents',
        distance: 1,
        transformation: 'DIRECT',
      },
      {
        nodeId: 'raw',
        column: 'status',
        distance: 1,
        transformation: 'INDIRECT',
      },
    ]);
    expect(trace.downstream).toEqual([
      {
        nodeId: 'fv',
        column: 'avg_amount',
        distance: 1,
        transformation: 'DIRECT',
      },
      {
        nodeId: 'gold',
        column: 'revenue',
        distance: 1,
        transformation: 'DIRECT',
      },
    ]);
  });

  it('leaves out columns on other paths', () => {
    const trace = traceColumns(graph, 'silver', 'amount');

    expect(trace.columns.has(columnKey('raw', 'id'))).toBe(false);
    expect(trace.columns.has(columnKey('silver', 'order_id'))).toBe(false);
    expect(trace.columns.has(columnKey('silver', 'amount'))).toBe(true);
    expect(trace.edges.has(columnEdgeKey(graph.edges[2]))).toBe(false);
    expect(trace.edges.has(columnEdgeKey(graph.edges[0]))).toBe(true);
    expect(trace.edges).toHaveProperty('size', 4);
  });

  it('follows paths over several hops and marks them INDIRECT when any hop is', () => {
    const trace = traceColumns(graph, 'gold', 'revenue');

    expect(trace.upstream).toEqual([
      {
        nodeId: 'silver',
        column: 'amount',
        distance: 1,
        transformation: 'DIRECT',
      },
      {
        nodeId: 'raw',
        column: 'amount_cents',
        distance: 2,
        transformation: 'DIRECT',
      },
      {
        nodeId: 'raw',
        column: 'status',
        distance: 2,
        transformation: 'INDIRECT',
      },
    ]);
    expect(trace.downstream).toEqual([]);
  });

  it('calls a column DIRECT when one path of DIRECT edges reaches it, even if another is INDIRECT', () => {
    const both: LineageGraph = {
      nodes: [],
      edges: [
        col(['a', 'x'], ['b', 'y'], 'INDIRECT'),
        col(['a', 'x'], ['c', 'z'], 'DIRECT'),
        col(['c', 'z'], ['b', 'y'], 'DIRECT'),
      ],
    };

    const trace = traceColumns(both, 'b', 'y');

    expect(trace.upstream).toContainEqual({
      nodeId: 'a',
      column: 'x',
      distance: 1,
      transformation: 'DIRECT',
    });
  });

  it('walks a cycle once', () => {
    const cycle: LineageGraph = {
      nodes: [],
      edges: [
        col(['a', 'x'], ['b', 'x'], 'DIRECT'),
        col(['b', 'x'], ['a', 'x'], 'DIRECT'),
      ],
    };

    const trace = traceColumns(cycle, 'a', 'x');

    expect(trace.upstream).toEqual([
      { nodeId: 'b', column: 'x', distance: 1, transformation: 'DIRECT' },
    ]);
    expect(trace.downstream).toEqual(trace.upstream);
  });

  it('finds nothing for a column without column edges', () => {
    const trace = traceColumns(graph, 'gold', 'order_date');

    expect(trace.upstream).toEqual([]);
    expect(trace.downstream).toEqual([]);
    expect([...trace.columns]).toEqual([columnKey('gold', 'order_date')]);
  });
});

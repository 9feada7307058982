import { LineageGraph } from '@internal/plugin-lakehouse-common';
import { traceColumns } from '../LineageColumnTrace/traceColumns';
import {
  buildElements,
  GraphElementsOptions,
  MAX_SHOWN_COLUMNS,
  NODE_HEADER_HEIGHT,
  ownerName,
} from './graphElements';

const options: GraphElementsOptions = {
  startId: 'silver',
  columnMode: false,
  expandedIds: new Set(),
  expandingIds: new Set(),
};

const graph: LineageGraph = {
  nodes: [
    {
      id: 'raw',
      entityRef: 'resource:default/raw',
      type: 'dataset',
      layer: 'raw',
      title: 'raw_orders',
      columns: ['id', 'amount_cents', 'status'],
    },
    {
      id: 'silver',
      entityRef: 'resource:default/silver',
      type: 'dataset',
      layer: 'silver',
      title: 'orders',
      owner: 'group:default/analytics-engineering',
      columns: ['order_id', 'amount'],
    },
    { id: 'openlineage:s3://x/export', kind: 'dataset', title: 'export' },
  ],
  edges: [
    {
      source: { id: 'raw', column: 'amount_cents' },
      target: { id: 'silver', column: 'amount' },
      transformation: 'DIRECT',
    },
    {
      source: { id: 'raw', column: 'status' },
      target: { id: 'silver', column: 'amount' },
      transformation: 'INDIRECT',
    },
    { source: { id: 'raw' }, target: { id: 'silver' } },
    {
      source: { id: 'silver' },
      target: { id: 'openlineage:s3://x/export' },
      cycle: true,
    },
    { source: { id: 'silver' }, target: { id: 'not-returned' } },
  ],
};

describe('buildElements', () => {
  it('draws one edge per pair of nodes outside column mode, cycles marked', () => {
    const { nodes, edges, layout } = buildElements(graph, options);

    expect(nodes.map(n => [n.id, n.data.category, n.data.typeLabel])).toEqual([
      ['raw', 'raw', 'Dataset · raw'],
      ['silver', 'silver', 'Dataset · silver'],
      [
        'openlineage:s3://x/export',
        'openlineage-dataset',
        'Dataset (OpenLineage)',
      ],
    ]);
    expect(edges.map(e => [e.source, e.target, e.className])).toEqual([
      ['raw', 'silver', 'lineage-edge'],
      [
        'silver',
        'openlineage:s3://x/export',
        'lineage-edge lineage-edge-cycle',
      ],
    ]);
    expect(edges.map(e => e.ariaLabel)).toEqual([
      'raw_orders to orders',
      'orders to export, closing a cycle',
    ]);
    expect(layout.edges).toHaveLength(2);
    expect(layout.nodes.every(n => n.height === NODE_HEADER_HEIGHT)).toBe(true);
    expect(nodes[1].data).toMatchObject({
      isStart: true,
      ownerName: 'analytics-engineering',
    });
  });

  it('joins column rows in column mode and marks the traced ones', () => {
    const trace = traceColumns(graph, 'silver', 'amount');
    const { nodes, edges, layoutKey } = buildElements(graph, {
      ...options,
      columnMode: true,
      trace,
    });

    const raw = nodes.find(n => n.id === 'raw')!;
    expect(raw.data.columns).toEqual([
      { name: 'id', traced: false, selected: false },
      { name: 'amount_cents', traced: true, selected: false },
      { name: 'status', traced: true, selected: false },
    ]);
    expect(nodes.find(n => n.id === 'silver')!.data.columns).toContainEqual({
      name: 'amount',
      traced: true,
      selected: true,
    });
    expect(raw.height).toBeGreaterThan(NODE_HEADER_HEIGHT);
    // The export shares no traced column: it is dimmed.
    expect(nodes[2].data.dimmed).toBe(true);
    expect(nodes[0].data.dimmed).toBe(false);

    const columnEdges = edges.filter(e => e.id.startsWith('column:'));
    expect(
      columnEdges.map(e => [e.sourceHandle, e.targetHandle, e.className]),
    ).toEqual([
      ['out:amount_cents', 'in:amount', 'lineage-edge lineage-edge-traced'],
      [
        'out:status',
        'in:amount',
        'lineage-edge lineage-edge-indirect lineage-edge-traced',
      ],
    ]);
    expect(columnEdges.map(e => e.ariaLabel)).toEqual([
      'raw_orders.amount_cents to orders.amount, DIRECT',
      'raw_orders.status to orders.amount, INDIRECT',
    ]);
    // The pair with column edges is drawn by them alone; the other stays, faint.
    expect(edges.filter(e => e.id.startsWith('entity:'))).toEqual([
      expect.objectContaining({
        source: 'silver',
        className: 'lineage-edge lineage-edge-cycle lineage-edge-faint',
      }),
    ]);
    expect(layoutKey).not.toBe(buildElements(graph, options).layoutKey);
  });

  it('shows the traced columns of a wide table and counts the rest', () => {
    const columns = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const wide: LineageGraph = {
      nodes: [
        {
          id: 'wide',
          title: 'wide',
          entityRef: 'resource:default/wide',
          columns,
        },
        { id: 'out', title: 'out', entityRef: 'resource:default/out' },
      ],
      edges: [
        {
          source: { id: 'wide', column: 'c39' },
          target: { id: 'out', column: 'total' },
        },
      ],
    };

    const { nodes, edges } = buildElements(wide, {
      ...options,
      startId: 'out',
      columnMode: true,
      trace: traceColumns(wide, 'out', 'total'),
    });

    const shown = nodes[0].data.columns!.map(c => c.name);
    expect(shown).toHaveLength(MAX_SHOWN_COLUMNS);
    expect(shown).toContain('c39');
    expect(nodes[0].data.hiddenColumns).toBe(40 - MAX_SHOWN_COLUMNS);
    // Columns the target node does not list still get a row.
    expect(nodes[1].data.columns).toEqual([
      { name: 'total', traced: true, selected: true },
    ]);
    expect(edges[0].sourceHandle).toBe('out:c39');
  });

  it('attaches a column edge to the card when its column is not shown', () => {
    const columns = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const wide: LineageGraph = {
      nodes: [
        {
          id: 'wide',
          title: 'wide',
          entityRef: 'resource:default/wide',
          columns,
        },
        { id: 'out', title: 'out', entityRef: 'resource:default/out' },
      ],
      edges: [
        {
          source: { id: 'wide', column: 'c39' },
          target: { id: 'out', column: 'total' },
        },
      ],
    };

    const { edges } = buildElements(wide, { ...options, columnMode: true });

    expect(edges[0].sourceHandle).toBe('out');
    expect(edges[0].targetHandle).toBe('in:total');
  });
});

describe('ownerName', () => {
  it('leaves out the group kind and the default namespace', () => {
    expect(ownerName('group:default/data-platform')).toBe('data-platform');
    expect(ownerName('group:finance/controlling')).toBe('finance/controlling');
    expect(ownerName('user:default/jane')).toBe('user:jane');
    expect(ownerName('data-platform')).toBe('data-platform');
    expect(ownerName(undefined)).toBeUndefined();
  });
});

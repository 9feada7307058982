import { renderInTestApp } from '@backstage/frontend-test-utils';
import { LineageGraph } from '@internal/plugin-lakehouse-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { traceColumns } from '../LineageColumnTrace/traceColumns';
import { stubBrowserLayoutForXyflow } from './jsdomStubs';
import { LineageGraphView, LineageGraphViewProps } from './LineageGraphView';

stubBrowserLayoutForXyflow();

const ref = (name: string) => `resource:default/${name}`;

const graph: LineageGraph = {
  nodes: [
    {
      id: ref('lakehouse.raw.orders'),
      entityRef: ref('lakehouse.raw.orders'),
      kind: 'Resource',
      type: 'dataset',
      layer: 'raw',
      title: 'raw_orders',
      owner: 'group:default/data-platform',
      columns: ['id', 'amount_cents', 'status'],
    },
    {
      id: ref('lakehouse.silver.orders'),
      entityRef: ref('lakehouse.silver.orders'),
      kind: 'Resource',
      type: 'dataset',
      layer: 'silver',
      title: 'orders',
      owner: 'group:default/analytics-engineering',
      columns: ['order_id', 'amount'],
    },
    {
      id: 'openlineage:trino://trino:8080/spark_job',
      kind: 'job',
      title: 'spark_job',
    },
  ],
  edges: [
    {
      source: { id: ref('lakehouse.raw.orders'), column: 'amount_cents' },
      target: { id: ref('lakehouse.silver.orders'), column: 'amount' },
      transformation: 'DIRECT',
    },
    {
      source: { id: ref('lakehouse.raw.orders'), column: 'status' },
      target: { id: ref('lakehouse.silver.orders'), column: 'amount' },
      transformation: 'INDIRECT',
    },
    {
      source: { id: ref('lakehouse.silver.orders') },
      target: { id: 'openlineage:trino://trino:8080/spark_job' },
    },
  ],
};

function renderGraph(props: Partial<LineageGraphViewProps> = {}) {
  const onSelect = jest.fn();
  const onToggleExpand = jest.fn();
  renderInTestApp(
    <LineageGraphView
      graph={graph}
      startId={ref('lakehouse.silver.orders')}
      columnMode={false}
      expandedIds={new Set()}
      expandingIds={new Set()}
      onSelect={onSelect}
      onToggleExpand={onToggleExpand}
      height={600}
      {...props}
    />,
  );
  return { onSelect, onToggleExpand };
}

const node = (name: string) => screen.findByRole('group', { name });

describe('LineageGraphView', () => {
  it('draws every node with its title, type and owner', async () => {
    renderGraph();

    const figure = await screen.findByRole('figure', { name: 'Lineage graph' });
    const raw = await node('raw_orders');
    expect(figure).toContainElement(raw);
    expect(within(raw).getByText('raw_orders')).toBeInTheDocument();
    expect(within(raw).getByText('Dataset · raw')).toBeInTheDocument();
    expect(within(raw).getByText('Owner: data-platform')).toBeInTheDocument();
    const job = await node('spark_job');
    expect(within(job).getByText('Job (OpenLineage)')).toBeInTheDocument();
    expect(within(job).getByText('No owner')).toBeInTheDocument();
    expect(
      within(await node('orders')).getByText('Dataset · silver'),
    ).toBeInTheDocument();
  });

  it('explains the colours of the kinds of nodes it shows', async () => {
    renderGraph();

    const legend = await screen.findByRole('list', { name: 'Legend' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Raw dataset', 'Silver dataset', 'Job (OpenLineage)']);
  });

  it('selects a node when clicked, and expands it from its button without selecting it', async () => {
    const { onSelect, onToggleExpand } = renderGraph();

    await userEvent.click(
      within(await node('raw_orders')).getByRole('button', {
        name: 'raw_orders',
      }),
    );
    expect(onSelect).toHaveBeenCalledWith(ref('lakehouse.raw.orders'));

    onSelect.mockClear();
    await userEvent.click(
      screen.getByRole('button', { name: 'Expand raw_orders' }),
    );
    expect(onToggleExpand).toHaveBeenCalledWith(ref('lakehouse.raw.orders'));
    expect(onSelect).not.toHaveBeenCalled();
    // The lineage API cannot start from a node only OpenLineage knows.
    expect(
      screen.queryByRole('button', { name: 'Expand spark_job' }),
    ).not.toBeInTheDocument();
    // The start node is already expanded as far as asked.
    expect(
      screen.queryByRole('button', { name: 'Expand orders' }),
    ).not.toBeInTheDocument();
  });

  it('offers to collapse an expanded node', async () => {
    renderGraph({ expandedIds: new Set([ref('lakehouse.raw.orders')]) });

    expect(
      await screen.findByRole('button', { name: 'Collapse raw_orders' }),
    ).toBeInTheDocument();
  });

  it('shows columns in column mode and marks the traced ones', async () => {
    const startId = ref('lakehouse.silver.orders');
    renderGraph({
      columnMode: true,
      trace: traceColumns(graph, startId, 'amount'),
    });

    const raw = await screen.findByRole('list', {
      name: 'Columns of raw_orders',
    });
    const marked = (list: HTMLElement) =>
      [...list.querySelectorAll('mark')].map(m => m.textContent);
    expect(
      within(raw)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['id', 'amount_cents', 'status']);
    expect(marked(raw)).toEqual(['amount_cents', 'status']);
    const orders = screen.getByRole('list', { name: 'Columns of orders' });
    expect(marked(orders)).toEqual(['amount']);
    // The legend explains the two kinds of column edges.
    expect(screen.getByText('DIRECT: the value flows')).toBeInTheDocument();
  });

  it('leaves columns out of the cards outside column mode', async () => {
    renderGraph();

    await node('raw_orders');
    expect(
      screen.queryByRole('list', { name: 'Columns of raw_orders' }),
    ).not.toBeInTheDocument();
  });

  it('renders only the nodes in view of a large graph', async () => {
    // A chain of 400 datasets is far wider than the smallest zoom shows.
    const nodes = Array.from({ length: 400 }, (_, i) => ({
      id: `n${i}`,
      entityRef: `resource:default/n${i}`,
      type: 'dataset',
      title: `dataset_${i}`,
    }));
    const edges = nodes.slice(1).map((n, i) => ({
      source: { id: nodes[i].id },
      target: { id: n.id },
    }));
    renderGraph({ graph: { nodes, edges }, startId: 'n0' });

    await node('dataset_0');
    const drawn = document.querySelectorAll('.react-flow__node').length;
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(400);
    expect(screen.queryByText('dataset_399')).not.toBeInTheDocument();
    // Nor is the overview map drawn for so many nodes.
    expect(
      screen.queryByRole('img', { name: 'Overview of the lineage graph' }),
    ).not.toBeInTheDocument();
  });
});

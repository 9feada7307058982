import {
  LARGE_GRAPH_NODES,
  layoutLineage,
  layoutOptionsFor,
  LayoutRequest,
} from './layout';

const box = (id: string, height = 76) => ({ id, width: 260, height });

function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) {
  return (
    a.x < b.x + b.width &&
    b.x < a.x + a.width &&
    a.y < b.y + b.height &&
    b.y < a.y + a.height
  );
}

function placed(
  request: LayoutRequest,
  result: Awaited<ReturnType<typeof layoutLineage>>,
) {
  return request.nodes.map(node => ({ ...node, ...result.positions[node.id] }));
}

describe('layoutLineage', () => {
  it('places a medallion chain from left to right, upstream first', async () => {
    const request = {
      nodes: ['gold', 'raw', 'silver', 'bronze'].map(id => box(id)),
      edges: [
        { source: 'raw', target: 'bronze' },
        { source: 'bronze', target: 'silver' },
        { source: 'silver', target: 'gold' },
      ],
    };

    const { positions, width } = await layoutLineage(request);

    const x = (id: string) => positions[id].x;
    expect(x('raw')).toBeLessThan(x('bronze'));
    expect(x('bronze')).toBeLessThan(x('silver'));
    expect(x('silver')).toBeLessThan(x('gold'));
    // Layers are a card and a gap apart.
    expect(x('bronze') - x('raw')).toBeGreaterThanOrEqual(260 + 48);
    expect(width).toBeGreaterThanOrEqual(4 * 260);
  });

  it('stacks the inputs of a node in one layer without overlap, tall cards included', async () => {
    const request = {
      nodes: [
        box('orders', 300),
        box('customers'),
        box('payments'),
        box('fct'),
      ],
      edges: ['orders', 'customers', 'payments'].map(source => ({
        source,
        target: 'fct',
      })),
    };

    const result = await layoutLineage(request);
    const boxes = placed(request, result);

    const inputs = boxes.filter(b => b.id !== 'fct');
    expect(new Set(inputs.map(b => b.x)).size).toBe(1);
    const overlapping = boxes.flatMap(a =>
      boxes.filter(b => a !== b && overlaps(a, b)).map(b => [a.id, b.id]),
    );
    expect(overlapping).toEqual([]);
  });

  it('lays out a cycle instead of walking it forever', async () => {
    const request = {
      nodes: [box('a'), box('b'), box('c')],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'a' },
      ],
    };

    const { positions } = await layoutLineage(request);

    expect(Object.keys(positions).sort()).toEqual(['a', 'b', 'c']);
  });

  it('ignores loops, repeated edges and edges to nodes it was not given', async () => {
    const request = {
      nodes: [box('a'), box('b')],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'b' },
        { source: 'b', target: 'b' },
        { source: 'b', target: 'gone' },
      ],
    };

    const { positions } = await layoutLineage(request);

    expect(positions.a.x).toBeLessThan(positions.b.x);
    expect(positions.gone).toBeUndefined();
  });

  it('answers an empty graph with an empty drawing', async () => {
    await expect(layoutLineage({ nodes: [], edges: [] })).resolves.toEqual({
      positions: {},
      width: 0,
      height: 0,
    });
  });

  it('switches to the fast options for large graphs only', () => {
    expect(layoutOptionsFor(LARGE_GRAPH_NODES - 1)).not.toHaveProperty(
      'elk.layered.thoroughness',
    );
    expect(layoutOptionsFor(LARGE_GRAPH_NODES)).toMatchObject({
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.thoroughness': '1',
      'elk.layered.nodePlacement.strategy': 'SIMPLE',
    });
  });
});

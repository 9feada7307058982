import { LineageGraph } from '@internal/plugin-lakehouse-common';
import { collapseExpansion, mergeLineage } from './mergeLineage';

const node = (id: string) => ({ id, title: id });
const edge = (source: string, target: string) => ({
  source: { id: source },
  target: { id: target },
});

const base: LineageGraph = {
  nodes: [
    { ...node('silver'), distance: 0 },
    { ...node('gold'), distance: 1 },
  ],
  edges: [edge('silver', 'gold')],
  truncated: true,
};
const goldNeighbours: LineageGraph = {
  nodes: [{ ...node('gold'), distance: 0 }, node('silver'), node('fv')],
  edges: [edge('silver', 'gold'), edge('gold', 'fv')],
};
const fvNeighbours: LineageGraph = {
  nodes: [node('fv'), node('gold'), node('model')],
  edges: [edge('gold', 'fv'), edge('fv', 'model')],
};

const ids = (graph: LineageGraph) => graph.nodes.map(n => n.id);

describe('mergeLineage', () => {
  it('adds the neighbours of expanded nodes once, keeping the first version of each node', () => {
    const merged = mergeLineage(
      base,
      new Map([
        ['gold', goldNeighbours],
        ['fv', fvNeighbours],
      ]),
    );

    expect(ids(merged)).toEqual(['silver', 'gold', 'fv', 'model']);
    expect(merged.nodes.find(n => n.id === 'gold')?.distance).toBe(1);
    expect(merged.edges).toEqual([
      edge('silver', 'gold'),
      edge('gold', 'fv'),
      edge('fv', 'model'),
    ]);
    expect(merged.truncated).toBe(true);
  });

  it('keeps column edges between the same nodes apart', () => {
    const columns: LineageGraph = {
      nodes: [node('gold')],
      edges: [
        {
          source: { id: 'silver', column: 'amount' },
          target: { id: 'gold', column: 'revenue' },
        },
      ],
    };

    const merged = mergeLineage(base, new Map([['gold', columns]]));

    expect(merged.edges).toHaveLength(2);
  });

  it('skips an expansion whose node is no longer in the graph', () => {
    const merged = mergeLineage(base, new Map([['fv', fvNeighbours]]));

    expect(ids(merged)).toEqual(['silver', 'gold']);
  });

  it('returns the lineage itself when nothing is expanded', () => {
    expect(mergeLineage(base, new Map())).toBe(base);
  });
});

describe('collapseExpansion', () => {
  it('drops the expansion and those of the nodes it brought in', () => {
    const expansions = new Map([
      ['gold', goldNeighbours],
      ['fv', fvNeighbours],
    ]);

    const rest = collapseExpansion(base, expansions, 'gold');

    expect([...rest.keys()]).toEqual([]);
    expect(ids(mergeLineage(base, rest))).toEqual(['silver', 'gold']);
  });

  it('keeps the expansions of nodes still in the graph', () => {
    const expansions = new Map([
      ['gold', goldNeighbours],
      ['fv', fvNeighbours],
    ]);

    const rest = collapseExpansion(base, expansions, 'fv');

    expect([...rest.keys()]).toEqual(['gold']);
    expect(ids(mergeLineage(base, rest))).toEqual(['silver', 'gold', 'fv']);
  });
});

/**
 * Layout of lineage graphs with the code the explorer's web worker runs
 * (plugins/lakehouse/src/components/LineageGraphView/layout.ts: ELK's
 * layered algorithm, left to right), in Node: synthetic medallion lineage
 * of 500 and 2,000 nodes, and 500 nodes as densely linked as 2,000 usually
 * are (3,000 edges). Each graph is laid out in a process of its own, like
 * a fresh worker: first cold (the first layout of a visit, while the engine
 * still compiles ELK), then five more times (median and slowest: what later
 * layouts take, since the explorer keeps its worker for the page).
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/lineage-layout.bench.ts
 */
import { execFileSync } from 'node:child_process';
import {
  layoutLineage,
  LayoutRequest,
} from '../plugins/lakehouse/src/components/LineageGraphView/layout';

/** The explorer's card sizes: 260 wide, 76 high (no columns shown). */
const WIDTH = 260;
const HEIGHT = 76;
const LAYERS = ['raw', 'bronze', 'silver', 'gold', 'features', 'models'];
const RUNS = 5;
const GOAL_MS = 1500;

/** A deterministic pseudo-random sequence (Park–Miller), so runs compare. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/**
 * Nodes spread over the layers of a lakehouse, all connected as a lineage
 * answer is (every node was reached from the start): every node past the
 * first layer reads a node of the layer before it, every node before the
 * last feeds one of the next, and the other edges join random nodes one or
 * two layers apart, as joins of silver tables in gold models do.
 */
function syntheticLineage(nodeCount: number, edgeCount: number): LayoutRequest {
  const next = random(nodeCount * 31 + edgeCount);
  const layers: string[][] = LAYERS.map(() => []);
  const nodes = Array.from({ length: nodeCount }, (_, i) => {
    const id = `${LAYERS[i % LAYERS.length]}.table_${i}`;
    layers[i % LAYERS.length].push(id);
    return { id, width: WIDTH, height: HEIGHT };
  });
  const pick = (layer: string[]) => layer[Math.floor(next() * layer.length)];
  const edges: LayoutRequest['edges'] = [];
  const feeds = new Set<string>();
  for (let layer = 1; layer < layers.length; layer++) {
    for (const target of layers[layer]) {
      const source = pick(layers[layer - 1]);
      feeds.add(source);
      edges.push({ source, target });
    }
  }
  for (let layer = 0; layer < layers.length - 1; layer++) {
    for (const source of layers[layer].filter(id => !feeds.has(id))) {
      edges.push({ source, target: pick(layers[layer + 1]) });
    }
  }
  while (edges.length < edgeCount) {
    const from = Math.floor(next() * (layers.length - 1));
    const to = Math.min(layers.length - 1, from + 1 + Math.floor(next() * 2));
    edges.push({ source: pick(layers[from]), target: pick(layers[to]) });
  }
  return { nodes, edges };
}

async function timed(request: LayoutRequest) {
  const started = performance.now();
  const result = await layoutLineage(request);
  const ms = performance.now() - started;
  if (Object.keys(result.positions).length !== request.nodes.length) {
    throw new Error('The layout left nodes out');
  }
  return { ms, result };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Lays out one graph and prints its figures; runs in a process of its own. */
async function measure(nodes: number, edges: number) {
  const request = syntheticLineage(nodes, edges);
  const first = await timed(request);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(request)).ms);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  let verdict = 'missed';
  if (first.ms <= GOAL_MS) verdict = 'met';
  else if (median <= GOAL_MS) verdict = 'met once warm, not by the first';
  const goal = nodes === 2000 ? `   (goal ≤ ${fmt(GOAL_MS)}: ${verdict})` : '';
  console.log(
    `layout ${nodes.toLocaleString('en-US')} nodes, ${edges.toLocaleString(
      'en-US',
    )} edges: first ${fmt(first.ms)}, median ${fmt(median)}, slowest ${fmt(
      times[times.length - 1],
    )} of ${RUNS}; drawing ${Math.round(first.result.width).toLocaleString(
      'en-US',
    )} × ${Math.round(first.result.height).toLocaleString('en-US')} px${goal}`,
  );
}

async function main() {
  const only = process.env.LINEAGE_LAYOUT_CASE;
  if (only) {
    const [nodes, edges] = only.split(':').map(Number);
    await measure(nodes, edges);
    return;
  }
  for (const [nodes, edges] of [
    [500, 750],
    [500, 3000],
    [2000, 3000],
  ]) {
    execFileSync(process.execPath, [...process.execArgv, __filename], {
      stdio: 'inherit',
      env: { ...process.env, LINEAGE_LAYOUT_CASE: `${nodes}:${edges}` },
    });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

/**
 * Lineage and impact queries on a synthetic lakehouse of 50,000 datasets and
 * 150,000 dependsOn edges (50 layers of 1,000 datasets, each reading three
 * of the layer before, and 3,000 of them a fourth from two layers before),
 * answered by the lineage service as it answers the
 * API: index walk, then the visibility cut (here a set lookup standing in
 * for the catalog's answer). Prints the index build time and p50/p95 of
 * each kind of query.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/lineage-graph.bench.ts
 */
import { Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { LineageService } from '../plugins/lakehouse-backend/src/lineage/graph/LineageService';

const LAYERS = 50;
const PER_LAYER = 1000;
const UPSTREAMS = 3;
const QUERIES = 300;

const name = (layer: number, i: number) =>
  `lakehouse.l${String(layer).padStart(2, '0')}.t${String(i).padStart(4, '0')}`;

function syntheticEntities(): Entity[] {
  const entities: Entity[] = [];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let layer = 0; layer < LAYERS; layer++) {
    for (let i = 0; i < PER_LAYER; i++) {
      const upstream =
        layer === 0
          ? []
          : [
              ...new Set(
                Array.from({ length: UPSTREAMS }, () =>
                  Math.floor(random() * PER_LAYER),
                ),
              ),
            ];
      while (layer > 0 && upstream.length < UPSTREAMS) {
        const extra = Math.floor(random() * PER_LAYER);
        if (!upstream.includes(extra)) upstream.push(extra);
      }
      // 3,000 datasets also read one table two layers up: 150,000 edges in all.
      const skip =
        layer >= 2 && layer < 5
          ? [`resource:default/${name(layer - 2, i)}`]
          : [];
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: name(layer, i),
          namespace: 'default',
          annotations: { 'lakehouse.dev/table': name(layer, i) },
        },
        spec: {
          type: 'dataset',
          owner: `group:default/team-${i % 25}`,
          columns: [{ name: 'id' }, { name: 'value' }],
        },
        relations: [
          ...upstream.map(u => `resource:default/${name(layer - 1, u)}`),
          ...skip,
        ].map(targetRef => ({ type: 'dependsOn', targetRef })),
      });
    }
  }
  return entities;
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function main() {
  const entities = syntheticEntities();
  const service = LineageService.create({
    sources: {
      readEntities: async () => entities,
      sqlLineage: () => [],
      jobs: async () => [],
      visibleTo: async refs => new Set(refs),
    },
    logger: {
      info() {},
      warn() {},
      error() {},
      debug() {},
      child() {
        return this;
      },
    } as any,
    maxAgeMs: Infinity,
  });
  const started = performance.now();
  const index = await service.refresh();
  const build = performance.now() - started;
  const { nodes, edges } = index.size;

  const user = mockCredentials.user('user:default/bench');
  const pick = (n: number) => {
    const layer = Math.floor((n * 7919) % LAYERS);
    return `resource:default/${name(layer, (n * 104729) % PER_LAYER)}`;
  };
  const measure = async (run: (ref: string) => Promise<unknown>) => {
    const times: number[] = [];
    for (let n = 0; n < QUERIES; n++) {
      const t = performance.now();
      await run(pick(n));
      times.push(performance.now() - t);
    }
    return times;
  };
  const lineage = await measure(ref =>
    service.lineage({ entityRef: ref, direction: 'both', depth: 3 }, user),
  );
  const deep = await measure(ref =>
    service.lineage({ entityRef: ref, direction: 'upstream', depth: 10 }, user),
  );
  const impact = await measure(ref => service.impact({ entityRef: ref }, user));
  let reached = 0;
  for (let n = 0; n < 20; n++) {
    reached = Math.max(
      reached,
      (await service.impact({ entityRef: pick(n) }, user)).items.length,
    );
  }
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const row = (label: string, times: number[]) =>
    console.log(
      `${label.padEnd(34)}p50 ${ms(percentile(times, 50))}, p95 ${ms(
        percentile(times, 95),
      )}   (goal p95 ≤ 50 ms)`,
    );
  console.log(
    `lineage index                     ${nodes.toLocaleString(
      'en-US',
    )} nodes, ${edges.toLocaleString('en-US')} edges, built in ${ms(build)}`,
  );
  row('lineage, both ways, depth 3', lineage);
  row('lineage, upstream, depth 10', deep);
  row('impact (everything downstream)', impact);
  console.log(
    `  largest impact among 20 starts  ${reached.toLocaleString(
      'en-US',
    )} entities`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

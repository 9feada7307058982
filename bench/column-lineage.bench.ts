/**
 * Column lineage from SQL over a synthetic 5,000-model dbt manifest: chained
 * models, each a WITH query joining up to three parents, one aggregating it,
 * and a select with a CASE, a window and casts (lib/syntheticManifest.ts).
 * Prints the time to extract the lineage of all models in one call (parsing
 * included, with the parser cold), the time of each model analysed on its
 * own (p50, p95, max), and the time to resolve the raw SQL's Jinja.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/column-lineage.bench.ts
 */
import { extractColumnLineage } from '../plugins/lakehouse-backend/src/lineage/columns';
import { dbtManifestModels } from '../plugins/lakehouse-backend/src/lineage/columns/dbtManifestModels';
import { syntheticManifest } from './lib/syntheticManifest';

const MODELS = 5000;
const SCHEMAS = 50;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function main() {
  const manifest = syntheticManifest({
    models: MODELS,
    catalog: 'bench',
    schemas: Array.from(
      { length: SCHEMAS },
      (_, n) => `schema_${String(n).padStart(2, '0')}`,
    ),
    withSql: true,
  });
  const { models, knownColumns } = dbtManifestModels(manifest as any);

  const started = performance.now();
  const results = extractColumnLineage(models, { knownColumns });
  const total = performance.now() - started;
  const edges = results.reduce(
    (sum, result) =>
      sum + result.columns.reduce((n, column) => n + column.inputs.length, 0),
    0,
  );
  const problems = results.flatMap(result => result.problems);

  // Each model on its own, its parents known by their declared columns.
  const declared = new Map(
    models.map(model => [model.table, model.declaredColumns]),
  );
  const perModel = models
    .map(model => {
      const modelStarted = performance.now();
      extractColumnLineage([model], {
        knownColumns: table => declared.get(table) ?? knownColumns(table),
      });
      return performance.now() - modelStarted;
    })
    .sort((a, b) => a - b);

  const raw = {
    ...manifest,
    nodes: Object.fromEntries(
      Object.entries(manifest.nodes).map(([id, node]) => [
        id,
        { ...node, compiled_code: undefined },
      ]),
    ),
  };
  const rawStarted = performance.now();
  const resolved = dbtManifestModels(raw as any);
  const rawTime = performance.now() - rawStarted;

  console.log(
    `models analysed                   ${MODELS.toLocaleString(
      'en-US',
    )} (${results
      .reduce((n, result) => n + result.columns.length, 0)
      .toLocaleString('en-US')} output columns, ${edges.toLocaleString(
      'en-US',
    )} column inputs)`,
  );
  console.log(
    `problems                          ${problems.length}${
      problems.length ? ` (first: ${problems[0]})` : ''
    }`,
  );
  console.log(
    `all models, one call              ${seconds(total)}   (goal ≤ 60 s)`,
  );
  console.log(
    `per model                         p50 ${percentile(perModel, 50).toFixed(
      1,
    )} ms, p95 ${percentile(perModel, 95).toFixed(1)} ms, max ${perModel[
      perModel.length - 1
    ].toFixed(1)} ms`,
  );
  console.log(
    `raw SQL resolved (Jinja)          ${seconds(rawTime)} for ${
      resolved.models.length
    } models, ${resolved.problems.length} problems`,
  );
}

main();

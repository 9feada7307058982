/**
 * A drift report computed inside DuckDB: 1,000,000 reference rows ×
 * 100,000 current rows × 50 numeric features (one of them shifted by half a
 * standard deviation) in an in-memory DuckDB with 2 threads, generated in
 * SQL before timing. Times the whole report (exact KS and Wasserstein-1,
 * PSI, Jensen–Shannon, Hellinger, missing rates, histograms) with a cold
 * reference cache and a warm one, then the same with calibrated thresholds
 * (500 permutations on 100 bins), with the peak RSS of the process (DuckDB
 * runs inside it).
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/drift.bench.ts
 */
import { computeDrift } from '../plugins/lakehouse-backend/src/drift/compute';
import type { ComputeDriftOptions } from '../plugins/lakehouse-backend/src/drift/compute';
import { createDuckDbRunner } from '../plugins/lakehouse-backend/src/drift/compute/__testUtils__/duckDbRunner';

const REFERENCE_ROWS = 1_000_000;
const CURRENT_ROWS = 100_000;
const FEATURES = 50;
const SHIFTED = 'f07';

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A uniform value in (0, 1) for row i and stream s, from DuckDB's hash: the same rows on every run. */
const uniform = (s: number) =>
  `((hash(i * 101 + ${s}) >> 11)::double + 0.5) / 9007199254740992.0`;

/** Feature f: normal with mean f and standard deviation 1 + f mod 5; SHIFTED moves by half of it in the current rows. */
function featuresSql(current: boolean) {
  return Array.from({ length: FEATURES }, (_, f) => {
    const name = `f${String(f).padStart(2, '0')}`;
    const sd = 1 + (f % 5);
    const shift = current && name === SHIFTED ? ` + ${sd / 2}` : '';
    return `${f} + ${sd} * sqrt(-2 * ln(${uniform(
      2 * f,
    )})) * cos(2 * pi() * ${uniform(2 * f + 1)})${shift} as ${name}`;
  }).join(',\n  ');
}

async function main() {
  const runner = await createDuckDbRunner({ threads: 2 });
  const generated = performance.now();
  await runner.setup(
    `create table reference as select ${featuresSql(
      false,
    )} from range(${REFERENCE_ROWS}) t(i)`,
  );
  await runner.setup(
    `create table current_window as select ${featuresSql(
      true,
    )} from range(${REFERENCE_ROWS}, ${REFERENCE_ROWS + CURRENT_ROWS}) t(i)`,
  );
  console.log(
    `data generated                    ${REFERENCE_ROWS.toLocaleString(
      'en-US',
    )} reference × ${CURRENT_ROWS.toLocaleString(
      'en-US',
    )} current rows × ${FEATURES} numeric features in ${seconds(
      performance.now() - generated,
    )} (not timed below)`,
  );

  const thresholds = {
    fixed: {
      mode: 'fixed' as const,
      falseAlarmRate: 0.05,
      permutations: 500,
      bins: 100,
      seed: 1,
    },
    calibrated: {
      mode: 'calibrated' as const,
      falseAlarmRate: 0.05,
      permutations: 500,
      bins: 100,
      seed: 1,
    },
  };
  const report = (
    referenceCache: ComputeDriftOptions['referenceCache'],
    mode: keyof typeof thresholds,
  ) =>
    computeDrift({
      runner,
      referenceSql: 'select * from reference',
      currentSql: 'select * from current_window',
      features: [],
      thresholds: thresholds[mode],
      bins: 10,
      exactMaxRows: 100_000,
      referenceCache,
    });

  // Each figure is the median of three runs (the machine is shared); a
  // cold run gets an empty cache, the warm run after it reuses that cache.
  for (const mode of ['fixed', 'calibrated'] as const) {
    const cold: number[] = [];
    const warm: number[] = [];
    let peakRss = process.memoryUsage().rss;
    const rssBefore = peakRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    let result;
    let statements = { cold: 0, warm: 0 };
    let summaryBytes = 0;
    for (let run = 0; run < 3; run++) {
      const entries = new Map<string, string>();
      const cache = {
        get: async (key: string) =>
          entries.has(key) ? JSON.parse(entries.get(key)!) : undefined,
        set: async (key: string, summary: unknown) => {
          entries.set(key, JSON.stringify(summary));
        },
      };
      let before = runner.statements.length;
      let started = performance.now();
      result = await report(cache, mode);
      cold.push(performance.now() - started);
      statements.cold = runner.statements.length - before;
      summaryBytes = [...entries.values()].reduce((n, v) => n + v.length, 0);
      before = runner.statements.length;
      started = performance.now();
      await report(cache, mode);
      warm.push(performance.now() - started);
      statements = { ...statements, warm: runner.statements.length - before };
    }
    clearInterval(sampler);
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const label =
      mode === 'fixed'
        ? 'fixed thresholds'
        : 'calibrated (500 permutations × 100 bins)';
    console.log(label);
    console.log(
      `  cold reference cache            ${seconds(
        median(cold),
      )}   (goal ≤ 5 s; runs ${cold.map(seconds).join(', ')}), ${
        statements.cold
      } statements`,
    );
    console.log(
      `  warm reference cache            ${seconds(median(warm))}   (runs ${warm
        .map(seconds)
        .join(', ')}), ${statements.warm} statements`,
    );
    console.log(
      `  peak RSS                        ${mb(peakRss)} (${mb(
        rssBefore,
      )} with the data loaded)`,
    );
    const drifted = result!.features.filter(f => f.drifted);
    console.log(
      `  drifted                         ${drifted
        .map(
          f =>
            `${f.name} (${f.test} ${f.value.toFixed(3)} > ${f.threshold.toFixed(
              3,
            )})`,
        )
        .join(', ')}`,
    );
    console.log(
      `  cached reference summary        ${Math.round(
        summaryBytes / 1024,
      )} KB of JSON`,
    );
  }
  runner.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

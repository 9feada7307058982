/*
 * A generated Model Registry for benchmarks: `models` registered models, each with `versionsPerModel` versions
 * and one finished run per version. Values follow what MLflow writes for models logged from a training job
 * (mlflow.sklearn.log_model + register_model): run artifacts under mlflow-artifacts:/<experiment>/<run>/,
 * version sources `<artifact uri>/model`, a `champion` alias on the newest version, metrics, params and a
 * training dataset input. Everything derives from the indexes, so two runs of a benchmark see the same data.
 */
import { createHash } from 'node:crypto';
import type { MlflowModelInput } from './registry';

const BASE_TIME = 1_700_000_000_000;

function fraction(seed: string): number {
  return createHash('md5').update(seed).digest().readUInt32BE(0) / 0xffffffff;
}

/** The models of a synthetic registry, `model-0000`, `model-0001`, ... */
export function syntheticModels(
  models: number,
  versionsPerModel: number,
): MlflowModelInput[] {
  const width = Math.max(4, String(models - 1).length);
  const out: MlflowModelInput[] = [];
  for (let i = 0; i < models; i++) {
    const name = `model-${String(i).padStart(width, '0')}`;
    const created = BASE_TIME + i * 3_600_000;
    const versions = [];
    for (let k = 1; k <= versionsPerModel; k++) {
      const seed = `${name}#${k}`;
      const accuracy = 0.7 + 0.25 * fraction(`${seed}:accuracy`);
      versions.push({
        version: k,
        creationTimestamp: created + k * 60_000,
        tags: { 'training.job': `train-${name}-${k}` },
        run: {
          experimentId: String(1 + (i % 20)),
          userId: `team-${i % 17}`,
          metrics: {
            accuracy: Number(accuracy.toFixed(4)),
            f1: Number((accuracy - 0.05 * fraction(`${seed}:f1`)).toFixed(4)),
            roc_auc: Number(
              (accuracy + 0.04 * fraction(`${seed}:auc`)).toFixed(4),
            ),
          },
          params: {
            max_depth: String(3 + (k % 6)),
            learning_rate: '0.1',
            n_estimators: String(100 * k),
          },
          tags: { 'mlflow.source.type': 'JOB' },
          datasets: [
            {
              name: `${name}-training`,
              digest: createHash('md5')
                .update(`${seed}:data`)
                .digest('hex')
                .slice(0, 8),
              sourceType: 's3',
              source: JSON.stringify({
                uri: `s3://lake/features/${name}/v${k}`,
              }),
              context: 'training',
            },
          ],
        },
      });
    }
    out.push({
      name,
      description: `Synthetic model ${i} for benchmarks.`,
      tags: { team: `team-${i % 17}`, task: 'classification' },
      aliases:
        versionsPerModel > 0
          ? {
              champion: versionsPerModel,
              ...(versionsPerModel > 1
                ? { challenger: versionsPerModel - 1 }
                : {}),
            }
          : {},
      creationTimestamp: created,
      versions,
    });
  }
  return out;
}

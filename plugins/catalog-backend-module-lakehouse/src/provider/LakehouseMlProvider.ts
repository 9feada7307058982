import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { LakehouseSourceKind } from '@internal/plugin-lakehouse-common';
import { buildMlEntities, MlSourceDefaults } from '../ml/buildMlEntities';
import { MlRecord, recordKey } from '../ml/records';
import { SnapshotStore } from './SnapshotStore';
import { EntitySource, SourcedEntityProvider } from './SourcedEntityProvider';

/** Location key of every entity this provider emits. */
export const ML_LOCATION_KEY = 'lakehouse-ml';

/** A source of ML records: one configured feast, mlflow or kserve provider. */
export interface MlSource extends EntitySource<MlRecord> {
  kind: 'feast' | 'mlflow' | 'kserve';
  defaults: MlSourceDefaults;
}

const LABELS: Record<string, string> = {
  feast: 'Feast source',
  mlflow: 'MLflow source',
  kserve: 'KServe source',
};

const PLURALS: Record<string, string> = {
  feast: 'feature views and feature services',
  mlflow: 'models',
  kserve: 'model deployments',
};

/**
 * Emits the feature views, feature services, registered models and model
 * deployments of every configured Feast registry, MLflow server and
 * Kubernetes cluster, linked into one chain from dataset to deployment.
 * They are one provider because their links cross sources: a deployment
 * points at a model version by its storage URI, a model at a feature
 * service by name.
 */
export class LakehouseMlProvider extends SourcedEntityProvider<MlRecord> {
  static create(options: {
    sources: MlSource[];
    store: SnapshotStore;
    scheduler: SchedulerService;
    logger: LoggerService;
    /** Entities per catalog mutation (see {@link SourcedEntityProvider}). */
    mutationSize?: number;
    /** Dataset location → table identifier, for file sources of feature views. */
    datasetLocations: () => Map<string, string>;
  }) {
    const defaults = new Map(options.sources.map(s => [s.id, s.defaults]));
    return new LakehouseMlProvider({
      name: ML_LOCATION_KEY,
      kinds: ['feast', 'mlflow', 'kserve'],
      sources: options.sources,
      store: options.store,
      scheduler: options.scheduler,
      logger: options.logger,
      itemKey: recordKey,
      build: snapshots =>
        buildMlEntities(snapshots, {
          defaults,
          datasetLocations: options.datasetLocations,
          locationKey: ML_LOCATION_KEY,
        }),
      wording: {
        sourceLabel: (kind: LakehouseSourceKind) => LABELS[kind] ?? 'Source',
        plural: (kind: LakehouseSourceKind) => PLURALS[kind] ?? 'entities',
      },
      countsAsDatasets: () => false,
      emittedNoun: 'feature views, models and deployments',
      mutationSize: options.mutationSize,
    });
  }
}

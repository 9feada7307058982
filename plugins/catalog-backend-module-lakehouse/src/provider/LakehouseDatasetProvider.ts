import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { DatasetFragment } from '../model/fragment';
import { LOCATION_KEY, mergeFragments, SourceDefaults } from './mergeFragments';
import { SnapshotStore } from './SnapshotStore';
import { EntitySource, SourcedEntityProvider } from './SourcedEntityProvider';

/** A source of dataset fragments: one configured dbt, iceberg or trino provider. */
export interface DatasetSource extends EntitySource<DatasetFragment> {
  kind: DatasetFragment['sourceKind'];
  defaults: SourceDefaults;
}

/**
 * Emits one dataset entity per lakehouse table, merged from every configured
 * dbt, Iceberg and Trino source (see {@link SourcedEntityProvider} for how
 * failing sources and large removals are handled).
 */
export class LakehouseDatasetProvider extends SourcedEntityProvider<DatasetFragment> {
  static create(options: {
    sources: DatasetSource[];
    store: SnapshotStore;
    scheduler: SchedulerService;
    logger: LoggerService;
    /** Datasets per catalog mutation (see {@link SourcedEntityProvider}). */
    mutationSize?: number;
  }) {
    const defaults = new Map(options.sources.map(s => [s.id, s.defaults]));
    return new LakehouseDatasetProvider({
      name: LOCATION_KEY,
      kinds: ['dbt', 'iceberg', 'trino'],
      sources: options.sources,
      store: options.store,
      scheduler: options.scheduler,
      logger: options.logger,
      itemKey: fragment => fragment.identifier,
      build: snapshots =>
        mergeFragments(
          snapshots.flatMap(s => s.items),
          defaults,
        ),
      wording: {
        sourceLabel: () => 'Dataset source',
        plural: () => 'datasets',
      },
      countsAsDatasets: () => true,
      emittedNoun: 'datasets',
      mutationSize: options.mutationSize,
    });
  }

  /** Location of every dataset that has one → its table identifier (for links from other sources). */
  datasetLocations(): Map<string, string> {
    const locations = new Map<string, string>();
    for (const fragment of this.currentItems()) {
      if (fragment.location)
        locations.set(fragment.location, fragment.identifier);
    }
    return locations;
  }
}

import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';
import { DatasetFragment, DatasetSourceKind } from '../model/fragment';
import { LOCATION_KEY, mergeFragments, SourceDefaults } from './mergeFragments';
import {
  fingerprintJson,
  SnapshotStore,
  StoredSnapshot,
} from './SnapshotStore';

/** A source of dataset fragments: one configured dbt, iceberg or trino provider. */
export interface DatasetSource {
  /** `<kind>:<config id>`, e.g. `dbt:demo`. */
  id: string;
  kind: DatasetSourceKind;
  /** What is read, for status and messages: a manifest location or a server URL. */
  target: string;
  defaults: SourceDefaults;
  /** Share of the previous datasets one refresh may remove (0 to 1). */
  maxRemovalShare: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /**
   * Reads the source. Resolves to undefined when the source reports it has
   * not changed since the last read (for example an unchanged ETag).
   */
  read(): Promise<DatasetFragment[] | undefined>;
}

interface LiveStatus {
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
}

/**
 * Emits one dataset entity per lakehouse table, merged from every configured
 * source. Each source runs on its own schedule; a source that fails keeps
 * contributing what it last produced, and a refresh that would remove more
 * than the source's allowed share of its datasets is refused.
 */
export class LakehouseDatasetProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private snapshots = new Map<string, StoredSnapshot>();
  private readonly status = new Map<string, LiveStatus>();
  // Emissions are serialized so two sources finishing together cannot
  // interleave their full mutations, and requests that arrive while one runs
  // share the next emission.
  private emitting: Promise<void> = Promise.resolve();
  private nextEmit?: Promise<void>;

  private constructor(
    private readonly sources: DatasetSource[],
    private readonly store: SnapshotStore,
    private readonly scheduler: SchedulerService,
    private readonly logger: LoggerService,
  ) {}

  static create(options: {
    sources: DatasetSource[];
    store: SnapshotStore;
    scheduler: SchedulerService;
    logger: LoggerService;
  }) {
    return new LakehouseDatasetProvider(
      options.sources,
      options.store,
      options.scheduler,
      options.logger,
    );
  }

  getProviderName(): string {
    return LOCATION_KEY;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.store.retainOnly(this.sources.map(s => s.id));
    this.snapshots = await this.store.readAll();
    if (this.snapshots.size > 0) {
      // What the sources produced before a restart stays in the catalog
      // even if a source cannot be read now.
      await this.emit();
    }
    for (const source of this.sources) {
      await this.scheduler.scheduleTask({
        id: `lakehouse-datasets:${source.id}`,
        ...source.schedule,
        fn: async () => {
          await this.refresh(source.id);
        },
      });
    }
  }

  /**
   * Reads one source and updates the catalog if its datasets changed.
   * Resolves to true when the catalog was updated. Failures are logged and
   * recorded in the source's status; they never remove entities.
   */
  async refresh(sourceId: string): Promise<boolean> {
    const source = this.sources.find(s => s.id === sourceId);
    if (!source) throw new Error(`Unknown dataset source ${sourceId}`);
    const status = this.status.get(sourceId) ?? {};
    this.status.set(sourceId, status);
    status.lastAttemptAt = new Date().toISOString();
    try {
      const fragments = await source.read();
      const changed = fragments ? await this.accept(source, fragments) : false;
      status.lastSuccessAt = new Date().toISOString();
      status.lastError = undefined;
      if (changed) await this.emit();
      return changed;
    } catch (error) {
      const message = `Dataset source ${source.id} (${source.target}) failed: ${
        (error as Error).message
      }; keeping the ${
        this.snapshots.get(sourceId)?.fragments.length ?? 0
      } datasets it had`;
      status.lastError = message;
      this.logger.error(message);
      return false;
    }
  }

  /** The state of every source, for the lakehouse page. */
  getStatus(): DatasetSourceStatus[] {
    return this.sources.map(source => {
      const live = this.status.get(source.id) ?? {};
      const stored = this.snapshots.get(source.id);
      let state: DatasetSourceStatus['state'] = 'pending';
      if (live.lastError) state = 'failing';
      else if (live.lastSuccessAt) state = 'ok';
      return {
        id: source.id,
        kind: source.kind,
        target: source.target,
        state,
        datasets: stored?.fragments.length ?? 0,
        lastAttemptAt: live.lastAttemptAt,
        lastSuccessAt: live.lastSuccessAt ?? stored?.updatedAt,
        lastError: live.lastError,
      };
    });
  }

  /** Stores a source's new fragments; false when nothing changed. */
  private async accept(source: DatasetSource, fragments: DatasetFragment[]) {
    // One JSON text serves both the fingerprint and the stored copy: for tens
    // of thousands of tables it is the largest allocation of a sync.
    const json = JSON.stringify(fragments);
    const fingerprint = fingerprintJson(json);
    const previous = this.snapshots.get(source.id);
    if (previous?.fingerprint === fingerprint) return false;

    if (previous && previous.fragments.length > 0) {
      const kept = new Set(fragments.map(f => f.identifier));
      const removed = previous.fragments.filter(
        f => !kept.has(f.identifier),
      ).length;
      const share = removed / previous.fragments.length;
      if (share > source.maxRemovalShare) {
        throw new Error(
          `the refresh would remove ${removed} of ${previous.fragments.length} datasets ` +
            `(${Math.round(share * 100)} %), more than the allowed ${Math.round(
              source.maxRemovalShare * 100,
            )} % (maxRemovalShare); refused`,
        );
      }
    }
    const snapshot: StoredSnapshot = {
      sourceId: source.id,
      fragments,
      fingerprint,
      updatedAt: new Date().toISOString(),
    };
    await this.store.write(snapshot, json);
    this.snapshots.set(source.id, snapshot);
    return true;
  }

  private emit(): Promise<void> {
    if (this.nextEmit) return this.nextEmit;
    const run = this.emitting.then(async () => {
      this.nextEmit = undefined;
      if (!this.connection) throw new Error('Not connected to the catalog yet');
      const defaults = new Map(this.sources.map(s => [s.id, s.defaults]));
      const fragments = [...this.snapshots.values()]
        .sort((a, b) => a.sourceId.localeCompare(b.sourceId))
        .flatMap(s => s.fragments);
      const entities = mergeFragments(fragments, defaults);
      await this.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: LOCATION_KEY,
        })),
      });
      this.logger.info(
        `Emitted ${entities.length} datasets from ${this.snapshots.size} sources`,
      );
    });
    this.nextEmit = run;
    this.emitting = run.catch(() => {});
    return run;
  }
}

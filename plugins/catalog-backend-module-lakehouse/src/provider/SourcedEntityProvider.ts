import { createHash } from 'node:crypto';
import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  DatasetSourceStatus,
  LakehouseSourceKind,
} from '@internal/plugin-lakehouse-common';
import {
  fingerprintJson,
  SnapshotStore,
  StoredSnapshot,
} from './SnapshotStore';

/**
 * Entities handed to the catalog per mutation when many change at once. The
 * catalog stores each mutation in one transaction and processes nothing of
 * it before it commits; in parts, it starts on the first while the provider
 * hands over the rest.
 */
export const DEFAULT_MUTATION_SIZE = 1000;

/**
 * Identity of an entity's content. The builders emit entities with sorted
 * contents and a fixed key order, so equal content serialises equally.
 */
function contentHash(entity: Entity): string {
  return createHash('sha256').update(JSON.stringify(entity)).digest('base64');
}

function* parts<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * One configured source of a provider (a dbt manifest, an Iceberg catalog,
 * a Feast registry, an MLflow server, a Kubernetes cluster): what it is
 * called, how often it is read, and how to read it.
 */
export interface EntitySource<T> {
  /** `<kind>:<config id>`, e.g. `dbt:demo`, `feast:commerce`. */
  id: string;
  kind: LakehouseSourceKind;
  /** What is read, for status and messages: a location or a server URL (no secrets). */
  target: string;
  /** Share of the previous items one refresh may remove (0 to 1). */
  maxRemovalShare: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /**
   * Reads the source. Resolves to undefined when the source reports it has
   * not changed since the last read (for example an unchanged ETag).
   */
  read(): Promise<T[] | undefined>;
}

/** What a provider says about its sources' items in messages and status. */
export interface ItemWording {
  /** How a failure message names the source, e.g. `Dataset source`, `Feast source`. */
  sourceLabel(kind: LakehouseSourceKind): string;
  /** What the items are, in the plural, e.g. `datasets`, `feature views and feature services`. */
  plural(kind: LakehouseSourceKind): string;
}

/** What makes one provider differ from another. */
export interface SourcedEntityProviderOptions<T> {
  /** Provider name and location key of every entity it emits. */
  name: string;
  /** The source kinds this provider owns; stored results of other kinds are not its own. */
  kinds: LakehouseSourceKind[];
  sources: EntitySource<T>[];
  store: SnapshotStore;
  scheduler: SchedulerService;
  logger: LoggerService;
  /** Identity of an item within its source, for the removal-share check. */
  itemKey(item: T): string;
  /** Turns the items of every source (sorted by source id) into the entities to emit. */
  build(snapshots: { sourceId: string; items: T[] }[]): Entity[];
  wording: ItemWording;
  /** Whether items of this source count as datasets in the status. */
  countsAsDatasets(kind: LakehouseSourceKind): boolean;
  /** What the emitted entities are, in the plural, for the log. */
  emittedNoun: string;
  /** Entities per catalog mutation; default {@link DEFAULT_MUTATION_SIZE}. */
  mutationSize?: number;
}

interface LiveStatus {
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
}

/**
 * An entity provider fed by several independently scheduled sources. It
 * keeps the last good result of each source in the catalog's database: a
 * source that fails keeps contributing what it last produced, a refresh
 * that would remove more than the source's allowed share of its items is
 * refused, and after a restart the stored results are emitted before any
 * source is read.
 *
 * The first emission after start-up is a full mutation, which makes the
 * catalog hold exactly these entities (on a first ingestion, with nothing
 * stored yet, the entities go to the catalog in delta parts first, so the
 * catalog processes the first ones while the rest are handed over). Later
 * emissions send only what changed since the previous one, as delta
 * mutations, and none when nothing changed.
 */
export class SourcedEntityProvider<T> implements EntityProvider {
  private connection?: EntityProviderConnection;
  private snapshots = new Map<string, StoredSnapshot<T>>();
  private readonly status = new Map<string, LiveStatus>();
  // Emissions are serialized so two sources finishing together cannot
  // interleave their full mutations, and requests that arrive while one runs
  // share the next emission.
  private emitting: Promise<void> = Promise.resolve();
  private nextEmit?: Promise<void>;
  /** Entity ref → content hash of what the catalog last got from this provider. */
  private emitted?: Map<string, string>;
  /** Whether stored results existed at start-up, i.e. the catalog most likely holds them. */
  private restored = false;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly options: SourcedEntityProviderOptions<T>) {}

  getProviderName(): string {
    return this.options.name;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const { sources, store, scheduler, kinds } = this.options;
    await store.retainOnly(
      sources.map(s => s.id),
      kinds,
    );
    this.snapshots = await store.readAll<T>(kinds);
    this.restored = this.snapshots.size > 0;
    // Connected only once the stored results are loaded, so a rebuild asked
    // for meanwhile cannot emit an empty catalog over them.
    this.connection = connection;
    if (this.snapshots.size > 0) {
      // What the sources produced before a restart stays in the catalog
      // even if a source cannot be read now.
      await this.emit();
    }
    for (const source of sources) {
      await scheduler.scheduleTask({
        id: `${this.options.name}:${source.id}`,
        ...source.schedule,
        fn: async () => {
          await this.refresh(source.id);
        },
      });
    }
  }

  /**
   * Reads one source and updates the catalog if its items changed.
   * Resolves to true when the catalog was updated. Failures are logged and
   * recorded in the source's status; they never remove entities.
   */
  async refresh(sourceId: string): Promise<boolean> {
    const source = this.options.sources.find(s => s.id === sourceId);
    if (!source) throw new Error(`Unknown source ${sourceId}`);
    const status = this.status.get(sourceId) ?? {};
    this.status.set(sourceId, status);
    status.lastAttemptAt = new Date().toISOString();
    try {
      const items = await source.read();
      const changed = items ? await this.accept(source, items) : false;
      status.lastSuccessAt = new Date().toISOString();
      status.lastError = undefined;
      if (changed) await this.emit();
      return changed;
    } catch (error) {
      const { wording, logger } = this.options;
      const message = `${wording.sourceLabel(source.kind)} ${source.id} (${
        source.target
      }) failed: ${(error as Error).message}; keeping the ${
        this.snapshots.get(sourceId)?.items.length ?? 0
      } ${wording.plural(source.kind)} it had`;
      status.lastError = message;
      logger.error(message);
      return false;
    }
  }

  /**
   * Builds the entities again from what every source last produced and
   * updates the catalog if they differ from the last emission; for changes
   * outside the sources, such as another provider's entities a link points at.
   */
  async rebuild(): Promise<void> {
    if (this.connection) await this.emit();
  }

  /** Calls `listener` after every emission that reached the catalog. */
  onEmitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The items every source last produced. */
  currentItems(): T[] {
    return [...this.snapshots.values()].flatMap(s => s.items);
  }

  /** The state of every source, for the lakehouse page. */
  getStatus(): DatasetSourceStatus[] {
    const { sources, wording, countsAsDatasets } = this.options;
    return sources.map(source => {
      const live = this.status.get(source.id) ?? {};
      const stored = this.snapshots.get(source.id);
      const count = stored?.items.length ?? 0;
      let state: DatasetSourceStatus['state'] = 'pending';
      if (live.lastError) state = 'failing';
      else if (live.lastSuccessAt) state = 'ok';
      return {
        id: source.id,
        kind: source.kind,
        target: source.target,
        state,
        datasets: countsAsDatasets(source.kind) ? count : 0,
        entities: count,
        contributes: wording.plural(source.kind),
        lastAttemptAt: live.lastAttemptAt,
        lastSuccessAt: live.lastSuccessAt ?? stored?.updatedAt,
        lastError: live.lastError,
      };
    });
  }

  /** Stores a source's new items; false when nothing changed. */
  private async accept(source: EntitySource<T>, items: T[]) {
    // One JSON text serves both the fingerprint and the stored copy: for tens
    // of thousands of tables it is the largest allocation of a sync.
    const json = JSON.stringify(items);
    const fingerprint = fingerprintJson(json);
    const previous = this.snapshots.get(source.id);
    if (previous?.fingerprint === fingerprint) return false;

    if (previous && previous.items.length > 0) {
      const kept = new Set(items.map(this.options.itemKey));
      const removed = previous.items.filter(
        item => !kept.has(this.options.itemKey(item)),
      ).length;
      const share = removed / previous.items.length;
      if (share > source.maxRemovalShare) {
        const plural = this.options.wording.plural(source.kind);
        throw new Error(
          `the refresh would remove ${removed} of ${previous.items.length} ${plural} ` +
            `(${Math.round(share * 100)} %), more than the allowed ${Math.round(
              source.maxRemovalShare * 100,
            )} % (maxRemovalShare); refused`,
        );
      }
    }
    const snapshot: StoredSnapshot<T> = {
      sourceId: source.id,
      items,
      fingerprint,
      updatedAt: new Date().toISOString(),
    };
    await this.options.store.write(snapshot, json);
    this.snapshots.set(source.id, snapshot);
    return true;
  }

  private emit(): Promise<void> {
    if (this.nextEmit) return this.nextEmit;
    const run = this.emitting.then(async () => {
      this.nextEmit = undefined;
      const connection = this.connection;
      if (!connection) throw new Error('Not connected to the catalog yet');
      const { name, logger, emittedNoun } = this.options;
      const size = this.options.mutationSize ?? DEFAULT_MUTATION_SIZE;
      const snapshots = [...this.snapshots.values()]
        .sort((a, b) => a.sourceId.localeCompare(b.sourceId))
        .map(s => ({ sourceId: s.sourceId, items: s.items }));
      const entities = this.options.build(snapshots);
      const refs = entities.map(stringifyEntityRef);
      const hashes = new Map<string, string>();
      entities.forEach((entity, i) => hashes.set(refs[i], contentHash(entity)));
      const deferred: DeferredEntity[] = entities.map(entity => ({
        entity,
        locationKey: name,
      }));

      const previous = this.emitted;
      if (!previous) {
        if (!this.restored && deferred.length > size) {
          for (const part of parts(deferred, size)) {
            await connection.applyMutation({
              type: 'delta',
              added: part,
              removed: [],
            });
          }
        }
        // Removes what the catalog holds from this provider and no source
        // produces any more; the parts above are already stored unchanged.
        await connection.applyMutation({ type: 'full', entities: deferred });
        logger.info(
          `Emitted ${entities.length} ${emittedNoun} from ${this.snapshots.size} sources`,
        );
      } else {
        const changed = deferred.filter(
          (_, i) => previous.get(refs[i]) !== hashes.get(refs[i]),
        );
        const removed = [...previous.keys()]
          .filter(ref => !hashes.has(ref))
          .map(entityRef => ({ entityRef, locationKey: name }));
        // A rebuild that changes nothing (e.g. a linked entity moved but no
        // link changed) does not disturb the catalog.
        if (changed.length === 0 && removed.length === 0) return;
        for (const part of parts(removed, size)) {
          await connection.applyMutation({
            type: 'delta',
            added: [],
            removed: part,
          });
        }
        for (const part of parts(changed, size)) {
          await connection.applyMutation({
            type: 'delta',
            added: part,
            removed: [],
          });
        }
        logger.info(
          `Updated ${changed.length} and removed ${removed.length} ${emittedNoun} (${entities.length} from ${this.snapshots.size} sources)`,
        );
      }
      this.emitted = hashes;
      for (const listener of this.listeners) listener();
    });
    this.nextEmit = run;
    this.emitting = run.catch(() => {});
    return run;
  }
}

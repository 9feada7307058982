import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DatasetClassifications,
  Declassification,
} from '@internal/plugin-lakehouse-common';
import {
  LineageService,
  LineageSnapshot,
} from '../../lineage/graph/LineageService';
import { refKey } from '../entityFacts';
import { declaredClassifications } from './declared';
import { computeClassifications } from './inherit';

/** Where the declassifications come from (the store, in production). */
export interface DeclassificationSource {
  list(): Promise<Declassification[]>;
  /** Changes whenever a declassification is added or removed. */
  version(): Promise<string>;
}

interface Computed {
  snapshot: LineageSnapshot;
  declassificationsVersion: string;
  byRef: Map<string, DatasetClassifications>;
}

/**
 * The effective classifications of the lakehouse: declared by each entity
 * and inherited through column lineage. Computed for the whole lakehouse
 * in one pass whenever the lineage index is rebuilt or a declassification
 * changes, and kept until then, so a permission check costs a map lookup
 * (and the two version checks that tell the result is still current).
 */
export class ClassificationService {
  private computed?: Computed;
  private computing?: {
    snapshot: LineageSnapshot;
    version: string;
    promise: Promise<Computed>;
  };
  private readonly configured: ReadonlySet<string>;

  private constructor(
    private readonly lineage: LineageService,
    private readonly declassifications: DeclassificationSource,
    readonly classifications: readonly string[],
    private readonly logger: LoggerService,
  ) {
    this.configured = new Set(classifications);
  }

  static create(options: {
    lineage: LineageService;
    declassifications: DeclassificationSource;
    /** Tags that count as classifications, lower case (`lakehouse.governance.classifications`). */
    classifications: readonly string[];
    logger: LoggerService;
  }): ClassificationService {
    const service = new ClassificationService(
      options.lineage,
      options.declassifications,
      options.classifications,
      options.logger,
    );
    // Computed as soon as the index is rebuilt, not by the first check after.
    options.lineage.onRebuilt(snapshot => {
      service
        .computeFor(snapshot)
        .catch(error =>
          options.logger.error(
            `Could not compute the classifications of the lakehouse: ${
              (error as Error).message
            }`,
          ),
        );
    });
    return service;
  }

  /**
   * The classifications of one entity: declared and inherited, its
   * declassified columns and where its classified columns flow. An entity
   * the lineage does not know yet answers with what `entity` declares, if
   * given, else with nothing.
   */
  async classificationsOf(
    entityRef: string,
    entity?: Entity,
  ): Promise<DatasetClassifications> {
    const [classified] = await this.classificationsOfMany(
      [entityRef],
      [entity],
    );
    return classified;
  }

  /**
   * The classifications of several entities at once, as permission checks
   * ask for them; with `entities`, what each declares right now counts
   * even if the lineage index was built before it changed.
   */
  async classificationsOfMany(
    entityRefs: string[],
    entities: Array<Entity | undefined> = [],
  ): Promise<DatasetClassifications[]> {
    const { byRef } = await this.current();
    return entityRefs.map((entityRef, i) => {
      const known = byRef.get(refKey(entityRef)) ?? {
        entityRef,
        classifications: [],
        declassified: [],
        flowsTo: [],
      };
      const entity = entities[i];
      return entity ? this.withDeclared(known, entity) : known;
    });
  }

  /**
   * Whether an entity is classified (declared or inherited); with
   * `classifications`, whether it is classified as one of those.
   */
  async isClassified(
    entityRef: string,
    classifications?: string[],
  ): Promise<boolean> {
    return isClassifiedAs(
      await this.classificationsOf(entityRef),
      classifications,
    );
  }

  /**
   * Every entity that is classified or has declassified columns, for the
   * governance report.
   */
  async inventory(): Promise<DatasetClassifications[]> {
    const { byRef } = await this.current();
    return [...byRef.values()].sort((a, b) =>
      a.entityRef.localeCompare(b.entityRef),
    );
  }

  /** Recomputes now: called right after a declassification changed. */
  async refresh(): Promise<void> {
    await this.computeFor(await this.lineage.currentSnapshot());
  }

  private async current(): Promise<Computed> {
    const [snapshot, version] = await Promise.all([
      this.lineage.currentSnapshot(),
      this.declassifications.version(),
    ]);
    const computed = this.computed;
    if (
      computed &&
      computed.snapshot === snapshot &&
      computed.declassificationsVersion === version
    ) {
      return computed;
    }
    return this.computeFor(snapshot);
  }

  /** Computes for `snapshot`; concurrent calls for the same state share one pass. */
  private async computeFor(snapshot: LineageSnapshot): Promise<Computed> {
    // Read before the list: a change in between is then seen as a newer
    // version by the next check, never hidden.
    const version = await this.declassifications.version();
    const pending = this.computing;
    if (pending?.snapshot === snapshot && pending.version === version) {
      return pending.promise;
    }
    const promise = this.compute(snapshot, version);
    this.computing = { snapshot, version, promise };
    try {
      return await promise;
    } finally {
      if (this.computing?.promise === promise) this.computing = undefined;
    }
  }

  private async compute(
    snapshot: LineageSnapshot,
    version: string,
  ): Promise<Computed> {
    const started = Date.now();
    const byRef = computeClassifications({
      index: snapshot.index,
      entities: snapshot.entities,
      declassifications: await this.declassifications.list(),
      classifications: this.classifications,
    });
    const computed = { snapshot, declassificationsVersion: version, byRef };
    // A slower pass over an older index must not replace a newer one.
    if (!this.computed || this.computed.snapshot.builtAt <= snapshot.builtAt) {
      this.computed = computed;
    }
    this.logger.debug(
      `Classifications of ${byRef.size} entities computed in ${
        Date.now() - started
      } ms`,
    );
    return computed;
  }

  /** Adds what `entity` declares now to what the index knew of it. */
  private withDeclared(
    known: DatasetClassifications,
    entity: Entity,
  ): DatasetClassifications {
    const declared = declaredClassifications(entity, this.configured);
    const same = (a: { column?: string; classification: string }) =>
      known.classifications.some(
        k =>
          k.origin === 'declared' &&
          k.column === a.column &&
          k.classification === a.classification,
      );
    const added = declared.filter(d => !same(d));
    if (added.length === 0) return known;
    return {
      ...known,
      entityRef: stringifyEntityRef(entity),
      classifications: [...added, ...known.classifications],
    };
  }
}

/** Whether `classified` holds any classification, or any of `only` when given. */
export function isClassifiedAs(
  classified: DatasetClassifications,
  only?: string[],
): boolean {
  if (!only?.length) return classified.classifications.length > 0;
  const wanted = new Set(only.map(c => c.trim().toLocaleLowerCase('en-US')));
  return classified.classifications.some(c => wanted.has(c.classification));
}

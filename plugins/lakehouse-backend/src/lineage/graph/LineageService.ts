import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  ImpactResponse,
  LineageDirection,
  LineageGraph,
} from '@internal/plugin-lakehouse-common';
import {
  buildLineageIndex,
  JobLineage,
  SqlColumnLineage,
} from './buildLineageIndex';
import { LineageIndex } from './LineageIndex';

/** Node ids of datasets and jobs only OpenLineage knows start with this. */
const OPENLINEAGE_PREFIX = 'openlineage:';

/** Where the lineage comes from. */
export interface LineageSources {
  /** Every lakehouse entity, as the plugin itself sees the catalog. */
  readEntities(): Promise<Entity[]>;
  /** Column lineage of the dbt models among the entities. */
  sqlLineage(entities: Entity[]): SqlColumnLineage[];
  /** What OpenLineage producers last reported per job. */
  jobs(): Promise<JobLineage[]>;
  /**
   * A token that changes whenever OpenLineage events arrive (on any
   * replica), so new lineage shows at once rather than at the next rebuild.
   */
  jobsVersion?(): Promise<string>;
  /** The entity refs among `refs` that the user may see in the catalog. */
  visibleTo(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>>;
}

/**
 * One build of the lineage index, with the entities it was built from (as
 * the plugin sees the catalog), for services that derive facts from the
 * whole lakehouse at once, such as inherited classifications.
 */
export interface LineageSnapshot {
  index: LineageIndex;
  entities: Entity[];
  /** When the index was built (ms since the epoch). */
  builtAt: number;
}

/** A lineage request as the API takes it. */
export interface LineageRequest {
  entityRef: string;
  direction: LineageDirection;
  depth: number;
  column?: string;
}

/**
 * Answers lineage and impact questions for users, from one in-memory index
 * of the whole lakehouse that is rebuilt when it is older than `maxAgeMs`
 * (and by a scheduled refresh, so users rarely wait for one). Every answer
 * is cut to what the user may see in the catalog.
 */
export class LineageService {
  private snapshot?: LineageSnapshot;
  private builtVersion?: string;
  private building?: Promise<LineageIndex>;
  private readonly rebuiltListeners: ((snapshot: LineageSnapshot) => void)[] =
    [];

  private constructor(
    private readonly sources: LineageSources,
    private readonly logger: LoggerService,
    private readonly maxAgeMs: number,
  ) {}

  static create(options: {
    sources: LineageSources;
    logger: LoggerService;
    /** How old the index may be before a request rebuilds it. */
    maxAgeMs: number;
  }) {
    return new LineageService(
      options.sources,
      options.logger,
      options.maxAgeMs,
    );
  }

  /**
   * Calls `listener` after every rebuild of the index, with the new
   * snapshot. A listener that throws is logged; the rebuild stands.
   */
  onRebuilt(listener: (snapshot: LineageSnapshot) => void): void {
    this.rebuiltListeners.push(listener);
  }

  /**
   * The current index and the entities it was built from, rebuilt first
   * when it is older than `maxAgeMs` or OpenLineage events arrived since.
   * The same object is returned until the next rebuild, so callers can
   * cache what they derive from it by identity.
   */
  async currentSnapshot(): Promise<LineageSnapshot> {
    await this.current();
    return this.snapshot!;
  }

  /** Rebuilds the index now; concurrent calls share one rebuild. */
  refresh(): Promise<LineageIndex> {
    if (!this.building) {
      this.building = this.build().finally(() => {
        this.building = undefined;
      });
    }
    return this.building;
  }

  async lineage(
    request: LineageRequest,
    credentials: BackstageCredentials,
  ): Promise<LineageGraph> {
    const { index, start } = await this.start(request.entityRef, credentials);
    this.checkColumn(index, start, request.column);
    const graph = index.lineage(start, request);
    const visible = await this.visible(
      graph.nodes.map(n => n.entityRef),
      credentials,
    );
    const shown = (id: string, entityRef?: string) =>
      !entityRef || visible.has(entityRef) || id === start;
    const nodes = graph.nodes.filter(n => shown(n.id, n.entityRef));
    const kept = new Set(nodes.map(n => n.id));
    return {
      ...graph,
      nodes,
      edges: graph.edges.filter(
        e => kept.has(e.source.id) && kept.has(e.target.id),
      ),
    };
  }

  async impact(
    request: { entityRef: string; column?: string },
    credentials: BackstageCredentials,
  ): Promise<ImpactResponse> {
    const { index, start } = await this.start(request.entityRef, credentials);
    this.checkColumn(index, start, request.column);
    const items = index.impact(start, request.column);
    const visible = await this.visible(
      items.map(i => i.entityRef),
      credentials,
    );
    return {
      items: items.filter(i => !i.entityRef || visible.has(i.entityRef)),
    };
  }

  private async build(): Promise<LineageIndex> {
    const started = Date.now();
    const version = await this.sources.jobsVersion?.();
    const entities = await this.sources.readEntities();
    const [jobs, sqlLineage] = await Promise.all([
      this.sources.jobs(),
      Promise.resolve().then(() => this.sources.sqlLineage(entities)),
    ]);
    const index = buildLineageIndex({ entities, sqlLineage, jobs });
    const snapshot = { index, entities, builtAt: Date.now() };
    this.snapshot = snapshot;
    this.builtVersion = version;
    const { nodes, edges, columnEdges } = index.size;
    this.logger.info(
      `Lineage index: ${nodes} nodes, ${edges} edges, ${columnEdges} column edges from ${
        entities.length
      } entities and ${jobs.length} OpenLineage jobs (${
        Date.now() - started
      } ms)`,
    );
    for (const listener of this.rebuiltListeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.logger.error(
          `A listener of lineage index rebuilds failed: ${
            (error as Error).message
          }`,
        );
      }
    }
    return index;
  }

  private async current(): Promise<LineageIndex> {
    if (!this.snapshot || Date.now() - this.snapshot.builtAt > this.maxAgeMs) {
      return this.refresh();
    }
    if (
      this.sources.jobsVersion &&
      (await this.sources.jobsVersion()) !== this.builtVersion
    ) {
      return this.refresh();
    }
    return this.snapshot.index;
  }

  /** The index and the node a request starts from; 404 when the user cannot see it. */
  private async start(entityRef: string, credentials: BackstageCredentials) {
    if (entityRef.startsWith(OPENLINEAGE_PREFIX)) {
      // Datasets and jobs only OpenLineage knows are not catalog entities:
      // any signed-in user may follow them.
      const index = await this.current();
      if (!index.hasNode(entityRef)) {
        throw new NotFoundError(
          `No OpenLineage dataset or job ${entityRef.slice(
            OPENLINEAGE_PREFIX.length,
          )} has been reported`,
        );
      }
      return { index, start: entityRef };
    }
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultNamespace: 'default' }),
      );
    } catch (error) {
      throw new InputError(
        `entityRef "${entityRef}" is not an entity ref: ${
          (error as Error).message
        }`,
      );
    }
    const [index, visible] = await Promise.all([
      this.current(),
      this.sources.visibleTo([ref], credentials),
    ]);
    if (!visible.has(ref)) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    if (!index.hasNode(ref)) {
      // A catalog entity without any recorded lineage is its own graph.
      index.addNode({
        id: ref,
        entityRef: ref,
        title: parseEntityRef(ref).name,
      });
    }
    return { index, start: ref };
  }

  private checkColumn(index: LineageIndex, start: string, column?: string) {
    if (column === undefined) return;
    const columns = index.getNode(start)?.columns;
    if (!columns?.includes(column)) {
      throw new InputError(
        columns?.length
          ? `${start} has no column "${column}"; its columns are ${columns.join(
              ', ',
            )}`
          : `${start} has no columns to trace`,
      );
    }
  }

  private visible(
    refs: (string | undefined)[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const unique = [...new Set(refs.filter((r): r is string => !!r))];
    return unique.length
      ? this.sources.visibleTo(unique, credentials)
      : Promise.resolve(new Set());
  }
}

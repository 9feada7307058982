import { randomUUID } from 'node:crypto';
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { DriftMonitor, DriftReport } from '@internal/plugin-lakehouse-common';
import { ownerRefOf } from '../governance/entityFacts';
import { QueryEngine } from '../query/engines/types';
import { catalogDatasetsRead } from '../query/datasetAccess';
import { computeDrift } from './compute';
import { DriftConfig, DriftMonitorConfig } from './config';
import { DriftReportStore, summarizeReport } from './DriftReportStore';
import {
  checkReadOnly,
  createEngineRunner,
  ReadOnlyRules,
} from './engineRunner';
import { impliedExclusions, monitorTables, resolveSideSql } from './monitorSql';
import { driftNotification, startsDrifting } from './notify';
import {
  DatasetClassificationLookup,
  declaredClassificationLookup,
  requireOwnerMayRead,
} from './ownerAccess';
import { DriftReportAccess, DriftReportForUser } from './reportAccess';

/** Who asked for a run: a user (Run now) or the scheduler. */
export interface DriftRunTrigger {
  credentials?: BackstageCredentials;
  signal?: AbortSignal;
}

export interface DriftServiceOptions {
  config: DriftConfig;
  engines: QueryEngine[];
  store: DriftReportStore;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  readOnly: ReadOnlyRules;
  notifications?: NotificationService;
  /**
   * Effective classifications of datasets: the governance module's
   * `ClassificationService` (declared and inherited through column
   * lineage). A run refuses a classified dataset its monitor's owner does
   * not own. Default: what each dataset declares itself, counting `pii`.
   */
  classifications?: DatasetClassificationLookup;
}

/** A human-readable schedule, e.g. `every 1 hour`. */
function describeSchedule(monitor: DriftMonitorConfig): string {
  const { frequency } = monitor.schedule;
  if (typeof frequency === 'object' && 'cron' in frequency) {
    return `cron ${frequency.cron}`;
  }
  if (typeof frequency === 'object' && 'trigger' in frequency) {
    return frequency.trigger === 'manual' ? 'manual' : 'on start-up';
  }
  const parts = Object.entries(frequency as Record<string, number>).map(
    ([unit, n]) => `${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`,
  );
  return `every ${parts.join(' ')}`;
}

/**
 * Runs the drift monitors of `lakehouse.drift.monitors` in the query engine
 * they name, keeps every run as a report and tells the owners when a
 * monitor starts drifting. A run that cannot compare the data (a missing
 * table, a changed column, a refused or failing query) is kept as a failed
 * report with the reason; it never throws into the scheduler.
 */
export class DriftService {
  private readonly running = new Map<string, Promise<DriftReport>>();
  private readonly access: DriftReportAccess;
  private readonly classifications: DatasetClassificationLookup;

  constructor(private readonly options: DriftServiceOptions) {
    this.access = new DriftReportAccess(options);
    this.classifications =
      options.classifications ?? declaredClassificationLookup();
  }

  get monitors(): DriftMonitorConfig[] {
    return this.options.config.monitors;
  }

  private monitor(id: string): DriftMonitorConfig {
    const monitor = this.monitors.find(m => m.id === id);
    if (!monitor) throw new NotFoundError(`No drift monitor ${id}`);
    return monitor;
  }

  private engine(monitor: DriftMonitorConfig): QueryEngine {
    const { engines } = this.options;
    const engine = monitor.engine
      ? engines.find(e => e.id === monitor.engine)
      : engines[0];
    if (!engine) {
      throw new Error(
        monitor.engine
          ? `engine ${monitor.engine} is not configured (configured: ${
              engines.map(e => e.id).join(', ') || 'none'
            })`
          : 'no query engine is configured (lakehouse.trino or lakehouse.demo)',
      );
    }
    return engine;
  }

  /** Refs among `refs` that the user may see in the catalog. */
  private async visible(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Set();
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: unique, fields: ['kind', 'metadata.name'] },
      { credentials },
    );
    return new Set(unique.filter((_, i) => items[i]));
  }

  private async requireVisible(
    monitor: DriftMonitorConfig,
    credentials: BackstageCredentials,
  ) {
    const visible = await this.visible([monitor.entityRef], credentials);
    // Monitors of entities the user cannot see do not exist for them.
    if (!visible.has(monitor.entityRef)) {
      throw new NotFoundError(`No drift monitor ${monitor.id}`);
    }
  }

  /**
   * The monitors of the entities the user may see, with their newest
   * report's summary: its outcome and the names of the drifted features,
   * which hold no values of the data (so no read-data check).
   */
  async list(
    credentials: BackstageCredentials,
    entityRef?: string,
  ): Promise<DriftMonitor[]> {
    let wanted: string | undefined;
    if (entityRef) {
      try {
        wanted = stringifyEntityRef(
          parseEntityRef(entityRef),
        ).toLocaleLowerCase('en-US');
      } catch (error) {
        throw new InputError(`entityRef: ${(error as Error).message}`);
      }
    }
    const monitors = this.monitors.filter(
      m => !wanted || m.entityRef.toLocaleLowerCase('en-US') === wanted,
    );
    const visible = await this.visible(
      monitors.map(m => m.entityRef),
      credentials,
    );
    const out: DriftMonitor[] = [];
    for (const monitor of monitors) {
      if (!visible.has(monitor.entityRef)) continue;
      const last = await this.options.store.latest(monitor.id);
      let engine = monitor.engine ?? '';
      try {
        engine = this.engine(monitor).id;
      } catch {
        // Listed all the same; its runs fail with the reason.
      }
      out.push({
        id: monitor.id,
        ...(monitor.title ? { title: monitor.title } : {}),
        entityRef: monitor.entityRef,
        engine,
        features: monitor.features,
        schedule: describeSchedule(monitor),
        thresholds: monitor.thresholds.mode,
        ...(last ? { lastReport: summarizeReport(last) } : {}),
      });
    }
    return out;
  }

  /**
   * A monitor's reports, newest first. Whoever may see the entity sees
   * whether it drifts; a user who may not read the data a report compared
   * gets it without the distributions, whose categories and bin edges are
   * values of the rows, and `redacted` says why.
   */
  async reports(
    id: string,
    limit: number,
    credentials: BackstageCredentials,
  ): Promise<DriftReportForUser[]> {
    const monitor = this.monitor(id);
    await this.requireVisible(monitor, credentials);
    return this.access.forUser(
      await this.options.store.list(id, limit),
      credentials,
    );
  }

  /**
   * Runs a monitor now and keeps its report. A run already under way is
   * shared rather than started twice. A user who asks must see the entity
   * and may read the data the monitor compares (403 otherwise, and no run
   * is recorded), also to be handed a run under way: its report holds the
   * distributions.
   */
  async run(id: string, trigger: DriftRunTrigger = {}): Promise<DriftReport> {
    const monitor = this.monitor(id);
    if (trigger.credentials) {
      await this.requireVisible(monitor, trigger.credentials);
      await this.access.requireMayReadMonitor(monitor, trigger.credentials);
    }
    const underway = this.running.get(id);
    if (underway) return underway;
    const run = this.runOnce(monitor, trigger).finally(() =>
      this.running.delete(id),
    );
    this.running.set(id, run);
    return run;
  }

  private async runOnce(
    monitor: DriftMonitorConfig,
    trigger: DriftRunTrigger,
  ): Promise<DriftReport> {
    const { config, store, logger } = this.options;
    const started = Date.now();
    const report: DriftReport = {
      id: randomUUID(),
      monitorId: monitor.id,
      entityRef: monitor.entityRef,
      createdAt: new Date(started).toISOString(),
      engine: monitor.engine ?? '',
      status: 'ok',
      reference: { sql: '', rows: 0 },
      current: { sql: '', rows: 0 },
      drifted: false,
      features: [],
    };
    const previous = await store.latestCompleted(monitor.id);
    let entity: Entity | undefined;
    try {
      const engine = this.engine(monitor);
      report.engine = engine.id;
      const defaults = {
        catalog: engine.defaultCatalog,
        schema: engine.defaultSchema,
      };
      entity = await this.requireOwnerMayRead(
        monitor,
        monitorTables(monitor, this.options.readOnly),
        defaults,
      );
      const runner = createEngineRunner(engine, {
        user: config.engineUser,
        rules: this.options.readOnly,
        signal: trigger.signal,
      });
      const scalar = async (sql: string) =>
        (await runner.run(sql)).rows[0]?.[0];
      report.reference.sql = await resolveSideSql(
        monitor,
        monitor.reference,
        scalar,
      );
      report.current.sql = await resolveSideSql(
        monitor,
        monitor.current,
        scalar,
      );
      // As the console would: one read-only statement a side.
      checkReadOnly(report.reference.sql, this.options.readOnly);
      checkReadOnly(report.current.sql, this.options.readOnly);
      const computed = await computeDrift({
        runner,
        referenceSql: report.reference.sql,
        currentSql: report.current.sql,
        features: monitor.features,
        exclude: impliedExclusions(monitor),
        thresholds: {
          ...monitor.thresholds,
          seed: started % 2_147_483_647,
        },
        bins: monitor.bins,
        exactMaxRows: config.exactMaxRows,
        referenceCache: {
          get: key => store.referenceSummary(key, config.referenceMaxAgeMs),
          set: (key, summary) => store.saveReferenceSummary(key, summary),
        },
        signal: trigger.signal,
      });
      report.reference.rows = computed.referenceRows;
      report.current.rows = computed.currentRows;
      report.features = computed.features;
      report.drifted = computed.features.some(f => f.drifted);
    } catch (error) {
      report.status = 'failed';
      report.error = (error as Error).message;
      report.drifted = false;
      report.features = [];
      logger.warn(`Drift monitor ${monitor.id} failed: ${report.error}`);
    }
    report.durationMs = Date.now() - started;
    await store.add(report);
    if (monitor.notify && startsDrifting(report, previous)) {
      await this.notifyOwners(report, entity);
    }
    return report;
  }

  /**
   * The monitor runs as the service, but may only compare tables its owner
   * (the owner of the monitored entity) may read: the portal policy's
   * `lakehouse.dataset.read-data` rule applied to that owner, since the
   * permission framework decides for signed-in users only (see
   * {@link requireOwnerMayRead}). Classifications are the effective ones.
   */
  private async requireOwnerMayRead(
    monitor: DriftMonitorConfig,
    tables: string[],
    defaults: { catalog?: string; schema?: string },
  ): Promise<Entity> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(
      monitor.entityRef,
      { credentials },
    );
    if (!entity) {
      throw new Error(
        `${monitor.entityRef}, the entity the monitor watches, is not in the catalog`,
      );
    }
    const datasets = await catalogDatasetsRead(
      this.options.catalog,
      tables,
      defaults,
      credentials,
    );
    // Whole entities: column tags are classifications too.
    const { items } = datasets.length
      ? await this.options.catalog.getEntitiesByRefs(
          { entityRefs: datasets.map(d => d.ref) },
          { credentials },
        )
      : { items: [] };
    await requireOwnerMayRead(
      ownerRefOf(entity),
      datasets.map((d, i) => ({ ...d, entity: items[i] ?? d.entity })),
      this.classifications,
    );
    return entity;
  }

  private async notifyOwners(report: DriftReport, entity?: Entity) {
    const { notifications, logger } = this.options;
    const owner = entity && ownerRefOf(entity);
    if (!notifications || !owner) return;
    try {
      await notifications.send(
        driftNotification(
          report,
          owner,
          entity!.metadata.title ?? entity!.metadata.name,
        ),
      );
    } catch (error) {
      logger.warn(
        `Could not notify ${owner} of drift in monitor ${report.monitorId}: ${error}`,
      );
    }
  }
}

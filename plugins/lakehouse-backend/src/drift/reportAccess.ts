import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DriftReport } from '@internal/plugin-lakehouse-common';
import {
  DatasetAccess,
  DatasetReadRefusedError,
  qualifyTable,
  StatementDefaults,
} from '../query/datasetAccess';
import { QueryEngine } from '../query/engines/types';
import { DriftMonitorConfig } from './config';
import { checkReadOnly, ReadOnlyRules } from './engineRunner';
import { monitorTables } from './monitorSql';

/**
 * A report as a user is shown it. `redacted`, when present, says why the
 * distributions (histograms) were left out.
 */
export type DriftReportForUser = DriftReport & { redacted?: string };

/**
 * The report without what reveals values of the compared rows: each
 * feature's histogram, whose categories are column values and whose outer
 * bin edges are the smallest and largest value seen. Statistics, verdicts,
 * row counts and the SQL stay: they are measures of the data, not its
 * rows, and are what a Drift tab is read for.
 */
export function redactReport(
  report: DriftReport,
  reason: string,
): DriftReportForUser {
  return {
    ...report,
    features: report.features.map(({ histogram, ...feature }) => feature),
    redacted: reason,
  };
}

/** What {@link DriftReportAccess} needs. */
export interface DriftReportAccessOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
  engines: QueryEngine[];
  readOnly: ReadOnlyRules;
}

/**
 * Decides what a user sees of a monitor's data, with the policy of the SQL
 * console: `lakehouse.dataset.read-data` on every catalogued dataset the
 * monitor reads (refused when the user cannot even see the dataset).
 */
export class DriftReportAccess {
  private readonly access: DatasetAccess;

  constructor(private readonly options: DriftReportAccessOptions) {
    this.access = DatasetAccess.create(options);
  }

  private defaults(engineId: string | undefined): StatementDefaults {
    const { engines } = this.options;
    const engine = engineId ? engines.find(e => e.id === engineId) : engines[0];
    return { catalog: engine?.defaultCatalog, schema: engine?.defaultSchema };
  }

  /**
   * Throws the 403 of the console unless the user may read the data of
   * every dataset the monitor reads. Asked before a user's run, and before
   * a run under way is shared with them, since the run's report holds the
   * distributions.
   */
  async requireMayReadMonitor(
    monitor: DriftMonitorConfig,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.access.requireReadDataOfTables(
      monitorTables(monitor, this.options.readOnly),
      this.defaults(monitor.engine),
      credentials,
    );
  }

  /**
   * The reports as the user may see them: whole, or without the
   * distributions, with `redacted` naming the datasets and the permission,
   * when the user may not read the data a report compared. Users who may
   * see a model see whether it drifts; only its data owners' policy decides
   * who sees the values. Errors other than a refusal are thrown, not taken
   * as leave to show the values.
   */
  async forUser(
    reports: DriftReport[],
    credentials: BackstageCredentials,
  ): Promise<DriftReportForUser[]> {
    // Reports of one monitor read the same tables, mostly: decide once per set.
    const decisions = new Map<string, Promise<string | undefined>>();
    return Promise.all(
      reports.map(async report => {
        // A failed run compared nothing: it holds no values to hide.
        if (!report.features.some(f => f.histogram)) return report;
        const key = JSON.stringify([
          report.engine,
          report.reference.sql,
          report.current.sql,
        ]);
        let decision = decisions.get(key);
        if (!decision) {
          decision = this.refusal(report, credentials);
          decisions.set(key, decision);
        }
        const reason = await decision;
        return reason ? redactReport(report, reason) : report;
      }),
    );
  }

  /** Why the user may not see the values of `report`; undefined if they may. */
  private async refusal(
    report: DriftReport,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const defaults = this.defaults(report.engine);
    let tables: string[];
    try {
      tables = [report.reference.sql, report.current.sql].flatMap(sql =>
        checkReadOnly(sql, this.options.readOnly),
      );
    } catch (error) {
      return `The report's SQL no longer passes the read-only check, so the portal cannot tell which datasets it read (${
        (error as Error).message
      })`;
    }
    // The console refuses names its engine cannot qualify; here they would
    // be datasets left unchecked.
    const unqualified = tables.filter(
      t => !qualifyTable(t, defaults.catalog, defaults.schema),
    );
    if (unqualified.length) {
      return `The report read ${unqualified.join(', ')} on engine ${
        report.engine
      }, which is no longer configured, so the portal cannot tell which datasets it read`;
    }
    try {
      await this.access.requireReadDataOfTables(tables, defaults, credentials);
      return undefined;
    } catch (error) {
      if (error instanceof DatasetReadRefusedError) return error.message;
      throw error;
    }
  }
}

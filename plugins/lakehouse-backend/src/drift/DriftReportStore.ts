import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  DriftReport,
  DriftReportSummary,
} from '@internal/plugin-lakehouse-common';
import { Knex } from 'knex';
import { migratedPluginDatabase } from '../database';

const REPORTS = 'lakehouse_drift_reports';
const SUMMARIES = 'lakehouse_drift_reference_summaries';

/** The summary of a report that lists and the overview card show. */
export function summarizeReport(report: DriftReport): DriftReportSummary {
  return {
    id: report.id,
    createdAt: report.createdAt,
    status: report.status,
    ...(report.error ? { error: report.error } : {}),
    drifted: report.drifted,
    driftedFeatures: report.features.filter(f => f.drifted).map(f => f.name),
    featureCount: report.features.length,
  };
}

/**
 * The reports of the drift monitors, a time series per monitor, and the
 * cached reference summaries, in the plugin's database (SQLite or
 * PostgreSQL).
 */
export class DriftReportStore {
  private constructor(private readonly db: Knex) {}

  /** Opens the store, bringing the plugin's tables up to date. */
  static async create(database: DatabaseService): Promise<DriftReportStore> {
    return new DriftReportStore(await migratedPluginDatabase(database));
  }

  async add(report: DriftReport): Promise<void> {
    await this.db(REPORTS).insert({
      id: report.id,
      monitor_id: report.monitorId,
      entity_ref: report.entityRef,
      created_at: new Date(report.createdAt),
      status: report.status,
      drifted: report.drifted,
      report: JSON.stringify(report),
    });
  }

  /** A monitor's reports, newest first. */
  async list(monitorId: string, limit: number): Promise<DriftReport[]> {
    const rows = await this.db(REPORTS)
      .where({ monitor_id: monitorId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .select('report');
    return rows.map(r => JSON.parse(r.report));
  }

  /** A monitor's newest report, if it ever ran. */
  async latest(monitorId: string): Promise<DriftReport | undefined> {
    return (await this.list(monitorId, 1))[0];
  }

  /** The newest report that compared the data (not a failed run). */
  async latestCompleted(monitorId: string): Promise<DriftReport | undefined> {
    const row = await this.db(REPORTS)
      .where({ monitor_id: monitorId, status: 'ok' })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('report');
    return row ? JSON.parse(row.report) : undefined;
  }

  /** A cached reference summary no older than `maxAgeMs`. */
  async referenceSummary(
    key: string,
    maxAgeMs: number,
  ): Promise<unknown | undefined> {
    const row = await this.db(SUMMARIES).where({ cache_key: key }).first();
    if (!row) return undefined;
    if (Date.now() - new Date(row.computed_at).getTime() > maxAgeMs) {
      return undefined;
    }
    return JSON.parse(row.summary);
  }

  async saveReferenceSummary(key: string, summary: unknown): Promise<void> {
    await this.db(SUMMARIES)
      .insert({
        cache_key: key,
        summary: JSON.stringify(summary),
        computed_at: new Date(),
      })
      .onConflict('cache_key')
      .merge();
  }
}

import { randomUUID } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { runLineage } from './runLineage';
import { TableNamingOptions } from './tableIdentifier';
import { OpenLineageJobLineage, OpenLineageRunEvent } from './types';
import { migratedPluginDatabase } from '../../database';

const TABLE = 'lakehouse_openlineage_events';
/** Run ids per query, well under SQLite's limit on bound parameters. */
const CHUNK = 500;

const jobKey = (namespace: string, name: string) => `${namespace}\u0000${name}`;

const timeOf = (value: Date | string | number) => new Date(value).getTime();

/**
 * The OpenLineage RunEvents posted to the portal, in the plugin's database
 * (SQLite or PostgreSQL), and the lineage of each job's latest run.
 */
export class OpenLineageStore {
  private constructor(
    private readonly db: Knex,
    private readonly naming: TableNamingOptions,
  ) {}

  /**
   * Opens the store on the plugin's database, bringing its tables up to
   * date with the plugin's migrations.
   *
   * @param naming - how dataset names map onto catalog tables
   */
  static async create(
    database: DatabaseService,
    naming: TableNamingOptions = {},
  ): Promise<OpenLineageStore> {
    const db = await migratedPluginDatabase(database);
    return new OpenLineageStore(db, naming);
  }

  /**
   * Keeps a RunEvent, as posted. The event must have passed
   * `validateRunEvent`.
   *
   * @returns the id the portal gave the event
   */
  async ingest(event: OpenLineageRunEvent): Promise<{ id: string }> {
    const id = randomUUID();
    await this.db(TABLE).insert({
      id,
      run_id: event.run.runId,
      event_type: event.eventType ?? null,
      event_time: new Date(event.eventTime),
      job_namespace: event.job.namespace,
      job_name: event.job.name,
      producer: event.producer,
      event: JSON.stringify(event),
      received_at: new Date(),
    });
    return { id };
  }

  /**
   * Changes whenever an event is stored, so that readers can tell when
   * the lineage of `jobs()` may have changed.
   */
  async version(): Promise<string> {
    const row = await this.db(TABLE).max({ latest: 'seq' }).first();
    return String(row?.latest ?? 0);
  }

  /**
   * For every job, what its latest run (the one that started last) read
   * and wrote, with the column lineage its outputs declared; ordered by
   * job namespace and name.
   */
  async jobs(): Promise<OpenLineageJobLineage[]> {
    const runs: {
      job_namespace: string;
      job_name: string;
      run_id: string;
      started: Date | string | number;
      last_seq: number | string;
    }[] = await this.db(TABLE)
      .select('job_namespace', 'job_name', 'run_id')
      .min({ started: 'event_time' })
      .max({ last_seq: 'seq' })
      .groupBy('job_namespace', 'job_name', 'run_id');

    const latestRuns = new Map<string, (typeof runs)[number]>();
    for (const run of runs) {
      const key = jobKey(run.job_namespace, run.job_name);
      const current = latestRuns.get(key);
      if (
        !current ||
        timeOf(run.started) > timeOf(current.started) ||
        (timeOf(run.started) === timeOf(current.started) &&
          Number(run.last_seq) > Number(current.last_seq))
      ) {
        latestRuns.set(key, run);
      }
    }

    const eventsByJob = new Map<string, OpenLineageRunEvent[]>();
    const runIds = [...new Set([...latestRuns.values()].map(r => r.run_id))];
    for (let i = 0; i < runIds.length; i += CHUNK) {
      const rows: {
        job_namespace: string;
        job_name: string;
        run_id: string;
        event: string;
      }[] = await this.db(TABLE)
        .select('job_namespace', 'job_name', 'run_id', 'event')
        .whereIn('run_id', runIds.slice(i, i + CHUNK))
        .orderBy([
          { column: 'event_time', order: 'asc' },
          { column: 'seq', order: 'asc' },
        ]);
      for (const row of rows) {
        const key = jobKey(row.job_namespace, row.job_name);
        // A run id that another job also used belongs to that job's history.
        if (latestRuns.get(key)?.run_id !== row.run_id) continue;
        const events = eventsByJob.get(key) ?? [];
        events.push(JSON.parse(row.event));
        eventsByJob.set(key, events);
      }
    }

    return [...eventsByJob.values()]
      .map(events => runLineage(events, this.naming))
      .sort(
        (a, b) =>
          a.namespace.localeCompare(b.namespace) ||
          a.name.localeCompare(b.name),
      );
  }
}

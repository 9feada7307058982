import { durationToMilliseconds } from '@backstage/types';
import { DriftDataSpec, DriftMonitorConfig } from './config';
import { checkReadOnly, ReadOnlyRules } from './engineRunner';

/** Runs one small SELECT (a single value) on the monitor's engine. */
export type ScalarQuery = (sql: string) => Promise<unknown>;

const quoteIdentifier = (name: string) =>
  name.startsWith('"') ? name : `"${name.replace(/"/g, '""')}"`;

/** `lakehouse.gold.t` as `"lakehouse"."gold"."t"`, keeping parts already quoted. */
export function quoteTableName(table: string): string {
  const parts = table.match(/"[^"]+"|[^.]+/g) ?? [table];
  return parts.map(quoteIdentifier).join('.');
}

/** A timestamp literal both Trino and DuckDB read, in UTC. */
export function timestampLiteral(time: Date): string {
  return `timestamp '${time.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** An engine's zone suffix (none, ` UTC`, `Z`, `+02`, `+0200`, `+02:00`) in ISO form. */
function isoOffset(zone: string | undefined): string {
  if (!zone || zone === ' UTC' || zone === 'Z') return 'Z';
  if (zone.length === 3) return `${zone}:00`;
  if (zone.includes(':')) return zone;
  return `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/**
 * A time as an engine returns it (`2025-09-01 10:00:00.000`, an ISO string,
 * a Date, epoch milliseconds), read as UTC.
 */
export function parseEngineTime(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value).trim();
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?))?(Z|[+-]\d{2}(?::?\d{2})?| UTC)?$/.exec(
      text,
    );
  if (!match) return undefined;
  const [, day, time = '00:00:00', zone] = match;
  const millis = time.replace(/(\.\d{3})\d+$/, '$1');
  const parsed = new Date(`${day}T${millis}${isoOffset(zone)}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** The columns a side selects: the monitor's features, or every column. */
function selectList(monitor: DriftMonitorConfig): string {
  if (monitor.features.length === 0) return '*';
  return monitor.features.map(f => quoteIdentifier(f.name)).join(', ');
}

/**
 * The read-only SELECT of one side of a monitor, with a sliding window
 * resolved to fixed times, so the report's SQL shows the very rows the
 * report is about when run again later in the SQL console.
 */
export async function resolveSideSql(
  monitor: DriftMonitorConfig,
  spec: DriftDataSpec,
  scalar: ScalarQuery,
  now: Date = new Date(),
): Promise<string> {
  if ('sql' in spec) return spec.sql.trim().replace(/;\s*$/, '');
  const table = quoteTableName(spec.table);
  const select = `select ${selectList(monitor)} from ${table}`;
  if (!spec.timestampColumn) return select;
  const ts = quoteIdentifier(spec.timestampColumn);
  const conditions: string[] = [];
  if (spec.window) {
    let end = now;
    if (spec.anchor === 'latest') {
      const latest = await scalar(`select max(${ts}) from ${table}`);
      const parsed = parseEngineTime(latest);
      if (!parsed) {
        throw new Error(
          `${spec.table} has no rows with a ${spec.timestampColumn} to anchor the window on`,
        );
      }
      end = parsed;
    }
    const start = new Date(end.getTime() - durationToMilliseconds(spec.window));
    conditions.push(`${ts} > ${timestampLiteral(start)}`);
    conditions.push(`${ts} <= ${timestampLiteral(end)}`);
  } else {
    if (spec.from) {
      conditions.push(`${ts} >= ${timestampLiteral(new Date(spec.from))}`);
    }
    if (spec.to) {
      conditions.push(`${ts} < ${timestampLiteral(new Date(spec.to))}`);
    }
  }
  return conditions.length
    ? `${select} where ${conditions.join(' and ')}`
    : select;
}

/**
 * Columns a table-based side reads that are not features: the window's
 * timestamp column is never compared.
 */
export function impliedExclusions(monitor: DriftMonitorConfig): string[] {
  const out = new Set(monitor.exclude);
  for (const spec of [monitor.reference, monitor.current]) {
    if ('table' in spec && spec.timestampColumn) out.add(spec.timestampColumn);
  }
  return [...out];
}

/**
 * The tables a monitor's runs read, known before a run resolves its
 * windows (which only add a WHERE to a table's SELECT), so that access is
 * decided before anything is read, even the newest time stamp of a window.
 * A side that is not read-only contributes none: runs refuse it and record
 * why, reading nothing through it.
 */
export function monitorTables(
  monitor: DriftMonitorConfig,
  rules: ReadOnlyRules,
): string[] {
  return [monitor.reference, monitor.current].flatMap(spec => {
    const sql =
      'sql' in spec
        ? spec.sql.trim().replace(/;\s*$/, '')
        : `select * from ${quoteTableName(spec.table)}`;
    try {
      return checkReadOnly(sql, rules);
    } catch {
      return [];
    }
  });
}

import { Entity } from '@backstage/catalog-model';
import {
  LakehouseAnnotation,
  type DatasetDbtInfo,
  type DatasetSnapshot,
  type DatasetStats,
} from '@internal/plugin-lakehouse-common';

/**
 * Annotation with the freshness SLA of a dataset: how old its data may get,
 * as a number and a unit, `m` (minutes), `h` (hours), `d` (days) or `w`
 * (weeks), e.g. `24h` or `7d`. The dbt provider sets it from
 * `meta.freshness_sla` (or `config.meta.freshness_sla`) of a model, seed or
 * source, and from a source's `freshness.error_after`.
 */
export const FRESHNESS_SLA_ANNOTATION = LakehouseAnnotation.freshnessSla;

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** dbt's freshness periods, as `freshnessRule` spells them. */
const DBT_PERIOD_UNIT: Record<string, string> = {
  minute: 'm',
  hour: 'h',
  day: 'd',
};

/** A declared SLA: its text and, when it is a valid duration, its length. */
export interface FreshnessSla {
  sla: string;
  /** Undefined when `sla` is not a duration the portal understands. */
  ms?: number;
}

/** `24h`, `7 d`, `30m`, `2w` → milliseconds; anything else → undefined. */
export function parseSla(text: string): number | undefined {
  const match = /^\s*(\d+)\s*([mhdw])\s*$/i.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2].toLowerCase()];
  return ms > 0 ? ms : undefined;
}

/**
 * The freshness SLA a dataset declares: the `lakehouse.dev/freshness-sla`
 * annotation, else the `error after` part of a dbt source's freshness rule
 * (which the dbt provider already carries).
 */
export function freshnessSlaOf(entity: Entity): FreshnessSla | undefined {
  const annotated =
    entity.metadata.annotations?.[FRESHNESS_SLA_ANNOTATION]?.trim();
  if (annotated) return { sla: annotated, ms: parseSla(annotated) };
  const rule = (entity.spec?.dbt as DatasetDbtInfo | undefined)?.freshnessRule;
  const match = rule && /error after (\d+) (minute|hour|day)/i.exec(rule);
  if (!match) return undefined;
  const sla = `${match[1]}${DBT_PERIOD_UNIT[match[2].toLowerCase()]}`;
  return { sla, ms: parseSla(sla) };
}

/** When a dataset's data last changed, and how the portal knows. */
export interface LastUpdate {
  at: Date;
  /** `snapshot` (Iceberg), `stats` (the table's statistics) or `dbt` (dbt's last run). */
  from: 'snapshot' | 'stats' | 'dbt';
}

const validDate = (value: unknown): Date | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/**
 * When the data of a dataset last changed: its newest Iceberg snapshot, or
 * the last update its table statistics record; else, for a dbt model, seed
 * or snapshot, when dbt last wrote the manifest it was read from
 * (`spec.dbt.generatedAt`, the time of the run that built it). Undefined
 * when none is known.
 */
export function lastUpdateOf(entity: Entity): LastUpdate | undefined {
  const spec = (entity.spec ?? {}) as {
    currentSnapshot?: DatasetSnapshot;
    snapshots?: DatasetSnapshot[];
    stats?: DatasetStats;
    dbt?: DatasetDbtInfo;
  };
  const snapshots = [
    spec.currentSnapshot,
    ...(Array.isArray(spec.snapshots) ? spec.snapshots : []),
  ]
    .map(s => validDate(s?.timestamp))
    .filter((d): d is Date => !!d);
  if (snapshots.length) {
    return {
      at: new Date(Math.max(...snapshots.map(d => d.getTime()))),
      from: 'snapshot',
    };
  }
  const stats = validDate(spec.stats?.lastUpdated);
  if (stats) return { at: stats, from: 'stats' };
  // dbt does not load sources: its runs say nothing about their data.
  const built =
    spec.dbt?.resourceType !== 'source'
      ? validDate(spec.dbt?.generatedAt)
      : undefined;
  return built ? { at: built, from: 'dbt' } : undefined;
}

/** A duration in the largest whole unit that fits, e.g. `3 days`, `5 hours`. */
export function formatAge(ms: number): string {
  const units: [string, number][] = [
    ['week', UNIT_MS.w],
    ['day', UNIT_MS.d],
    ['hour', UNIT_MS.h],
    ['minute', UNIT_MS.m],
  ];
  for (const [name, size] of units) {
    const count = Math.floor(ms / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}

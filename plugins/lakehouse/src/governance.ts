// Helpers of the governance and access request views: how a classification
// reads, how requests sort, what an error answer said.

import { parseEntityRef } from '@backstage/catalog-model';
import {
  AccessRequest,
  AccessRequestState,
  ColumnClassification,
} from '@internal/plugin-lakehouse-common';

/** The durations a user may ask read access for, in days. */
export const ACCESS_DURATION_CHOICES = [1, 7, 30, 90] as const;

/** `1 day`, `30 days`. */
export function formatDays(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/** The name of an entity ref, e.g. `lakehouse.raw.customers` of `resource:default/lakehouse.raw.customers`. */
export function entityName(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/** `lakehouse.raw.customers.email`: a column of a dataset, by the dataset's name. */
export function columnName(source: { entityRef: string; column?: string }) {
  const dataset = entityName(source.entityRef);
  return source.column ? `${dataset}.${source.column}` : dataset;
}

/**
 * How a classification reads on a chip: `pii`, or
 * `pii · inherited from lakehouse.raw.customers.email`.
 */
export function describeClassification(
  classification: ColumnClassification,
): string {
  if (classification.origin !== 'inherited') {
    return classification.classification;
  }
  const from = (classification.from ?? []).map(columnName);
  return from.length > 0
    ? `${classification.classification} · inherited from ${from.join(', ')}`
    : `${classification.classification} · inherited`;
}

/** Classifications by column name; those of the whole dataset under `undefined`. */
export function classificationsByColumn(
  classifications: ColumnClassification[],
): Map<string | undefined, ColumnClassification[]> {
  const byColumn = new Map<string | undefined, ColumnClassification[]>();
  for (const c of classifications) {
    const list = byColumn.get(c.column) ?? [];
    list.push(c);
    byColumn.set(c.column, list);
  }
  return byColumn;
}

const STATE_ORDER: AccessRequestState[] = [
  'pending',
  'approved',
  'rejected',
  'expired',
];

/** Pending requests first (they want a decision), then newest first. */
export function sortAccessRequests(requests: AccessRequest[]): AccessRequest[] {
  return [...requests].sort(
    (a, b) =>
      STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
      b.createdAt.localeCompare(a.createdAt),
  );
}

interface ErrorWithStatus extends Error {
  statusCode?: number;
  body?: { error?: { message?: string } };
}

/** The HTTP status of a failed request, if it was one. */
export function statusOf(error: unknown): number | undefined {
  return (error as ErrorWithStatus | undefined)?.statusCode;
}

/** What the server said, without the wrapping of ResponseError. */
export function serverMessage(error: Error): string {
  return (error as ErrorWithStatus).body?.error?.message ?? error.message;
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What a group should do about its scorecard, in a sentence: describe the
 * undocumented entities, refresh the stale datasets, decide the pending
 * access requests.
 */
export function scorecardTodo(scorecard: {
  entities: number;
  documented: number;
  staleDatasets: number;
  pendingAccessRequests: number;
}): string {
  const todo: string[] = [];
  const undocumented = Math.round(
    scorecard.entities * (1 - scorecard.documented),
  );
  if (undocumented > 0) {
    todo.push(`describe ${plural(undocumented, 'entity', 'entities')}`);
  }
  if (scorecard.staleDatasets > 0) {
    todo.push(
      `refresh ${plural(
        scorecard.staleDatasets,
        'stale dataset',
        'stale datasets',
      )}`,
    );
  }
  if (scorecard.pendingAccessRequests > 0) {
    todo.push(
      `decide ${plural(
        scorecard.pendingAccessRequests,
        'access request',
        'access requests',
      )}`,
    );
  }
  if (todo.length === 0) return 'Nothing to do.';
  const sentence =
    todo.length === 1
      ? todo[0]
      : `${todo.slice(0, -1).join(', ')} and ${todo[todo.length - 1]}`;
  return `${sentence[0].toUpperCase()}${sentence.slice(1)}.`;
}

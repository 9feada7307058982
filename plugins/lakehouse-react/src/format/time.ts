// Times as catalog providers record them (ISO 8601 strings from Iceberg,
// dbt, MLflow and Kubernetes), shown in UTC because commits, runs,
// registry changes and cluster events are all reasoned about in UTC.
// Every formatter returns undefined for what is not a timestamp, so that
// callers choose between leaving a fact out and saying "unknown".

/**
 * Milliseconds since the epoch of an ISO 8601 timestamp, if it is one.
 *
 * @public
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The time of an ISO 8601 timestamp in UTC, to the minute
 * (`2025-09-01 06:00 UTC`) or to the second (`2025-09-01 06:00:00 UTC`).
 *
 * @param value - An ISO 8601 timestamp; anything else gives undefined.
 * @param precision - `second` where events seconds apart must be told
 *   apart (commits, query runs), `minute` where they need not.
 * @public
 */
export function formatDateTime(
  value: unknown,
  precision: 'minute' | 'second',
): string | undefined {
  const ms = parseTimestamp(value);
  if (ms === undefined) return undefined;
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, precision === 'second' ? 19 : 16);
  return `${iso.slice(0, 10)} ${time} UTC`;
}

/**
 * `2025-09-01`: the day of an ISO 8601 timestamp, in UTC, where a table has
 * no room for the time.
 *
 * @public
 */
export function formatDate(value: unknown): string | undefined {
  const ms = parseTimestamp(value);
  return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
}

import {
  formatDate,
  formatDateTime,
  parseTimestamp,
} from '@internal/plugin-lakehouse-react';

/**
 * A point in time in UTC, machine-readable for assistive technology. At day
 * precision the full time is in its tooltip.
 */
export const DateTime = ({
  value,
  fallback = '—',
  precision = 'minute',
}: {
  /** An ISO 8601 timestamp. */
  value: unknown;
  /** Shown when the value is missing or not a timestamp. */
  fallback?: string;
  /** `day` shows `2025-09-01` for narrow columns; `minute` adds the time. */
  precision?: 'day' | 'minute';
}) => {
  const ms = parseTimestamp(value);
  if (ms === undefined) return <>{fallback}</>;
  const dateTime = new Date(ms).toISOString();
  return precision === 'day' ? (
    <time dateTime={dateTime} title={formatDateTime(value, 'minute')}>
      {formatDate(value)}
    </time>
  ) : (
    <time dateTime={dateTime}>{formatDateTime(value, 'minute')}</time>
  );
};

import { formatDateTime, parseTimestamp } from '../../models';

/** A point in time in UTC, machine-readable for assistive technology. */
export const DateTime = ({
  value,
  fallback = '—',
}: {
  /** An ISO 8601 timestamp. */
  value: unknown;
  /** Shown when the value is missing or not a timestamp. */
  fallback?: string;
}) => {
  const ms = parseTimestamp(value);
  if (ms === undefined) return <>{fallback}</>;
  return (
    <time dateTime={new Date(ms).toISOString()}>{formatDateTime(value)}</time>
  );
};

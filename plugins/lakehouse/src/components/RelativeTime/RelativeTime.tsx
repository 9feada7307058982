import {
  formatDateTime,
  parseTimestamp,
} from '@internal/plugin-lakehouse-react';
import { formatRelativeTime } from '../../format';

/** Properties of {@link RelativeTime}. */
export interface RelativeTimeProps {
  /** An ISO 8601 timestamp. */
  value: unknown;
  /** Shown when the value is missing or not a timestamp. */
  fallback?: string;
}

/** How long ago something happened, with the exact time (UTC) on hover. */
export const RelativeTime = ({
  value,
  fallback = 'unknown',
}: RelativeTimeProps) => {
  const ms = parseTimestamp(value);
  if (ms === undefined) return <>{fallback}</>;
  return (
    <time
      dateTime={new Date(ms).toISOString()}
      title={formatDateTime(value, 'second')}
    >
      {formatRelativeTime(value)}
    </time>
  );
};

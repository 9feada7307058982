// Formatting of the figures catalog providers put on dataset entities.
// Every formatter returns undefined for a value it cannot make sense of, so
// that callers decide between leaving a fact out and saying "unknown" and
// nothing ever shows "NaN" or "undefined". Exact times are formatted by
// formatDateTime of @internal/plugin-lakehouse-react.

import { parseTimestamp } from '@internal/plugin-lakehouse-react';

const LOCALE = 'en-US';

const countFormat = new Intl.NumberFormat(LOCALE);

/** A non-negative finite number, from a number or a plain decimal string. */
export function asCount(value: unknown): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) {
    n = Number(value);
  }
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `12345` as `12,345`. */
export function formatCount(value: unknown): string | undefined {
  const n = asCount(value);
  return n === undefined ? undefined : countFormat.format(n);
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** A size in bytes in decimal units: `1.2 GB`, `340 MB`, `512 B`. */
export function formatBytes(value: unknown): string | undefined {
  const bytes = asCount(value);
  if (bytes === undefined) return undefined;
  let size = bytes;
  let unit = 0;
  const digits = (v: number) => (v < 10 && unit > 0 ? 1 : 0);
  const rounded = (v: number) => Number(v.toFixed(digits(v)));
  // Move up while the rounded figure would read 1000 or more (999.97 MB is 1 GB).
  while (rounded(size) >= 1000 && unit < BYTE_UNITS.length - 1) {
    size /= 1000;
    unit += 1;
  }
  const text = new Intl.NumberFormat(LOCALE, {
    maximumFractionDigits: digits(size),
  }).format(size);
  return `${text} ${BYTE_UNITS[unit]}`;
}

const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, {
  numeric: 'auto',
});

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** How long ago an ISO 8601 timestamp was: `3 hours ago`, `yesterday`. */
export function formatRelativeTime(
  value: unknown,
  now: number = Date.now(),
): string | undefined {
  const ms = parseTimestamp(value);
  if (ms === undefined) return undefined;
  let amount = (ms - now) / 1000;
  for (const [unit, perNext] of RELATIVE_STEPS) {
    if (Math.abs(Math.round(amount)) < perNext) {
      return relativeFormat.format(Math.round(amount), unit);
    }
    amount /= perNext;
  }
  return undefined;
}

/**
 * How long something took: `0.4 s`, `12.3 s`, `2 min 5 s`, `1 h 3 min`.
 * Tenths of a second below a minute, so a running query's clock visibly moves.
 */
export function formatDuration(ms: unknown): string | undefined {
  const n = asCount(ms);
  if (n === undefined) return undefined;
  const seconds = n / 1000;
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const totalSeconds = Math.round(seconds);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min ${totalSeconds % 60} s`;
}

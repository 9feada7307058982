import { formatDate, formatDateTime, parseTimestamp } from './time';

describe('times', () => {
  it('shows the exact time in UTC', () => {
    expect(formatDateTime('2025-09-01T08:00:00+02:00', 'second')).toBe(
      '2025-09-01 06:00:00 UTC',
    );
  });

  it('shows the time to the minute in UTC, without rounding up', () => {
    expect(formatDateTime('2025-09-01T06:00:59+02:00', 'minute')).toBe(
      '2025-09-01 04:00 UTC',
    );
  });

  it('gives the day in UTC, which may differ from the local one', () => {
    expect(formatDate('2025-09-01T01:30:00+02:00')).toBe('2025-08-31');
  });

  it('gives nothing for what is not a timestamp', () => {
    expect(formatDateTime(undefined, 'second')).toBeUndefined();
    expect(formatDateTime(1756706400000, 'second')).toBeUndefined();
    expect(formatDateTime('yesterday', 'minute')).toBeUndefined();
    expect(formatDate(undefined)).toBeUndefined();
    expect(parseTimestamp('')).toBeUndefined();
  });

  it('reads a timestamp with its offset', () => {
    expect(parseTimestamp('2025-09-01T08:00:00+02:00')).toBe(
      Date.parse('2025-09-01T06:00:00Z'),
    );
  });
});

import {
  formatBytes,
  formatCount,
  formatDuration,
  formatRelativeTime,
} from './format';

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(0)).toBe('0');
    expect(formatCount('1048576')).toBe('1,048,576');
  });

  it('gives nothing for what is not a count', () => {
    expect(formatCount(undefined)).toBeUndefined();
    expect(formatCount(NaN)).toBeUndefined();
    expect(formatCount(-1)).toBeUndefined();
    expect(formatCount('many')).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it('uses decimal units with one decimal below ten', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_234_567_890)).toBe('1.2 GB');
    expect(formatBytes(340_000_000)).toBe('340 MB');
    expect(formatBytes(12_600_000_000_000)).toBe('13 TB');
    expect(formatBytes(2_000)).toBe('2 kB');
  });

  it('moves to the next unit instead of showing 1,000', () => {
    expect(formatBytes(999_970_000)).toBe('1 GB');
  });

  it('gives nothing for what is not a size', () => {
    expect(formatBytes(undefined)).toBeUndefined();
    expect(formatBytes(Infinity)).toBeUndefined();
  });
});

describe('times', () => {
  const now = Date.parse('2025-09-01T09:00:00Z');

  it('says how long ago something happened', () => {
    expect(formatRelativeTime('2025-09-01T06:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2025-08-31T09:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2025-09-01T08:59:30Z', now)).toBe(
      '30 seconds ago',
    );
    expect(formatRelativeTime('2025-06-01T09:00:00Z', now)).toBe(
      '3 months ago',
    );
  });

  it('gives nothing for what is not a timestamp', () => {
    expect(formatRelativeTime('last tuesday', now)).toBeUndefined();
    expect(formatRelativeTime(undefined, now)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('shows tenths of a second below a minute', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(420)).toBe('0.4 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(59_990)).toBe('1 min 0 s');
  });

  it('shows minutes and hours for long queries', () => {
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
  });

  it('gives nothing for what is not a duration', () => {
    expect(formatDuration(undefined)).toBeUndefined();
    expect(formatDuration(-5)).toBeUndefined();
  });
});

/*
 * The parts of protobuf's JSON mapping (https://protobuf.dev/programming-guides/json/) that are not a
 * plain copy of the value, written the way Python's google.protobuf.json_format prints and parses them
 * (that is what Feast's MessageToDict output is): Timestamp and Duration strings with 0, 3, 6 or 9
 * fractional digits, 32-bit floats printed with the fewest digits that read back to the same float
 * (at least 6 significant digits, as json_format's ToShortestFloat starts there), non-finite numbers
 * as "NaN" / "Infinity" / "-Infinity", bytes as standard base64.
 */

const TIMESTAMP_SECONDS_MIN = -62135596800n; // 0001-01-01T00:00:00Z
const TIMESTAMP_SECONDS_MAX = 253402300799n; // 9999-12-31T23:59:59Z
const DURATION_SECONDS_MAX = 315576000000n; // 10,000 years
const NANOS_PER_SECOND = 1_000_000_000;

/** Formats the fractional part as json_format does: none, or 3, 6 or 9 digits. */
function fraction(nanos: number): string {
  if (nanos === 0) {
    return '';
  }
  if (nanos % 1_000_000 === 0) {
    return `.${String(nanos / 1_000_000).padStart(3, '0')}`;
  }
  if (nanos % 1_000 === 0) {
    return `.${String(nanos / 1_000).padStart(6, '0')}`;
  }
  return `.${String(nanos).padStart(9, '0')}`;
}

/** Parses `.123` (up to 9 digits) into nanoseconds. */
function parseFraction(digits: string | undefined): number {
  if (!digits) {
    return 0;
  }
  return Number(digits.slice(1).padEnd(9, '0'));
}

/** `google.protobuf.Timestamp` as an RFC 3339 string in UTC, e.g. `2021-01-01T00:00:00.250Z`. */
export function formatTimestamp(seconds: bigint, nanos: number): string {
  if (seconds < TIMESTAMP_SECONDS_MIN || seconds > TIMESTAMP_SECONDS_MAX) {
    throw new RangeError(
      `Timestamp seconds ${seconds} are outside 0001-01-01..9999-12-31`,
    );
  }
  if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
    throw new RangeError(`Timestamp nanos ${nanos} are outside 0..999999999`);
  }
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}${fraction(nanos)}Z`;
}

const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp (`Z` or an offset) into seconds and nanos. */
export function parseTimestamp(text: string): {
  seconds: bigint;
  nanos: number;
} {
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match) {
    throw new RangeError(
      `"${text}" is not an RFC 3339 timestamp like 2021-01-01T00:00:00Z`,
    );
  }
  const [, year, month, day, hour, minute, second, digits, zone] = match;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  if (
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59
  ) {
    throw new RangeError(`"${text}" is not a valid date and time`);
  }
  let seconds = BigInt(Math.floor(date.getTime() / 1000));
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const offsetMinutes =
      BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60n;
    seconds -= sign * offsetMinutes;
  }
  if (seconds < TIMESTAMP_SECONDS_MIN || seconds > TIMESTAMP_SECONDS_MAX) {
    throw new RangeError(`"${text}" is outside 0001-01-01..9999-12-31`);
  }
  return { seconds, nanos: parseFraction(digits) };
}

/** `google.protobuf.Duration` as seconds with an `s` suffix, e.g. `86400s`, `-1.500s`. */
export function formatDuration(seconds: bigint, nanos: number): string {
  if (seconds < -DURATION_SECONDS_MAX || seconds > DURATION_SECONDS_MAX) {
    throw new RangeError(`Duration seconds ${seconds} exceed 10,000 years`);
  }
  if (nanos <= -NANOS_PER_SECOND || nanos >= NANOS_PER_SECOND) {
    throw new RangeError(`Duration nanos ${nanos} are outside ±999999999`);
  }
  if ((nanos < 0 && seconds > 0n) || (nanos > 0 && seconds < 0n)) {
    throw new RangeError(
      `Duration seconds ${seconds} and nanos ${nanos} have different signs`,
    );
  }
  const negative = seconds < 0n || nanos < 0;
  const absSeconds = negative ? -seconds : seconds;
  return `${negative ? '-' : ''}${absSeconds}${fraction(Math.abs(nanos))}s`;
}

const DURATION_PATTERN = /^(-)?(\d+)(\.\d{1,9})?s$/;

/** Parses `86400s` / `-1.5s` into seconds and nanos (both carrying the sign). */
export function parseDuration(text: string): {
  seconds: bigint;
  nanos: number;
} {
  const match = DURATION_PATTERN.exec(text);
  if (!match) {
    throw new RangeError(
      `"${text}" is not a duration in seconds like 86400s or 1.5s`,
    );
  }
  const [, minus, whole, digits] = match;
  const seconds = BigInt(whole);
  if (seconds > DURATION_SECONDS_MAX) {
    throw new RangeError(`"${text}" exceeds 10,000 years`);
  }
  const nanos = parseFraction(digits);
  return minus
    ? { seconds: -seconds, nanos: nanos === 0 ? 0 : -nanos }
    : { seconds, nanos };
}

/**
 * A 32-bit float with the fewest significant digits (6 at least) that read
 * back to the same float, as json_format prints `float` fields.
 */
export function shortestFloat(value: number): number {
  for (let precision = 6; precision < 17; precision++) {
    const rounded = Number(value.toPrecision(precision));
    if (Math.fround(rounded) === value) {
      return rounded;
    }
  }
  return value;
}

/** A `float` or `double` value in JSON: a number, or "NaN" / "Infinity" / "-Infinity". */
export function floatToJson(value: number, float32: boolean): number | string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (value === Infinity) {
    return 'Infinity';
  }
  if (value === -Infinity) {
    return '-Infinity';
  }
  return float32 ? shortestFloat(value) : value;
}

/** The number a JSON `float` / `double` value stands for. */
export function floatFromJson(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (value === 'NaN') {
    return NaN;
  }
  if (value === 'Infinity') {
    return Infinity;
  }
  if (value === '-Infinity') {
    return -Infinity;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

const BASE64_PATTERN = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes standard or URL-safe base64 (padding optional), as json_format accepts it. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (!BASE64_PATTERN.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(text, 'base64');
}

/** Standard base64 with padding, as json_format prints `bytes` fields. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    'base64',
  );
}

/*
 * JSON writer for Iceberg table metadata (Iceberg table spec, https://iceberg.apache.org/spec/#table-metadata-fields,
 * and LoadTableResult in iceberg-rest-catalog-open-api.yaml, apache-iceberg-1.11.0). Snapshot ids are int64 and
 * real catalogs write them as bare JSON integers that exceed Number.MAX_SAFE_INTEGER, so this writer keeps every
 * digit: `bigint` values, and decimal-digit strings under the int64 id keys, are written as bare integers.
 */

/** Keys whose decimal-string values are written as bare JSON integers. */
const INT64_ID_KEYS = new Set([
  'snapshot-id',
  'parent-snapshot-id',
  'current-snapshot-id',
]);

const DIGITS = /^-?\d+$/;

/**
 * Serializes `value` to JSON text like JSON.stringify, but writes `bigint` as bare integers
 * (all digits kept), and decimal strings under `snapshot-id`, `parent-snapshot-id` and
 * `current-snapshot-id` as bare integers too.
 *
 * @public
 */
export function toLosslessJson(value: unknown): string {
  return write(value, undefined);
}

function write(value: unknown, key: string | undefined): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return key !== undefined && INT64_ID_KEYS.has(key) && DIGITS.test(value)
        ? value
        : JSON.stringify(value);
    case 'object': {
      if (value === null) {
        return 'null';
      }
      if (Array.isArray(value)) {
        return `[${value
          .map(v =>
            v === undefined || typeof v === 'function' ? 'null' : write(v, key),
          )
          .join(',')}]`;
      }
      const toJSON = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === 'function') {
        return write(toJSON.call(value), key);
      }
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (
          v === undefined ||
          typeof v === 'function' ||
          typeof v === 'symbol'
        ) {
          continue;
        }
        parts.push(`${JSON.stringify(k)}:${write(v, k)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}

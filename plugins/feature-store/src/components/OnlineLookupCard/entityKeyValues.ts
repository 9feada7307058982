import { EntityKeyValue } from '@internal/plugin-feature-store-common';
import { FeatureViewEntityKey } from '@internal/plugin-lakehouse-common';

/** The values typed for one join key, or why they cannot be used. */
export type ParsedKeyValues =
  | { values: EntityKeyValue[]; error?: undefined }
  | { values?: undefined; error: string };

const WHOLE_NUMBER_TYPES = ['INT32', 'INT64', 'UNIX_TIMESTAMP'];
const DECIMAL_TYPES = ['FLOAT', 'DOUBLE'];

function wholeNumber(value: string): EntityKeyValue | undefined {
  if (!/^-?\d+$/.test(value)) return undefined;
  const n = Number(value);
  // Beyond 2^53 a JSON number would lose digits: the text keeps them.
  return Number.isSafeInteger(n) ? n : value;
}

/**
 * Turns what the user typed for a join key into the values of the lookup,
 * typed as the key's Feast value type says: the feature server finds no
 * row for `"1001"` when the key is an INT64. Several values are separated
 * by commas, one per entity row.
 */
export function parseKeyValues(
  raw: string,
  key: Pick<FeatureViewEntityKey, 'joinKey' | 'valueType'>,
): ParsedKeyValues {
  const parts = raw
    .split(',')
    .map(p => p.trim())
    .filter(p => p !== '');
  if (parts.length === 0) {
    return { error: `Enter a value for ${key.joinKey}` };
  }
  const type = key.valueType?.toUpperCase();
  const values: EntityKeyValue[] = [];
  for (const part of parts) {
    let value: EntityKeyValue | undefined;
    if (type && WHOLE_NUMBER_TYPES.includes(type)) {
      value = wholeNumber(part);
      if (value === undefined) {
        return {
          error: `${key.joinKey} is ${type}: "${part}" is not a whole number`,
        };
      }
    } else if (type && DECIMAL_TYPES.includes(type)) {
      const n = Number(part);
      if (!Number.isFinite(n)) {
        return {
          error: `${key.joinKey} is ${type}: "${part}" is not a number`,
        };
      }
      value = n;
    } else if (type === 'BOOL') {
      if (!/^(true|false)$/i.test(part)) {
        return {
          error: `${key.joinKey} is BOOL: "${part}" is not true or false`,
        };
      }
      value = part.toLowerCase() === 'true';
    } else if (type) {
      value = part;
    } else {
      // Type not recorded: Feast join keys are most often integer ids.
      value = wholeNumber(part) ?? part;
    }
    values.push(value);
  }
  return { values };
}

/**
 * Checks that every join key got as many values as the others: each
 * position is one entity row.
 */
export function checkRowCounts(
  parsed: Record<string, EntityKeyValue[]>,
): string | undefined {
  const counts = Object.entries(parsed).map(([k, v]) => [k, v.length] as const);
  if (new Set(counts.map(([, n]) => n)).size <= 1) return undefined;
  return `Give every join key the same number of values, one per entity: ${counts
    .map(([k, n]) => `${k} has ${n}`)
    .join(', ')}`;
}

/*
 * Mapping of DuckDB result types to Trino types as the Trino client protocol reports them
 * (https://trino.io/docs/current/develop/client-protocol.html; io.trino.client.Column, ClientTypeSignature and
 * ClientTypeSignatureParameter with kinds TYPE, NAMED_TYPE, LONG) and to the JSON encoding of values Trino uses
 * in `data` (bigint/integer/double as JSON numbers, NaN/Infinity as strings, decimal as string, date as
 * 'YYYY-MM-DD', timestamp(p) as 'YYYY-MM-DD HH:MM:SS.fff...' with exactly p digits, varbinary as base64,
 * array as JSON array, row as JSON array of field values, map as JSON object).
 */
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

/**
 * Parameter of a client type signature (modern format, Trino 321+).
 *
 * @public
 */
export type TrinoTypeArgument =
  | { kind: 'LONG'; value: number }
  | { kind: 'TYPE'; value: TrinoTypeSignature }
  | {
      kind: 'NAMED_TYPE';
      value: {
        fieldName?: { name: string };
        typeSignature: TrinoTypeSignature;
      };
    };

/**
 * ClientTypeSignature of the Trino protocol.
 *
 * @public
 */
export interface TrinoTypeSignature {
  rawType: string;
  arguments: TrinoTypeArgument[];
}

/**
 * A result column as Trino sends it.
 *
 * @public
 */
export interface TrinoColumn {
  name: string;
  type: string;
  typeSignature: TrinoTypeSignature;
}

/** Trino type name and signature. */
export interface TrinoTypeInfo {
  type: string;
  typeSignature: TrinoTypeSignature;
}

const VARCHAR_MAX = 2147483647;

const simple = (type: string): TrinoTypeInfo => ({
  type,
  typeSignature: { rawType: type, arguments: [] },
});

const VARCHAR: TrinoTypeInfo = {
  type: 'varchar',
  typeSignature: {
    rawType: 'varchar',
    arguments: [{ kind: 'LONG', value: VARCHAR_MAX }],
  },
};

function decimal(precision: number, scale: number): TrinoTypeInfo {
  return {
    type: `decimal(${precision},${scale})`,
    typeSignature: {
      rawType: 'decimal',
      arguments: [
        { kind: 'LONG', value: precision },
        { kind: 'LONG', value: scale },
      ],
    },
  };
}

function withPrecision(
  base: 'timestamp' | 'time',
  precision: number,
  tz = false,
): TrinoTypeInfo {
  const rawType = tz ? `${base} with time zone` : base;
  return {
    type: tz ? `${base}(${precision}) with time zone` : `${base}(${precision})`,
    typeSignature: { rawType, arguments: [{ kind: 'LONG', value: precision }] },
  };
}

/** The Trino type of a DuckDB type. */
export function trinoType(t: DuckDBType): TrinoTypeInfo {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return simple('boolean');
    case DuckDBTypeId.TINYINT:
      return simple('tinyint');
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return simple('smallint');
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return simple('integer');
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return simple('bigint');
    case DuckDBTypeId.UBIGINT:
      return decimal(20, 0);
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return decimal(38, 0);
    case DuckDBTypeId.FLOAT:
      return simple('real');
    case DuckDBTypeId.DOUBLE:
      return simple('double');
    case DuckDBTypeId.DECIMAL:
      return decimal(t.width, t.scale);
    case DuckDBTypeId.VARCHAR:
      return t.alias?.toUpperCase() === 'JSON' ? simple('json') : VARCHAR;
    case DuckDBTypeId.BLOB:
      return simple('varbinary');
    case DuckDBTypeId.UUID:
      return simple('uuid');
    case DuckDBTypeId.DATE:
      return simple('date');
    case DuckDBTypeId.TIME:
      return withPrecision('time', 6);
    case DuckDBTypeId.TIME_NS:
      return withPrecision('time', 9);
    case DuckDBTypeId.TIME_TZ:
      return withPrecision('time', 6, true);
    case DuckDBTypeId.TIMESTAMP:
      return withPrecision('timestamp', 6);
    case DuckDBTypeId.TIMESTAMP_S:
      return withPrecision('timestamp', 0);
    case DuckDBTypeId.TIMESTAMP_MS:
      return withPrecision('timestamp', 3);
    case DuckDBTypeId.TIMESTAMP_NS:
      return withPrecision('timestamp', 9);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return withPrecision('timestamp', 6, true);
    case DuckDBTypeId.INTERVAL:
      return simple('interval day to second');
    case DuckDBTypeId.SQLNULL:
      return simple('unknown');
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const element = trinoType(t.valueType);
      return {
        type: `array(${element.type})`,
        typeSignature: {
          rawType: 'array',
          arguments: [{ kind: 'TYPE', value: element.typeSignature }],
        },
      };
    }
    case DuckDBTypeId.MAP: {
      const key = trinoType(t.keyType);
      const value = trinoType(t.valueType);
      return {
        type: `map(${key.type}, ${value.type})`,
        typeSignature: {
          rawType: 'map',
          arguments: [
            { kind: 'TYPE', value: key.typeSignature },
            { kind: 'TYPE', value: value.typeSignature },
          ],
        },
      };
    }
    case DuckDBTypeId.STRUCT: {
      const fields = t.entryNames.map((name, i) => ({
        name,
        info: trinoType(t.entryTypes[i]),
      }));
      return {
        type: `row(${fields.map(f => `${f.name} ${f.info.type}`).join(', ')})`,
        typeSignature: {
          rawType: 'row',
          arguments: fields.map(f => ({
            kind: 'NAMED_TYPE' as const,
            value: {
              fieldName: { name: f.name },
              typeSignature: f.info.typeSignature,
            },
          })),
        },
      };
    }
    default:
      return VARCHAR;
  }
}

/**
 * A DuckDB SQL expression turning `expr` (of type `t`) into the JSON value Trino would send.
 * The result is a DuckDB value json_array() embeds as is (numbers, booleans, strings or JSON).
 */
export function jsonValueSql(t: DuckDBType, expr: string): string {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
      return expr;
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return `CASE WHEN isnan(${expr}) THEN '"NaN"'::JSON WHEN isinf(${expr}) THEN (CASE WHEN ${expr} > 0 THEN '"Infinity"' ELSE '"-Infinity"' END)::JSON ELSE to_json(${expr}) END`;
    case DuckDBTypeId.VARCHAR:
      return t.alias ? `CAST(${expr} AS VARCHAR)` : expr;
    case DuckDBTypeId.BLOB:
      return `to_base64(${expr})`;
    case DuckDBTypeId.TIME:
      return `strftime(DATE '1970-01-01' + ${expr}, '%H:%M:%S.%f')`;
    case DuckDBTypeId.TIMESTAMP:
      return `strftime(${expr}, '%Y-%m-%d %H:%M:%S.%f')`;
    case DuckDBTypeId.TIMESTAMP_S:
      return `strftime(${expr}, '%Y-%m-%d %H:%M:%S')`;
    case DuckDBTypeId.TIMESTAMP_MS:
      return `strftime(${expr}, '%Y-%m-%d %H:%M:%S.%g')`;
    case DuckDBTypeId.TIMESTAMP_NS:
      return `strftime(${expr}, '%Y-%m-%d %H:%M:%S.%n')`;
    case DuckDBTypeId.TIMESTAMP_TZ:
      return `(strftime(${expr}, '%Y-%m-%d %H:%M:%S.%f') || ' UTC')`;
    case DuckDBTypeId.SQLNULL:
      return 'NULL';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const inner = jsonValueSql(t.valueType, '__e');
      return inner === '__e'
        ? `to_json(${expr})`
        : `to_json(list_transform(${expr}, __e -> ${inner}))`;
    }
    case DuckDBTypeId.STRUCT:
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE json_array(${t.entryNames
        .map((name, i) =>
          jsonValueSql(
            t.entryTypes[i],
            `struct_extract(${expr}, '${name.replace(/'/g, "''")}')`,
          ),
        )
        .join(', ')}) END`;
    case DuckDBTypeId.MAP:
      return `to_json(${expr})`;
    default:
      // decimal, dates, uuid, interval, enum and anything else: their text form, as a JSON string
      return `CAST(${expr} AS VARCHAR)`;
  }
}

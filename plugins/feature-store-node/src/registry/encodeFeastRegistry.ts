/*
 * Writes a Feast registry document (protobuf's JSON mapping, the MessageToDict form) back into a binary
 * `feast.core.Registry` message, with protobufjs's Writer and Feast's message definitions. It accepts what
 * Python's `ParseDict` accepts for these messages (JSON names or .proto names, enum names or numbers,
 * 64-bit integers as strings or numbers, RFC 3339 timestamps, `"1.5s"` durations, base64 bytes) and
 * refuses unknown keys and ill-typed values with the path of the offending key. Fields are written in
 * field-number order, default values of fields without presence are left out and numbers are packed, as
 * protobuf's own serializers do.
 */
import { Writer } from 'protobufjs';
import {
  type FieldInfo,
  type MessageInfo,
  registryMessageInfo,
  SCALAR_WIRE_TYPE,
  type ScalarType,
  type ValueKind,
} from './protoSchema';
import {
  base64ToBytes,
  floatFromJson,
  parseDuration,
  parseTimestamp,
} from './protoJson';
import type { FeastRegistryDocument } from './types';

/**
 * A registry document that cannot be written as a `feast.core.Registry`
 * message; the message names the path of the offending key.
 *
 * @public
 */
export class FeastRegistryEncodeError extends Error {
  readonly name = 'FeastRegistryEncodeError';

  constructor(
    message: string,
    /** Path of the offending key, e.g. `featureViews[0].spec.ttl`. */
    readonly path: string,
  ) {
    super(message);
  }
}

class Refusal extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

const INT32_RANGE = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const UINT32_RANGE = { min: 0n, max: 2n ** 32n - 1n };
const INT64_RANGE = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT64_RANGE = { min: 0n, max: 2n ** 64n - 1n };
const FLOAT32_MAX = 3.4028234663852886e38;

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return JSON.stringify(value) ?? String(value);
}

/** An integer given as a JSON number or a decimal string. */
function parseInteger(
  value: unknown,
  range: { min: bigint; max: bigint },
  path: string,
  typeName: string,
): bigint {
  let parsed: bigint | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) {
    parsed = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    parsed = BigInt(value);
  }
  if (parsed === undefined) {
    throw new Refusal(
      path,
      `expected an integer (${typeName}), found ${describe(value)}`,
    );
  }
  if (parsed < range.min || parsed > range.max) {
    throw new Refusal(path, `${value} is out of range for ${typeName}`);
  }
  return parsed;
}

/** The two 32-bit halves protobufjs's Writer takes for 64-bit values. */
function longBits(value: bigint): { low: number; high: number } {
  const bits = BigInt.asUintN(64, value);
  return {
    low: Number(bits & 0xffffffffn) | 0,
    high: Number(bits >> 32n) | 0,
  };
}

type Long64 = Parameters<Writer['int64']>[0];

function writeScalar(
  writer: Writer,
  scalar: ScalarType,
  value: unknown,
  path: string,
): void {
  switch (scalar) {
    case 'int32':
      writer.int32(Number(parseInteger(value, INT32_RANGE, path, scalar)));
      return;
    case 'sint32':
      writer.sint32(Number(parseInteger(value, INT32_RANGE, path, scalar)));
      return;
    case 'sfixed32':
      writer.sfixed32(Number(parseInteger(value, INT32_RANGE, path, scalar)));
      return;
    case 'uint32':
      writer.uint32(Number(parseInteger(value, UINT32_RANGE, path, scalar)));
      return;
    case 'fixed32':
      writer.fixed32(Number(parseInteger(value, UINT32_RANGE, path, scalar)));
      return;
    case 'int64':
    case 'sint64':
    case 'sfixed64': {
      const bits = longBits(parseInteger(value, INT64_RANGE, path, scalar));
      writer[scalar](bits as unknown as Long64);
      return;
    }
    case 'uint64':
    case 'fixed64': {
      const bits = longBits(parseInteger(value, UINT64_RANGE, path, scalar));
      writer[scalar](bits as unknown as Long64);
      return;
    }
    case 'float':
    case 'double': {
      const number = floatFromJson(value);
      if (number === undefined) {
        throw new Refusal(
          path,
          `expected a number (${scalar}), found ${describe(value)}`,
        );
      }
      if (
        scalar === 'float' &&
        Number.isFinite(number) &&
        Math.abs(number) > FLOAT32_MAX
      ) {
        throw new Refusal(path, `${value} is too large for a float`);
      }
      writer[scalar](number);
      return;
    }
    case 'bool':
      if (typeof value !== 'boolean') {
        throw new Refusal(
          path,
          `expected true or false, found ${describe(value)}`,
        );
      }
      writer.bool(value);
      return;
    case 'string':
      if (typeof value !== 'string') {
        throw new Refusal(path, `expected a string, found ${describe(value)}`);
      }
      writer.string(value);
      return;
    case 'bytes': {
      const bytes =
        typeof value === 'string' ? base64ToBytes(value) : undefined;
      if (!bytes) {
        throw new Refusal(
          path,
          `expected base64-encoded bytes, found ${describe(value)}`,
        );
      }
      writer.bytes(bytes);
      return;
    }
    default:
      throw new Refusal(path, `unsupported scalar type ${scalar}`);
  }
}

function enumNumber(kind: ValueKind, value: unknown, path: string): number {
  if (kind.kind !== 'enum') {
    throw new Error('not an enum');
  }
  if (typeof value === 'string') {
    const number = kind.enumInfo.numberByName.get(value);
    if (number === undefined) {
      throw new Refusal(
        path,
        `"${value}" is not a value of ${kind.enumInfo.fullName}`,
      );
    }
    return number;
  }
  // Open enums keep numbers they do not name (values of a newer Feast).
  return Number(parseInteger(value, INT32_RANGE, path, kind.enumInfo.fullName));
}

function isDefaultJson(kind: ValueKind, value: unknown): boolean {
  if (kind.kind === 'message') {
    return false;
  }
  if (kind.kind === 'enum') {
    return value === 0 || kind.enumInfo.numberByName.get(value as string) === 0;
  }
  switch (kind.scalar) {
    case 'string':
    case 'bytes':
      return value === '';
    case 'bool':
      return value === false;
    case 'float':
    case 'double':
      return Object.is(floatFromJson(value), 0);
    default:
      return value === 0 || value === '0';
  }
}

function writeValue(
  writer: Writer,
  kind: ValueKind,
  value: unknown,
  path: string,
): void {
  if (kind.kind === 'message') {
    writer.fork();
    writeMessage(writer, kind.message(), value, path);
    writer.ldelim();
  } else if (kind.kind === 'enum') {
    writer.int32(enumNumber(kind, value, path));
  } else {
    writeScalar(writer, kind.scalar, value, path);
  }
}

function wireTypeOf(kind: ValueKind): number {
  if (kind.kind === 'scalar') {
    return SCALAR_WIRE_TYPE[kind.scalar];
  }
  return kind.kind === 'enum' ? 0 : 2;
}

function tag(field: number, wireType: number): number {
  return ((field << 3) | wireType) >>> 0;
}

function parseMapKey(scalar: ScalarType, key: string, path: string): unknown {
  if (scalar === 'string') {
    return key;
  }
  if (scalar === 'bool') {
    if (key !== 'true' && key !== 'false') {
      throw new Refusal(path, `map key "${key}" is not true or false`);
    }
    return key === 'true';
  }
  return key;
}

function writeField(
  writer: Writer,
  field: FieldInfo,
  value: unknown,
  path: string,
): void {
  if (field.mapKey) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Refusal(path, `expected an object, found ${describe(value)}`);
    }
    const keyKind: ValueKind = { kind: 'scalar', scalar: field.mapKey };
    for (const [key, entry] of Object.entries(value)) {
      const entryPath = `${path}.${key}`;
      if (entry === null) {
        throw new Refusal(entryPath, 'map values cannot be null');
      }
      writer.uint32(tag(field.id, 2)).fork();
      writer.uint32(tag(1, wireTypeOf(keyKind)));
      writeValue(
        writer,
        keyKind,
        parseMapKey(field.mapKey, key, entryPath),
        entryPath,
      );
      writer.uint32(tag(2, wireTypeOf(field.value)));
      writeValue(writer, field.value, entry, entryPath);
      writer.ldelim();
    }
    return;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) {
      throw new Refusal(path, `expected a list, found ${describe(value)}`);
    }
    value.forEach((element, i) => {
      if (element === null) {
        throw new Refusal(`${path}[${i}]`, 'list elements cannot be null');
      }
    });
    if (field.packed) {
      if (value.length > 0) {
        writer.uint32(tag(field.id, 2)).fork();
        value.forEach((element, i) =>
          writeValue(writer, field.value, element, `${path}[${i}]`),
        );
        writer.ldelim();
      }
    } else {
      value.forEach((element, i) => {
        writer.uint32(tag(field.id, wireTypeOf(field.value)));
        writeValue(writer, field.value, element, `${path}[${i}]`);
      });
    }
    return;
  }
  if (!field.hasPresence && isDefaultJson(field.value, value)) {
    return;
  }
  writer.uint32(tag(field.id, wireTypeOf(field.value)));
  writeValue(writer, field.value, value, path);
}

/** Splits seconds and nanos into the fields of Timestamp and Duration. */
function writeSecondsAndNanos(
  writer: Writer,
  seconds: bigint,
  nanos: number,
): void {
  if (seconds !== 0n) {
    writer.uint32(tag(1, 0)).int64(longBits(seconds) as unknown as Long64);
  }
  if (nanos !== 0) {
    writer.uint32(tag(2, 0)).int32(nanos);
  }
}

function writeWellKnown(
  writer: Writer,
  info: MessageInfo,
  value: unknown,
  path: string,
): boolean {
  const name = info.fullName;
  if (
    name === 'google.protobuf.Timestamp' ||
    name === 'google.protobuf.Duration'
  ) {
    if (typeof value !== 'string') {
      throw new Refusal(
        path,
        `expected a ${name.slice(16).toLowerCase()} string, found ${describe(
          value,
        )}`,
      );
    }
    try {
      const { seconds, nanos } =
        name === 'google.protobuf.Timestamp'
          ? parseTimestamp(value)
          : parseDuration(value);
      writeSecondsAndNanos(writer, seconds, nanos);
    } catch (error) {
      throw new Refusal(path, (error as Error).message);
    }
    return true;
  }
  if (name.startsWith('google.protobuf.') && name.endsWith('Value')) {
    const field = info.byName.get('value');
    if (field && info.fields.length === 1) {
      writeField(writer, field, value, path);
      return true;
    }
  }
  return false;
}

function writeMessage(
  writer: Writer,
  info: MessageInfo,
  value: unknown,
  path: string,
): void {
  if (writeWellKnown(writer, info, value, path)) {
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(
      path,
      `expected an object (${info.fullName}), found ${describe(value)}`,
    );
  }
  const present = new Map<number, { field: FieldInfo; value: unknown }>();
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = info.byName.get(key);
    const keyPath = path ? `${path}.${key}` : key;
    if (!field) {
      throw new Refusal(keyPath, `unknown field "${key}" of ${info.fullName}`);
    }
    if (present.has(field.id)) {
      throw new Refusal(keyPath, `field "${key}" is given twice`);
    }
    // ParseDict reads null as "not set".
    if (fieldValue !== null) {
      present.set(field.id, { field, value: fieldValue });
    }
  }
  for (const members of info.oneofs) {
    const given = members
      .map(index => info.fields[index])
      .filter(field => present.has(field.id));
    if (given.length > 1) {
      throw new Refusal(
        path,
        `only one of ${given
          .map(field => field.jsonName)
          .join(', ')} may be set in ${info.fullName}`,
      );
    }
  }
  for (const field of info.fields) {
    const entry = present.get(field.id);
    if (entry) {
      writeField(
        writer,
        field,
        entry.value,
        path ? `${path}.${field.jsonName}` : field.jsonName,
      );
    }
  }
}

/**
 * Writes a registry document (the form {@link decodeFeastRegistry} returns)
 * as a binary `feast.core.Registry` message, the content of a Feast
 * `registry.db` file.
 *
 * @throws {@link FeastRegistryEncodeError} for keys that are not fields of
 *   Feast's messages and for values of the wrong type, naming their path
 * @public
 */
export function encodeFeastRegistry(doc: FeastRegistryDocument): Uint8Array {
  const writer = Writer.create();
  try {
    writeMessage(writer, registryMessageInfo(), doc, '');
  } catch (error) {
    if (error instanceof Refusal) {
      throw new FeastRegistryEncodeError(
        `Cannot write the Feast registry: ${error.message} at ${
          error.path || 'the top level'
        }`,
        error.path,
      );
    }
    throw error;
  }
  return writer.finish();
}

/*
 * Reads a Feast `registry.db` file (one binary `feast.core.Registry` message) into the document Python's
 * `MessageToDict` prints for it. protobufjs parses Feast's .proto files and reads the wire; the walk over
 * the fields is written here because MessageToDict's rules are not protobufjs's `toObject`: a field is
 * printed when set (message fields, oneof members and proto3 `optional` fields even when empty or zero,
 * other scalars only when not zero), a known field number arriving with another wire type is skipped as
 * an unknown field (as protobuf's Python runtime does), strings must be valid UTF-8, 64-bit integers keep
 * every digit, a singular message field sent twice is merged, and the last oneof member sent wins.
 * The walk builds the JSON in one pass (a registry of 5,000 feature views has a quarter million features).
 */
import { Reader } from 'protobufjs';
import {
  type FieldInfo,
  type MessageInfo,
  registryMessageInfo,
  SCALAR_WIRE_TYPE,
  type ScalarType,
  type ValueKind,
} from './protoSchema';
import {
  bytesToBase64,
  floatToJson,
  formatDuration,
  formatTimestamp,
  parseDuration,
  parseTimestamp,
} from './protoJson';
import type { FeastRegistryDocument } from './types';

/**
 * Why a registry file could not be read.
 *
 * @public
 */
export type FeastRegistryDecodeFailure =
  /** The file has no bytes. */
  | 'empty'
  /** The file is something else: a JSON document, an SQLite database. */
  | 'not-binary-registry'
  /** The data ends inside a field. */
  | 'truncated'
  /** The bytes are not protobuf wire format (bad wire type, field number 0, overlong varint, nesting). */
  | 'invalid-wire-format'
  /** A string field holds bytes that are not UTF-8. */
  | 'invalid-utf8'
  /** A timestamp or duration is outside the range protobuf allows. */
  | 'invalid-value'
  /** Valid protobuf, but none of its fields is a field of `feast.core.Registry`. */
  | 'not-a-registry';

/**
 * A registry file that is not a Feast registry or is damaged. The message
 * names the cause and, for damaged data, the field and byte offset.
 *
 * @public
 */
export class FeastRegistryDecodeError extends Error {
  readonly name = 'FeastRegistryDecodeError';

  constructor(
    message: string,
    /** The kind of failure. */
    readonly reason: FeastRegistryDecodeFailure,
  ) {
    super(message);
  }
}

/** A failure inside the walk, carrying the path of fields it happened in. */
class WalkError extends Error {
  readonly path: string[] = [];

  constructor(
    message: string,
    readonly reason: FeastRegistryDecodeFailure,
    readonly offset: number,
    /** What exactly was wrong, said after the place. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

// Python's protobuf runtime refuses messages nested deeper than 100 levels.
const MAX_DEPTH = 100;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function truncated(reader: Reader, what: string): WalkError {
  return new WalkError('the data is truncated', 'truncated', reader.pos, what);
}

/** Reads a varint of up to 64 bits as an unsigned bigint. */
function readVarint64(reader: Reader): bigint {
  const buf = reader.buf;
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (reader.pos >= reader.len) {
      throw truncated(reader, 'a varint ends past the end of the data');
    }
    const byte = buf[reader.pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) {
      return BigInt.asUintN(64, result);
    }
    shift += 7n;
  }
  throw new WalkError(
    'a varint is longer than 10 bytes',
    'invalid-wire-format',
    reader.pos,
  );
}

/** Reads 8 little-endian bytes as an unsigned bigint. */
function readFixed64(reader: Reader): bigint {
  if (reader.pos + 8 > reader.len) {
    throw truncated(reader, 'a 64-bit value ends past the end of the data');
  }
  const view = new DataView(
    reader.buf.buffer,
    reader.buf.byteOffset + reader.pos,
    8,
  );
  reader.pos += 8;
  return view.getBigUint64(0, true);
}

/** Reads a length prefix and returns where the delimited value ends. */
function readLength(reader: Reader, end: number): number {
  const length = reader.uint32();
  const valueEnd = reader.pos + length;
  if (valueEnd > end) {
    throw truncated(
      reader,
      `a value of ${length} bytes runs past the end of ${
        end === reader.len ? 'the data' : 'its enclosing message'
      } (byte ${end})`,
    );
  }
  return valueEnd;
}

/** Reads a UTF-8 string, refusing invalid UTF-8 as protobuf's Python runtime does. */
function readString(reader: Reader, end: number): string {
  const valueEnd = readLength(reader, end);
  const buf = reader.buf as Buffer;
  const start = reader.pos;
  reader.pos = valueEnd;
  let ascii = true;
  for (let i = start; i < valueEnd; i++) {
    if (buf[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    return buf.toString('latin1', start, valueEnd);
  }
  try {
    return utf8.decode(buf.subarray(start, valueEnd));
  } catch {
    throw new WalkError('a string is not valid UTF-8', 'invalid-utf8', start);
  }
}

/** A scalar as MessageToDict prints it (64-bit integers as strings, floats shortened, bytes in base64). */
function readScalar(reader: Reader, scalar: ScalarType, end: number): unknown {
  switch (scalar) {
    case 'string':
      return readString(reader, end);
    case 'int32':
      return reader.int32();
    case 'bool':
      return readVarint64(reader) !== 0n;
    case 'int64':
      return BigInt.asIntN(64, readVarint64(reader)).toString();
    case 'uint32':
      return reader.uint32();
    case 'sint32':
      return reader.sint32();
    case 'fixed32':
      return reader.fixed32();
    case 'sfixed32':
      return reader.sfixed32();
    case 'float':
      return floatToJson(reader.float(), true);
    case 'double':
      return floatToJson(reader.double(), false);
    case 'uint64':
      return readVarint64(reader).toString();
    case 'sint64': {
      const raw = readVarint64(reader);
      return BigInt.asIntN(64, (raw >> 1n) ^ -(raw & 1n)).toString();
    }
    case 'fixed64':
      return readFixed64(reader).toString();
    case 'sfixed64':
      return BigInt.asIntN(64, readFixed64(reader)).toString();
    case 'bytes': {
      const valueEnd = readLength(reader, end);
      const bytes = reader.buf.subarray(reader.pos, valueEnd);
      reader.pos = valueEnd;
      return bytesToBase64(bytes);
    }
    default:
      throw new Error(`Unsupported scalar type ${scalar}`);
  }
}

function wireTypeOf(value: ValueKind): number {
  if (value.kind === 'scalar') {
    return SCALAR_WIRE_TYPE[value.scalar];
  }
  return value.kind === 'enum' ? 0 : 2;
}

/** The JSON of a field's default value (for map entries that leave their key or value out). */
function defaultJson(value: ValueKind): unknown {
  if (value.kind === 'message') {
    const info = value.message();
    if (info.wellKnown === 'timestamp') {
      return formatTimestamp(0n, 0);
    }
    if (info.wellKnown === 'duration') {
      return '0s';
    }
    if (info.wellKnown === 'wrapper') {
      return defaultJson(info.fields[0].value);
    }
    return {};
  }
  if (value.kind === 'enum') {
    return value.enumInfo.nameByNumber.get(0) ?? 0;
  }
  switch (value.scalar) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return '0';
    default:
      return 0;
  }
}

/** Timestamp and Duration: seconds (field 1) and nanos (field 2), merged onto an earlier occurrence. */
function readSecondsAndNanos(
  reader: Reader,
  end: number,
  previous: { seconds: bigint; nanos: number },
): { seconds: bigint; nanos: number } {
  let { seconds, nanos } = previous;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 1 && wireType === 0) {
      seconds = BigInt.asIntN(64, readVarint64(reader));
    } else if (id === 2 && wireType === 0) {
      nanos = reader.int32();
    } else {
      skipField(reader, wireType, end);
    }
  }
  checkEnd(reader, end);
  return { seconds, nanos };
}

/** Reads a length-delimited message value, merging onto `previous` (the JSON of an earlier occurrence). */
function readMessageValue(
  reader: Reader,
  info: MessageInfo,
  end: number,
  depth: number,
  previous: unknown,
): unknown {
  const valueEnd = readLength(reader, end);
  if (info.wellKnown === 'timestamp' || info.wellKnown === 'duration') {
    const timestamp = info.wellKnown === 'timestamp';
    const start = reader.pos;
    // An earlier occurrence was printed by us, so its text reads back exactly.
    const earlier =
      typeof previous === 'string'
        ? (timestamp ? parseTimestamp : parseDuration)(previous)
        : { seconds: 0n, nanos: 0 };
    const { seconds, nanos } = readSecondsAndNanos(reader, valueEnd, earlier);
    try {
      return timestamp
        ? formatTimestamp(seconds, nanos)
        : formatDuration(seconds, nanos);
    } catch (error) {
      throw new WalkError((error as Error).message, 'invalid-value', start);
    }
  }
  if (info.wellKnown === 'wrapper') {
    // The wrapper prints as its `value` field, default value included.
    const holder: Json = { value: previous };
    decodeMessage(reader, valueEnd, info, depth + 1, holder);
    return holder.value === undefined
      ? defaultJson(info.fields[0].value)
      : holder.value;
  }
  const target =
    typeof previous === 'object' && previous !== null ? (previous as Json) : {};
  return decodeMessage(reader, valueEnd, info, depth + 1, target);
}

/** Reads one value of a field (a singular value, a list element or a map value) as JSON. */
function readValue(
  reader: Reader,
  value: ValueKind,
  end: number,
  depth: number,
  previous?: unknown,
): unknown {
  if (value.kind === 'message') {
    return readMessageValue(reader, value.message(), end, depth, previous);
  }
  if (value.kind === 'enum') {
    const number = reader.int32();
    return value.enumInfo.nameByNumber.get(number) ?? number;
  }
  return readScalar(reader, value.scalar, end);
}

/** Reads one map entry (key = field 1, value = field 2) into `map`. */
function readMapEntry(
  reader: Reader,
  field: FieldInfo,
  end: number,
  depth: number,
  map: Json,
): void {
  const entryEnd = readLength(reader, end);
  const keyKind: ValueKind = { kind: 'scalar', scalar: field.mapKey! };
  let key: unknown;
  let value: unknown;
  while (reader.pos < entryEnd) {
    const tag = reader.uint32();
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 1 && wireType === wireTypeOf(keyKind)) {
      key = readValue(reader, keyKind, entryEnd, depth);
    } else if (id === 2 && wireType === wireTypeOf(field.value)) {
      value = readValue(reader, field.value, entryEnd, depth, value);
    } else {
      skipField(reader, wireType, entryEnd);
    }
  }
  checkEnd(reader, entryEnd);
  // JSON object keys: strings as they are, integers and booleans as text.
  map[String(key ?? defaultJson(keyKind))] = value ?? defaultJson(field.value);
}

function checkEnd(reader: Reader, end: number): void {
  if (reader.pos > end) {
    throw truncated(
      reader,
      `a field runs past the end of its enclosing message (byte ${end})`,
    );
  }
}

function skipField(reader: Reader, wireType: number, end: number): void {
  if (wireType === 4 || wireType === 6 || wireType === 7) {
    throw new WalkError(
      `invalid wire type ${wireType}`,
      'invalid-wire-format',
      reader.pos,
    );
  }
  reader.skipType(wireType);
  checkEnd(reader, end);
}

function readField(
  reader: Reader,
  json: Json,
  info: MessageInfo,
  field: FieldInfo,
  wireType: number,
  end: number,
  depth: number,
): void {
  const key = field.jsonName;
  if (field.mapKey) {
    let map = json[key] as Json | undefined;
    if (!map) {
      map = {};
      json[key] = map;
    }
    readMapEntry(reader, field, end, depth, map);
    return;
  }
  if (field.repeated) {
    if (wireType === 2 && wireTypeOf(field.value) !== 2) {
      // A packed run of numbers.
      const runEnd = readLength(reader, end);
      while (reader.pos < runEnd) {
        pushTo(json, key, readValue(reader, field.value, runEnd, depth));
      }
      checkEnd(reader, runEnd);
    } else {
      pushTo(json, key, readValue(reader, field.value, end, depth));
    }
    return;
  }
  if (field.oneof !== undefined) {
    // Setting one member of a oneof clears the others.
    for (const other of info.oneofs[field.oneof]) {
      if (other !== field.index) {
        delete json[info.fields[other].jsonName];
      }
    }
  }
  const value = readValue(reader, field.value, end, depth, json[key]);
  if (!field.hasPresence && isDefaultValue(field, value)) {
    // Without presence a default value is "not set" (and the last value sent wins).
    if (key in json) {
      delete json[key];
    }
  } else {
    json[key] = value;
  }
}

/** Whether a field's JSON value is the proto3 default, left out when the field has no presence. */
function isDefaultValue(field: FieldInfo, value: unknown): boolean {
  const kind = field.value;
  if (kind.kind === 'enum') {
    return value === 0 || value === kind.enumInfo.nameByNumber.get(0);
  }
  if (kind.kind === 'message') {
    return false;
  }
  switch (kind.scalar) {
    case 'string':
    case 'bytes':
      return value === '';
    case 'bool':
      return value === false;
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return value === '0';
    default:
      // -0.0 has a sign bit set and counts as set, as in protobuf's runtimes.
      return Object.is(value, 0);
  }
}

function pushTo(json: Json, key: string, value: unknown): void {
  const list = json[key] as unknown[] | undefined;
  if (list) {
    list.push(value);
  } else {
    json[key] = [value];
  }
}

function accepts(field: FieldInfo, wireType: number): boolean {
  if (field.mapKey) {
    return wireType === 2;
  }
  const expected = wireTypeOf(field.value);
  return (
    wireType === expected ||
    (field.repeated && expected !== 2 && wireType === 2)
  );
}

function fieldById(info: MessageInfo, id: number): FieldInfo | undefined {
  return id < 1024 ? info.bySmallId[id] : info.byId.get(id);
}

/** Reads the fields of one message up to `end` into `json` (an earlier occurrence's JSON when merging). */
function decodeMessage(
  reader: Reader,
  end: number,
  info: MessageInfo,
  depth: number,
  json: Json,
): Json {
  if (depth > MAX_DEPTH) {
    throw new WalkError(
      `messages are nested more than ${MAX_DEPTH} levels deep`,
      'invalid-wire-format',
      reader.pos,
    );
  }
  while (reader.pos < end) {
    let field: FieldInfo | undefined;
    try {
      const tag = reader.uint32();
      const id = tag >>> 3;
      const wireType = tag & 7;
      if (id === 0) {
        throw new WalkError(
          'field number 0 is not allowed',
          'invalid-wire-format',
          reader.pos,
        );
      }
      field = fieldById(info, id);
      if (!field || !accepts(field, wireType)) {
        field = undefined;
        // A field of a newer Feast: skipped, as MessageToDict does not print unknown fields.
        skipField(reader, wireType, end);
        continue;
      }
      readField(reader, json, info, field, wireType, end, depth);
      checkEnd(reader, end);
    } catch (error) {
      throw withPathSegment(asWalkError(error, reader), json, field);
    }
  }
  return json;
}

/** Turns protobufjs Reader failures into walk errors. */
function asWalkError(error: unknown, reader: Reader): unknown {
  if (error instanceof WalkError) {
    return error;
  }
  if (error instanceof RangeError) {
    // protobufjs: "index out of range: <pos> + <length> > <len>".
    return truncated(reader, 'a value runs past the end of the data');
  }
  if (
    error instanceof Error &&
    /wire type|varint|nesting/.test(error.message)
  ) {
    return new WalkError(error.message, 'invalid-wire-format', reader.pos);
  }
  return error;
}

/** Adds the field being read (with its list index) to the error's path. */
function withPathSegment(
  error: unknown,
  json: Json,
  field: FieldInfo | undefined,
): unknown {
  if (error instanceof WalkError && field) {
    let segment = field.jsonName;
    if (field.repeated) {
      const list = json[field.jsonName];
      // The element being read is not in the list yet.
      segment += `[${Array.isArray(list) ? list.length : 0}]`;
    }
    error.path.unshift(segment);
  }
  return error;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Recognizes files that are plainly something else than a binary registry. */
function describeOtherFormat(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, 64),
  ).toString('latin1');
  if (head.startsWith(SQLITE_HEADER)) {
    return 'the file is an SQLite database, not a registry.db file';
  }
  const firstCharacter = head.trimStart().charAt(0);
  if (firstCharacter === '{' || firstCharacter === '[') {
    return 'the file is a JSON document, not a binary registry.db file';
  }
  return undefined;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 256);
  return sample.every(
    byte =>
      byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127),
  );
}

/**
 * Decodes a Feast `registry.db` file (a binary `feast.core.Registry`
 * message) into exactly what protobuf's Python `MessageToDict` gives for it:
 * lowerCamelCase keys, enum names (numbers for enum values this Feast
 * version does not define), 64-bit integers as decimal strings, bytes as
 * base64, timestamps as RFC 3339 strings, durations as `"86400s"`, fields
 * holding their default value left out. Fields of a newer Feast are skipped.
 *
 * @param bytes - the content of the registry file
 * @throws {@link FeastRegistryDecodeError} when the data is not a Feast
 *   registry or is damaged
 * @public
 */
export function decodeFeastRegistry(bytes: Uint8Array): FeastRegistryDocument {
  if (bytes.byteLength === 0) {
    throw new FeastRegistryDecodeError(
      'Cannot read the Feast registry: the file is empty (a registry.db file holds a binary feast.core.Registry message)',
      'empty',
    );
  }
  const otherFormat = describeOtherFormat(bytes);
  if (otherFormat) {
    throw new FeastRegistryDecodeError(
      `Cannot read the Feast registry: ${otherFormat} (a registry.db file holds a binary feast.core.Registry message)`,
      'not-binary-registry',
    );
  }
  const info = registryMessageInfo();
  let document: Record<string, unknown>;
  try {
    // A Buffer view, so strings are read with Buffer's fast text decoding.
    const reader = Reader.create(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    document = decodeMessage(reader, reader.len, info, 0, {});
  } catch (error) {
    throw toDecodeError(error, bytes);
  }
  if (Object.keys(document).length === 0) {
    throw new FeastRegistryDecodeError(
      `Cannot read the Feast registry: the ${bytes.byteLength} bytes hold no field of feast.core.Registry, so this is not a Feast registry`,
      'not-a-registry',
    );
  }
  return document as FeastRegistryDocument;
}

function toDecodeError(
  error: unknown,
  bytes: Uint8Array,
): FeastRegistryDecodeError {
  const walkError = error instanceof WalkError ? error : undefined;
  if (!walkError) {
    throw error;
  }
  const where = walkError.path.length
    ? ` in ${walkError.path.join('.').replace(/\.\[/g, '[')}`
    : '';
  const offset =
    walkError.offset >= 0
      ? ` at byte ${walkError.offset} of ${bytes.byteLength}`
      : '';
  const detail = walkError.detail ? `: ${walkError.detail}` : '';
  const hint = looksLikeText(bytes)
    ? ' (the file looks like text, not a binary registry.db file)'
    : '';
  return new FeastRegistryDecodeError(
    `Cannot read the Feast registry: ${walkError.message}${where}${offset}${detail}${hint}`,
    walkError.reason,
  );
}

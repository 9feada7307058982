/*
 * Feast's message definitions, parsed once at runtime from the package's `proto/` folder (Feast's own
 * .proto files) with protobufjs, and flattened into per-message field tables that the decoder and the
 * encoder walk. The tables carry what protobuf's JSON mapping needs: the JSON name of each field
 * (`json_name`, else protobuf's lowerCamelCase rule), whether the field tracks presence, its oneof, and
 * the enum names by number.
 */
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Enum, MapField, Root, Type, type Field } from 'protobufjs';

/** Scalar types of the protobuf language. */
export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'uint32'
  | 'sint32'
  | 'fixed32'
  | 'sfixed32'
  | 'int64'
  | 'uint64'
  | 'sint64'
  | 'fixed64'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

const SCALAR_TYPES = new Set<string>([
  'double',
  'float',
  'int32',
  'uint32',
  'sint32',
  'fixed32',
  'sfixed32',
  'int64',
  'uint64',
  'sint64',
  'fixed64',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

/** Wire type each scalar is written with (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
export const SCALAR_WIRE_TYPE: Record<ScalarType, number> = {
  double: 1,
  float: 5,
  int32: 0,
  uint32: 0,
  sint32: 0,
  fixed32: 5,
  sfixed32: 5,
  int64: 0,
  uint64: 0,
  sint64: 0,
  fixed64: 1,
  sfixed64: 1,
  bool: 0,
  string: 2,
  bytes: 2,
};

/** An enum: names by number (the first declared name wins for aliases) and numbers by name. */
export interface EnumInfo {
  fullName: string;
  nameByNumber: Map<number, string>;
  numberByName: Map<string, number>;
}

/** What a singular value, a repeated element, a map key or a map value is. */
export type ValueKind =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'enum'; enumInfo: EnumInfo }
  | { kind: 'message'; message: () => MessageInfo };

/** One field of a message. */
export interface FieldInfo {
  /** Index in `MessageInfo.fields` (the decoder keeps values in an array by this index). */
  index: number;
  id: number;
  /** Name as written in the .proto file. */
  protoName: string;
  /** Name in protobuf's JSON mapping (what MessageToDict prints). */
  jsonName: string;
  value: ValueKind;
  repeated: boolean;
  /** Repeated numeric fields are written packed (the proto3 default). */
  packed: boolean;
  /** Map fields: the key's scalar type; `value` is the map value. */
  mapKey?: ScalarType;
  /** Whether a default value still counts as set (message fields, oneof members, proto3 `optional`). */
  hasPresence: boolean;
  /** Index into `MessageInfo.oneofs` for oneof members (including proto3 `optional`). */
  oneof?: number;
}

/** The well-known types whose JSON form is not an object. */
export type WellKnownType = 'timestamp' | 'duration' | 'wrapper';

const WELL_KNOWN_TYPES: Record<string, WellKnownType> = {
  'google.protobuf.Timestamp': 'timestamp',
  'google.protobuf.Duration': 'duration',
  'google.protobuf.DoubleValue': 'wrapper',
  'google.protobuf.FloatValue': 'wrapper',
  'google.protobuf.Int64Value': 'wrapper',
  'google.protobuf.UInt64Value': 'wrapper',
  'google.protobuf.Int32Value': 'wrapper',
  'google.protobuf.UInt32Value': 'wrapper',
  'google.protobuf.BoolValue': 'wrapper',
  'google.protobuf.StringValue': 'wrapper',
  'google.protobuf.BytesValue': 'wrapper',
};

/** One message type. */
export interface MessageInfo {
  /** Full name without the leading dot, e.g. `feast.core.Registry`. */
  fullName: string;
  /** Set for Timestamp, Duration and the wrapper types. */
  wellKnown?: WellKnownType;
  fields: FieldInfo[];
  byId: Map<number, FieldInfo>;
  /** Fields by number, for numbers below 1024 (the common case; `byId` has them all). */
  bySmallId: Array<FieldInfo | undefined>;
  /** Field by JSON name and by .proto name (ParseDict accepts both). */
  byName: Map<string, FieldInfo>;
  /** Field indexes of each oneof. */
  oneofs: number[][];
}

/**
 * protobuf's default JSON name: underscores dropped, the letter after each
 * one upper-cased (as protoc computes `json_name`).
 */
export function toJsonName(protoName: string): string {
  let result = '';
  let upperNext = false;
  for (const character of protoName) {
    if (character === '_') {
      upperNext = true;
    } else if (upperNext) {
      result += character.toUpperCase();
      upperNext = false;
    } else {
      result += character;
    }
  }
  return result;
}

let cachedRoot: Root | undefined;
const messageInfos = new WeakMap<Type, MessageInfo>();
const enumInfos = new WeakMap<Enum, EnumInfo>();

/** The folder holding Feast's .proto files, shipped with this package. */
export function feastProtoDirectory(): string {
  return resolvePackagePath('@internal/plugin-feature-store-node', 'proto');
}

/** Feast's message definitions, parsed on first use. */
export function feastProtoRoot(): Root {
  if (!cachedRoot) {
    const protoDir = feastProtoDirectory();
    const root = new Root();
    // Feast's imports are relative to the proto root (`feast/core/Entity.proto`); the
    // google/protobuf well-known types are resolved by protobufjs from its bundled copies.
    root.resolvePath = (_origin, target) =>
      path.isAbsolute(target) ? target : path.join(protoDir, target);
    try {
      root.loadSync('feast/core/Registry.proto', { keepCase: true });
      root.resolveAll();
    } catch (error) {
      throw new Error(
        `Could not load Feast's message definitions from ${protoDir}: ${
          (error as Error).message
        }`,
      );
    }
    cachedRoot = root;
  }
  return cachedRoot;
}

function enumInfo(type: Enum): EnumInfo {
  let info = enumInfos.get(type);
  if (!info) {
    const nameByNumber = new Map<number, string>();
    const numberByName = new Map<string, number>();
    for (const [name, number] of Object.entries(type.values)) {
      numberByName.set(name, number);
      if (!nameByNumber.has(number)) {
        nameByNumber.set(number, name);
      }
    }
    info = { fullName: type.fullName.slice(1), nameByNumber, numberByName };
    enumInfos.set(type, info);
  }
  return info;
}

function valueKind(
  typeName: string,
  resolved: unknown,
  where: string,
): ValueKind {
  if (SCALAR_TYPES.has(typeName)) {
    return { kind: 'scalar', scalar: typeName as ScalarType };
  }
  if (resolved instanceof Enum) {
    return { kind: 'enum', enumInfo: enumInfo(resolved) };
  }
  if (resolved instanceof Type) {
    let info: MessageInfo | undefined;
    // Resolved on first use: message types may refer to each other.
    return { kind: 'message', message: () => (info ??= messageInfo(resolved)) };
  }
  throw new Error(`Unresolved type ${typeName} of ${where}`);
}

/** The field table of a message type (built on first use, then cached). */
export function messageInfo(type: Type): MessageInfo {
  let info = messageInfos.get(type);
  if (info) {
    return info;
  }
  const fullName = type.fullName.slice(1);
  const oneofIndex = new Map<string, number>();
  const oneofs: number[][] = [];
  const fields: FieldInfo[] = [];
  const ordered = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  for (const field of ordered) {
    field.resolve();
    const where = `${fullName}.${field.name}`;
    const isMap = field instanceof MapField;
    const value = valueKind(field.type, field.resolvedType, where);
    const jsonName =
      (field.options?.json_name as string | undefined) ??
      toJsonName(field.name);
    const index = fields.length;
    let oneof: number | undefined;
    if (field.partOf) {
      const key = field.partOf.name;
      if (!oneofIndex.has(key)) {
        oneofIndex.set(key, oneofs.length);
        oneofs.push([]);
      }
      oneof = oneofIndex.get(key)!;
      oneofs[oneof].push(index);
    }
    fields.push({
      index,
      id: field.id,
      protoName: field.name,
      jsonName,
      value,
      repeated: field.repeated && !isMap,
      packed:
        field.repeated &&
        !isMap &&
        value.kind !== 'message' &&
        !(value.kind === 'scalar' && SCALAR_WIRE_TYPE[value.scalar] === 2) &&
        (field as Field).packed,
      mapKey: isMap ? ((field as MapField).keyType as ScalarType) : undefined,
      hasPresence:
        !field.repeated &&
        !isMap &&
        (value.kind === 'message' || !!field.partOf),
      oneof,
    });
  }
  const byId = new Map<number, FieldInfo>();
  const bySmallId: Array<FieldInfo | undefined> = [];
  const byName = new Map<string, FieldInfo>();
  for (const field of fields) {
    byId.set(field.id, field);
    if (field.id < 1024) {
      bySmallId[field.id] = field;
    }
    byName.set(field.protoName, field);
    byName.set(field.jsonName, field);
  }
  info = {
    fullName,
    wellKnown: WELL_KNOWN_TYPES[fullName],
    fields,
    byId,
    bySmallId,
    byName,
    oneofs,
  };
  messageInfos.set(type, info);
  return info;
}

/** The field table of `feast.core.Registry`, the message stored in a registry.db file. */
export function registryMessageInfo(): MessageInfo {
  return messageInfo(feastProtoRoot().lookupType('feast.core.Registry'));
}

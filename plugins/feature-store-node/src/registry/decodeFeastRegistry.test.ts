/*
 * decodeFeastRegistry against a real registry.db from the Feast repository and the MessageToDict
 * export of the same file (see src/__fixtures__/README.md), plus crafted wire data for what a newer
 * Feast may write and for damaged files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writer } from 'protobufjs';
import {
  decodeFeastRegistry,
  FeastRegistryDecodeError,
} from './decodeFeastRegistry';
import { encodeFeastRegistry } from './encodeFeastRegistry';
import type { FeastRegistryDocument } from './types';

const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '../__fixtures__', name));

const registryDb = fixture('feast-ui-public-registry.db');
const messageToDict = JSON.parse(
  fixture('feast-registry-ui-sample.MessageToDict.json').toString('utf8'),
);

/** A length-delimited field `id` holding `bytes`. */
function delimited(id: number, bytes: Uint8Array): Uint8Array {
  return Writer.create()
    .uint32((id << 3) | 2)
    .bytes(bytes)
    .finish();
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts.map(part => Buffer.from(part)));
}

/** The bytes of the first entity of an encoded registry (field 1, length-prefixed). */
function firstEntityBytes(doc: FeastRegistryDocument): Uint8Array {
  const bytes = encodeFeastRegistry(doc);
  expect(bytes[0]).toBe(0x0a);
  return bytes.subarray(2, 2 + bytes[1]);
}

function decodeError(bytes: Uint8Array): FeastRegistryDecodeError {
  try {
    decodeFeastRegistry(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(FeastRegistryDecodeError);
    return error as FeastRegistryDecodeError;
  }
  throw new Error('decoding succeeded');
}

describe('decodeFeastRegistry', () => {
  it('gives exactly what MessageToDict gives for a real registry.db', () => {
    expect(decodeFeastRegistry(registryDb)).toEqual(messageToDict);
  });

  it('reads back what encodeFeastRegistry writes from its result', () => {
    const doc = decodeFeastRegistry(registryDb);
    const written = encodeFeastRegistry(doc);
    expect(decodeFeastRegistry(written)).toEqual(doc);
    // Feast's own serializer wrote this file field by field in number order, as the encoder does.
    expect(Buffer.from(written).equals(registryDb)).toBe(true);
  });

  it('skips fields a newer Feast adds, at the top level and inside objects', () => {
    const unknownTopLevel = concat(
      Writer.create()
        .uint32((1000 << 3) | 2)
        .string('a field from the future')
        .uint32((1001 << 3) | 0)
        .uint64(42)
        .uint32((1002 << 3) | 5)
        .fixed32(7)
        .finish(),
    );
    expect(decodeFeastRegistry(concat(registryDb, unknownTopLevel))).toEqual(
      messageToDict,
    );

    const entity = firstEntityBytes({
      entities: [{ spec: { name: 'driver', joinKey: 'driver_id' } }],
    });
    const withUnknown = concat(
      delimited(1, concat(entity, delimited(536870911, Buffer.from('x')))),
      Writer.create()
        .uint32((3 << 3) | 2)
        .string('1')
        .finish(),
    );
    expect(decodeFeastRegistry(withUnknown)).toEqual({
      entities: [{ spec: { name: 'driver', joinKey: 'driver_id' } }],
      registrySchemaVersion: '1',
    });
  });

  it('skips a known field number that arrives with another wire type, as protobuf does', () => {
    // Field 3 (registry_schema_version, a string) sent as a varint.
    const bytes = Writer.create()
      .uint32((3 << 3) | 0)
      .uint32(5)
      .uint32((4 << 3) | 2)
      .string('v1')
      .finish();
    expect(decodeFeastRegistry(bytes)).toEqual({ versionId: 'v1' });
  });

  it('prints enum numbers this Feast does not know as numbers', () => {
    const doc = decodeFeastRegistry(
      encodeFeastRegistry({
        entities: [{ spec: { name: 'driver', valueType: 99 } }],
        dataSources: [{ name: 'orders', type: 'BATCH_TRINO' }],
      }),
    );
    expect(doc.entities![0].spec!.valueType).toBe(99);
    expect(doc.dataSources![0].type).toBe('BATCH_TRINO');
  });

  it('formats timestamps, durations, 64-bit integers and floats as MessageToDict does', () => {
    const doc = decodeFeastRegistry(
      encodeFeastRegistry({
        lastUpdated: '2021-01-01T00:00:00.120000000Z',
        featureViews: [
          {
            spec: { name: 'a', ttl: '1.5s' },
            meta: {
              createdTimestamp: '2021-01-01T00:00:00Z',
              lastUpdatedTimestamp: '2021-01-01T01:00:00.000123+01:00',
              materializationIntervals: [
                { startTime: '1999-12-31T23:59:59.123456789Z' },
              ],
            },
          },
          { spec: { name: 'b', ttl: '86400.000s' } },
          { spec: { name: 'c', ttl: '-0.250s' } },
        ],
        featureTables: [{ meta: { revision: '9007199254740993' } }],
        featureServices: [
          {
            spec: {
              name: 's',
              loggingConfig: { sampleRate: 0.1 },
              features: [{ featureViewName: 'a', versionTag: 0 }],
            },
          },
        ],
      }),
    );
    expect(doc.lastUpdated).toBe('2021-01-01T00:00:00.120Z');
    const [a, b, c] = doc.featureViews!;
    expect(a.spec!.ttl).toBe('1.500s');
    expect(a.meta).toEqual({
      createdTimestamp: '2021-01-01T00:00:00Z',
      lastUpdatedTimestamp: '2021-01-01T00:00:00.000123Z',
      materializationIntervals: [
        { startTime: '1999-12-31T23:59:59.123456789Z' },
      ],
    });
    expect(b.spec!.ttl).toBe('86400s');
    expect(c.spec!.ttl).toBe('-0.250s');
    expect(doc.featureTables).toEqual([
      { meta: { revision: '9007199254740993' } },
    ]);
    // A float field prints 0.1, not the 0.10000000149011612 a 32-bit float widens to;
    // an `optional` field that is set prints even when zero.
    expect(doc.featureServices![0].spec).toEqual({
      name: 's',
      loggingConfig: { sampleRate: 0.1 },
      features: [{ featureViewName: 'a', versionTag: 0 }],
    });
  });

  it('leaves out fields holding their default value, but keeps set messages that are empty', () => {
    const doc = decodeFeastRegistry(
      encodeFeastRegistry({
        featureViews: [
          {
            spec: {
              name: 'a',
              online: false,
              description: '',
              entities: [],
              tags: {},
              batchSource: {},
            },
          },
        ],
      }),
    );
    expect(doc).toEqual({
      featureViews: [{ spec: { name: 'a', batchSource: {} } }],
    });
  });

  describe('refuses what is not a Feast registry', () => {
    it('an empty file', () => {
      const error = decodeError(new Uint8Array(0));
      expect(error.reason).toBe('empty');
      expect(error.message).toMatch(/the file is empty/);
    });

    it('a JSON file, such as a MessageToDict export', () => {
      const error = decodeError(
        fixture('feast-registry-ui-sample.MessageToDict.json'),
      );
      expect(error.reason).toBe('not-binary-registry');
      expect(error.message).toMatch(/JSON document/);
    });

    it('an SQLite database', () => {
      const error = decodeError(
        Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(84)]),
      );
      expect(error.reason).toBe('not-binary-registry');
      expect(error.message).toMatch(/SQLite database/);
    });

    it('protobuf data without a single registry field', () => {
      const error = decodeError(
        Writer.create()
          .uint32((5000 << 3) | 0)
          .uint32(1)
          .finish(),
      );
      expect(error.reason).toBe('not-a-registry');
      expect(error.message).toMatch(/no field of feast\.core\.Registry/);
    });
  });

  describe('names the cause and place of damage', () => {
    it('a truncated file', () => {
      const error = decodeError(registryDb.subarray(0, 5000));
      expect(error.reason).toBe('truncated');
      expect(error.message).toMatch(
        /the data is truncated in onDemandFeatureViews\[0\] at byte \d+ of 5000/,
      );
    });

    it('a file cut inside a feature view', () => {
      const error = decodeError(registryDb.subarray(0, 1002));
      expect(error.reason).toBe('truncated');
      expect(error.message).toMatch(/in featureViews\[1\]/);
    });

    it('an invalid wire type', () => {
      const error = decodeError(Buffer.from([0x0f, 0x01]));
      expect(error.reason).toBe('invalid-wire-format');
      expect(error.message).toMatch(/invalid wire type 7 at byte 1 of 2/);
    });

    it('garbage text', () => {
      const error = decodeError(Buffer.from('project: demo\nregistry: x\n'));
      expect(error.reason).toBe('invalid-wire-format');
      expect(error.message).toMatch(/looks like text/);
    });

    it('a string that is not UTF-8', () => {
      const error = decodeError(
        concat(delimited(3, Buffer.from([0x31, 0xff, 0xfe]))),
      );
      expect(error.reason).toBe('invalid-utf8');
      expect(error.message).toMatch(/not valid UTF-8 in registrySchemaVersion/);
    });

    it('a file cut inside a timestamp', () => {
      // lastUpdated holds a nanos tag whose value is missing.
      const error = decodeError(Buffer.from([0x2a, 0x01, 0x10]));
      expect(error.reason).toBe('truncated');
      expect(error.message).toMatch(/truncated in lastUpdated/);
    });

    it('a timestamp outside what protobuf allows', () => {
      const timestamp = Writer.create()
        .uint32((1 << 3) | 0)
        .int64(253402300800)
        .finish();
      const error = decodeError(delimited(5, timestamp));
      expect(error.reason).toBe('invalid-value');
      expect(error.message).toMatch(/in lastUpdated/);
    });
  });
});

/*
 * An online read as Feast's Python feature server performs it, step by step
 * and in the same order, so that the same request fails the same way
 * (feast-dev/feast f0bc0700be70, sdk/python/feast):
 *
 * 1. feature_server.py _get_features: a feature service is looked up first
 *    (FeatureServiceNotFoundException, 404).
 * 2. utils._get_features: no features → ValueError "No features specified
 *    for retrieval"; a service becomes "<view>:<feature>" refs.
 * 3. utils._get_feature_views_to_use: every ref is parsed (_parse_feature_ref:
 *    no ":" → ValueError), then each view looked up in ref order
 *    (FeatureViewNotFoundException, 404); "@vN" refs need online versioning,
 *    which the double does not enable (ValueError).
 * 4. utils._validate_feature_refs: duplicate names → FeatureNameCollisionError (500).
 * 5. utils._group_feature_refs: an unknown feature of a known view →
 *    KeyError "Feature x not found in projection v". The features of a view
 *    are kept in a Python set, so their order in the answer is not the
 *    request's (it varies with Python's string hashing); the double uses a
 *    fixed order that is not the request's either.
 * 6. utils._prepare_entities_to_read_from_online_store: entity values are
 *    converted by the join key's type (type_map.py: int() for INT64/INT32,
 *    str() for STRING; a failure is a 500 ValueError/TypeError), rows of
 *    different lengths → ValueError "All entity rows must have the same
 *    columns."; join keys of any entity of the project come first in the
 *    answer (PRESENT, timestamp 0), other keys are ignored.
 * 7. utils._get_unique_entities per view: no value at all for the view's join
 *    keys → KeyError "Missing join key values ..."; a null key → TypeError
 *    from the row sort.
 * 8. online_store.OnlineStore._read_features_per_fv and
 *    utils._populate_response_from_feature_data: a stored value is PRESENT
 *    (even when null) with its row's event timestamp, a missing row or
 *    feature NOT_FOUND with timestamp 0. This path computes no
 *    OUTSIDE_MAX_AGE and no NULL_VALUE; a feature service with
 *    precompute_online is read by OnlineStore._try_precomputed_fast_path
 *    instead (see readPrecomputed), the one path that marks values
 *    OUTSIDE_MAX_AGE.
 * 9. feature_server_utils.convert_response_to_dict: `results` then
 *    `metadata.feature_names`; timestamps RFC 3339 with adaptive precision.
 */
import { feastError, pythonError, pythonKeyError } from './errors';
import {
  PyFloat,
  PyInt,
  type PyJsonOut,
  pyJsonDumps,
  pyRepr,
  pyStr,
  pyTypeName,
  type PyValue,
} from './python';
import type { OnlineFeaturesRequestBody } from './request';
import type {
  FeastFeatureServiceDefinition,
  FeastFeatureValue,
  FeastFeatureValueType,
  FeastFeatureViewDefinition,
  FeastJoinKeyValueType,
  FeastOnlineRow,
} from './types';

interface Timestamp {
  seconds: number;
  nanos: number;
}

interface StoredRow {
  timestamp: Timestamp;
  values: Map<string, PyJsonOut>;
}

const NO_TIMESTAMP: Timestamp = { seconds: 0, nanos: 0 };

const INT_RANGES: Record<string, [bigint, bigint]> = {
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
  INT32: [-(2n ** 31n), 2n ** 31n - 1n],
};

/** RFC 3339 as feature_server_utils._timestamp_to_str writes it. */
export function formatTimestamp(ts: Timestamp): string {
  if (ts.seconds === 0 && ts.nanos === 0) return '1970-01-01T00:00:00Z';
  const base = new Date(ts.seconds * 1000).toISOString().slice(0, 19);
  const { nanos } = ts;
  if (nanos === 0) return `${base}Z`;
  if (nanos % 1_000_000 === 0) {
    return `${base}.${String(nanos / 1_000_000).padStart(3, '0')}Z`;
  }
  if (nanos % 1_000 === 0) {
    return `${base}.${String(nanos / 1_000).padStart(6, '0')}Z`;
  }
  return `${base}.${String(nanos).padStart(9, '0')}Z`;
}

function parseTimestamp(value: Date | string): Timestamp {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new Error('Invalid event timestamp');
    return {
      seconds: Math.floor(ms / 1000),
      nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000,
    };
  }
  const fraction = /T\d{2}:\d{2}:\d{2}\.(\d{1,9})/.exec(value)?.[1];
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new Error(`Invalid event timestamp ${JSON.stringify(value)}`);
  }
  return {
    seconds: Math.floor(ms / 1000),
    nanos: fraction ? Number(fraction.padEnd(9, '0')) : 0,
  };
}

function toInteger(value: FeastFeatureValue, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) {
    return BigInt(value);
  }
  throw new Error(`${what}: expected an integer, got ${String(value)}`);
}

/** A stored value as the answer carries it (feature_server_utils._value_to_native). */
function encodeStoredValue(
  value: FeastFeatureValue,
  type: FeastFeatureValueType,
  what: string,
): PyJsonOut {
  if (value === null) return null;
  if (type.endsWith('_LIST')) {
    if (!Array.isArray(value)) throw new Error(`${what}: expected a list`);
    const itemType = type.slice(0, -'_LIST'.length) as FeastFeatureValueType;
    return value.map(item => {
      if (item === null) throw new Error(`${what}: lists cannot hold null`);
      return encodeStoredValue(item, itemType, what);
    });
  }
  switch (type) {
    case 'INT32':
    case 'INT64':
    case 'UNIX_TIMESTAMP': {
      const int = toInteger(value, what);
      const [min, max] = INT_RANGES[type === 'INT32' ? 'INT32' : 'INT64'];
      if (int < min || int > max) throw new Error(`${what}: out of range`);
      return int;
    }
    case 'FLOAT':
    case 'DOUBLE':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`${what}: expected a finite number`);
      }
      // A FLOAT is stored as float32 and widened to a Python float on read.
      return new PyFloat(type === 'FLOAT' ? Math.fround(value) : value);
    case 'STRING':
      if (typeof value !== 'string')
        throw new Error(`${what}: expected a string`);
      return value;
    case 'BOOL':
      if (typeof value !== 'boolean') {
        throw new Error(`${what}: expected a boolean`);
      }
      return value;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) {
        throw new Error(`${what}: expected bytes`);
      }
      return Buffer.from(value).toString('base64');
    default:
      throw new Error(`${what}: unsupported value type ${type}`);
  }
}

/** Python's int() of a string: optional sign, digits with single underscores, surrounding whitespace. */
function pythonIntOfString(text: string): bigint | undefined {
  const m = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(text);
  if (!m) return undefined;
  const digits = BigInt(m[2].replace(/_/g, ''));
  return m[1] === '-' ? -digits : digits;
}

/**
 * One entity value converted as type_map.python_values_to_proto_values does
 * for a known join key type; null for a null (or list) value.
 */
function convertJoinKeyValue(
  value: PyValue,
  type: FeastJoinKeyValueType,
): PyJsonOut {
  // pd.isnull() makes None and NaN null; list values in a scalar column are null too.
  if (
    value === null ||
    Array.isArray(value) ||
    (value instanceof PyFloat && Number.isNaN(value.value))
  ) {
    return null;
  }
  if (type === 'STRING') return pyStr(value);
  let int: bigint;
  if (typeof value === 'boolean') int = value ? 1n : 0n;
  else if (value instanceof PyInt) int = value.value;
  else if (value instanceof PyFloat) {
    if (!Number.isFinite(value.value)) {
      throw pythonError('cannot convert float infinity to integer');
    }
    int = BigInt(Math.trunc(value.value));
  } else if (typeof value === 'string') {
    const parsed = pythonIntOfString(value);
    if (parsed === undefined) {
      throw pythonError(
        `invalid literal for int() with base 10: ${pyRepr(value)}`,
      );
    }
    int = parsed;
  } else {
    throw pythonError(
      `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(
        value,
      )}'`,
    );
  }
  const [min, max] = INT_RANGES[type];
  if (int < min || int > max) throw pythonError(`Value out of range: ${int}`);
  return int;
}

/**
 * Values of a key that no requested view types: Feast infers the type from
 * the first non-empty value (int → INT64, str → STRING, otherwise kept).
 */
function convertUntypedValues(values: PyValue[]): PyJsonOut[] {
  const sample = values.find(
    v => v !== null && !(Array.isArray(v) && v.length === 0),
  );
  if (sample === undefined) {
    if (values.every(v => v === null)) return values.map(() => null);
    throw pythonError("Couldn't infer value type from empty value");
  }
  if (sample instanceof PyInt) {
    return values.map(v => convertJoinKeyValue(v, 'INT64'));
  }
  if (typeof sample === 'string') {
    return values.map(v => convertJoinKeyValue(v, 'STRING'));
  }
  return values.map(v =>
    v === null || v instanceof Map || Array.isArray(v) ? null : v,
  );
}

/**
 * Identity of an entity in the online store: join key names and values
 * (Feast serializes both, so views with other join keys never match).
 */
function entityKey(keys: string[], values: PyJsonOut[]): string {
  return keys
    .map((k, i) => `${k}=${typeof values[i]}:${String(values[i])}`)
    .join('\u0000');
}

/** Python's ordering of two join key values of one column (ints by value, strings by code point). */
function compareKeyValues(a: PyJsonOut, b: PyJsonOut): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    return a < b ? -1 : Number(a > b);
  }
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : Number(x > y);
}

/** A deliberately arbitrary but fixed order, as the iteration order of a Python set of names is. */
function setOrder(names: string[]): string[] {
  const hash = (s: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    }
    return h;
  };
  return [...names].sort((a, b) => hash(a) - hash(b) || (a < b ? -1 : 1));
}

/** What `feast precompute` writes per entity (protos/feast/core/PrecomputedFeatureVector.proto). */
interface PrecomputedVector {
  /** `view__feature` for every feature of the service, in projection order. */
  featureNames: string[];
  values: PyJsonOut[];
  /** Event timestamps of the views that had a row for the entity. */
  viewTimestamps: Map<string, Timestamp>;
  precomputedAt: Timestamp;
}

interface FeatureVector {
  values: PyJsonOut[];
  statuses: string[];
  eventTimestamps: string[];
}

/** The registry and online store of one Feast project, read as the feature server does. */
export class FeastOnlineStore {
  private readonly views = new Map<string, FeastFeatureViewDefinition>();
  private readonly services = new Map<string, FeastFeatureServiceDefinition>();
  private readonly rows = new Map<string, Map<string, StoredRow>>();
  private readonly precomputed = new Map<
    string,
    Map<string, PrecomputedVector>
  >();

  constructor(readonly project: string) {}

  /** Adds or replaces a feature view (its rows stay). */
  applyFeatureView(view: FeastFeatureViewDefinition): void {
    if (!view.entities.length) {
      throw new Error(`Feature view ${view.name}: give at least one entity`);
    }
    for (const key of view.entities) {
      if (!['INT64', 'INT32', 'STRING'].includes(key.valueType)) {
        throw new Error(
          `Feature view ${view.name}: join key ${key.joinKey} must be INT64, INT32 or STRING`,
        );
      }
    }
    if (view.ttlSeconds !== undefined && !(view.ttlSeconds >= 0)) {
      throw new Error(
        `Feature view ${view.name}: ttlSeconds must be 0 or more`,
      );
    }
    this.views.set(view.name, view);
    if (!this.rows.has(view.name)) this.rows.set(view.name, new Map());
  }

  /** Adds or replaces a feature service. */
  applyFeatureService(service: FeastFeatureServiceDefinition): void {
    this.services.set(service.name, service);
  }

  /** Writes rows of a view into the online store (a row with the same entity is replaced). */
  writeRows(viewName: string, rows: FeastOnlineRow[]): void {
    const view = this.views.get(viewName);
    if (!view) throw new Error(`Unknown feature view ${viewName}`);
    const stored = this.rows.get(viewName)!;
    for (const row of rows) {
      const keyValues = view.entities.map(key => {
        const raw = row.entity[key.joinKey];
        if (raw === undefined) {
          throw new Error(`Row of ${viewName} lacks join key ${key.joinKey}`);
        }
        if (key.valueType === 'STRING') {
          if (typeof raw !== 'string') {
            throw new Error(`${viewName}.${key.joinKey}: expected a string`);
          }
          return raw;
        }
        return toInteger(raw, `${viewName}.${key.joinKey}`);
      });
      const values = new Map<string, PyJsonOut>();
      for (const [name, value] of Object.entries(row.values)) {
        const feature = view.features.find(f => f.name === name);
        if (!feature)
          throw new Error(`Feature view ${viewName} has no feature ${name}`);
        values.set(
          name,
          encodeStoredValue(value, feature.valueType, `${viewName}:${name}`),
        );
      }
      stored.set(
        entityKey(
          view.entities.map(k => k.joinKey),
          keyValues,
        ),
        {
          timestamp: parseTimestamp(row.eventTimestamp),
          values,
        },
      );
    }
  }

  /** Removes every stored row of a view. */
  clearRows(viewName: string): void {
    this.rows.get(viewName)?.clear();
  }

  private featureViewOrThrow(name: string): FeastFeatureViewDefinition {
    const view = this.views.get(name);
    if (!view) {
      throw feastError(
        'FeatureViewNotFoundException',
        `Feature view ${name} does not exist in project ${this.project}`,
        404,
      );
    }
    return view;
  }

  /** Feature refs of the request (steps 1-2). */
  private featureRefs(request: OnlineFeaturesRequestBody): string[] {
    if (request.featureService) {
      const service = this.services.get(request.featureService);
      if (!service) {
        throw feastError(
          'FeatureServiceNotFoundException',
          `Feature service ${request.featureService} does not exist in project ${this.project}`,
          404,
        );
      }
      return service.features.flatMap(projection => {
        const view = this.featureViewOrThrow(projection.featureView);
        const names = projection.features ?? view.features.map(f => f.name);
        return names.map(name => `${projection.featureView}:${name}`);
      });
    }
    if (request.features.length === 0) {
      throw pythonError('No features specified for retrieval');
    }
    return request.features;
  }

  /** Steps 3-5: the views read, each with its requested features. */
  private groupRefs(refs: string[], fullFeatureNames: boolean) {
    const parsed = refs.map(ref => {
      const colon = ref.indexOf(':');
      if (colon < 0) {
        throw pythonError(
          `Invalid feature reference '${ref}'. Expected format: '<feature_view>:<feature>' or '<feature_view>@<version>:<feature>'`,
        );
      }
      let viewName = ref.slice(0, colon);
      const feature = ref.slice(colon + 1);
      const at = viewName.indexOf('@');
      if (at >= 0) {
        const version = viewName.slice(at + 1);
        if (!version || version.toLowerCase() === 'latest') {
          viewName = viewName.slice(0, at);
        } else if (/^[vV]\d+$/.test(version)) {
          return {
            ref,
            viewName: viewName.slice(0, at),
            feature,
            version: Number(version.slice(1)),
          };
        }
      }
      return {
        ref,
        viewName,
        feature,
        version: undefined as number | undefined,
      };
    });

    const seen = new Set<string>();
    for (const p of parsed) {
      const key = `${p.viewName}@${p.version ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (p.version !== undefined) {
        throw pythonError(
          `Version-qualified ref '${p.viewName}@v${p.version}' not supported: online versioning is disabled. Set 'enable_online_feature_view_versioning: true' under 'registry' in feature_store.yaml.`,
        );
      }
      this.featureViewOrThrow(p.viewName);
    }

    this.checkCollisions(parsed, fullFeatureNames);

    const grouped = new Map<string, Set<string>>();
    for (const p of parsed) {
      const view = this.views.get(p.viewName)!;
      if (!view.features.some(f => f.name === p.feature)) {
        throw pythonKeyError(
          `Feature ${p.feature} not found in projection ${p.viewName}`,
        );
      }
      if (!grouped.has(p.viewName)) grouped.set(p.viewName, new Set());
      grouped.get(p.viewName)!.add(p.feature);
    }
    return [...grouped].map(([name, features]) => ({
      view: this.views.get(name)!,
      features: setOrder([...features]),
    }));
  }

  private checkCollisions(
    parsed: { ref: string; feature: string }[],
    fullFeatureNames: boolean,
  ) {
    const counts = new Map<string, number>();
    const keyOf = (p: { ref: string; feature: string }) =>
      fullFeatureNames ? p.ref : p.feature;
    for (const p of parsed)
      counts.set(keyOf(p), (counts.get(keyOf(p)) ?? 0) + 1);
    const collided = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
    if (!collided.length) return;
    const names = fullFeatureNames
      ? collided.map(ref => ref.replace(/:/g, '__'))
      : collided;
    const advice = fullFeatureNames
      ? "To resolve this collision, please ensure that the feature views or their own features have different names. If you're intentionally joining the same feature view twice on different sets of entities, please rename one of the feature views with '.with_name'."
      : "To resolve this collision, either use the full feature name by setting 'full_feature_names=True', or ensure that the features in question have different names.";
    throw feastError(
      'FeatureNameCollisionError',
      `Duplicate features named ${names.join(', ')} found.\n${advice}`,
      500,
    );
  }

  /** Answers a validated POST /get-online-features body with the JSON text Feast sends. */
  getOnlineFeatures(request: OnlineFeaturesRequestBody): string {
    const refs = this.featureRefs(request);
    const grouped = this.groupRefs(refs, request.fullFeatureNames);

    // Join keys of every entity of the project; types from the requested views.
    const projectJoinKeys = new Set<string>();
    for (const view of this.views.values()) {
      for (const key of view.entities) projectJoinKeys.add(key.joinKey);
    }
    const keyTypes = new Map<string, FeastJoinKeyValueType>();
    for (const { view } of grouped) {
      for (const key of view.entities) keyTypes.set(key.joinKey, key.valueType);
    }

    const converted = new Map<string, PyJsonOut[]>();
    for (const [key, values] of request.entities) {
      const type = keyTypes.get(key);
      converted.set(
        key,
        type
          ? values.map(v => convertJoinKeyValue(v, type))
          : convertUntypedValues(values),
      );
    }
    const lengths = new Set([...converted.values()].map(v => v.length));
    if (lengths.size > 1) {
      throw pythonError('All entity rows must have the same columns.');
    }

    const joinKeyValues = new Map(
      [...converted].filter(([key]) => projectJoinKeys.has(key)),
    );
    const featureNames: string[] = [];
    const vectors: FeatureVector[] = [];
    for (const [key, values] of joinKeyValues) {
      featureNames.push(key);
      vectors.push({
        values,
        statuses: values.map(() => 'PRESENT'),
        eventTimestamps: values.map(() =>
          formatTimestamp({ seconds: 0, nanos: 0 }),
        ),
      });
    }

    const service = request.featureService
      ? this.services.get(request.featureService)
      : undefined;
    if (service?.precomputeOnline) {
      this.readPrecomputed(service, grouped, request, {
        joinKeyValues,
        projectJoinKeys,
        featureNames,
        vectors,
      });
    } else {
      for (const { view, features } of grouped) {
        const stored = this.rows.get(view.name)!;
        const { keys } = this.entityRowsOf(
          view,
          joinKeyValues,
          projectJoinKeys,
        );
        const rows = keys.map(key => (key ? stored.get(key) : undefined));
        for (const feature of features) {
          featureNames.push(
            request.fullFeatureNames ? `${view.name}__${feature}` : feature,
          );
          const vector: FeatureVector = {
            values: [],
            statuses: [],
            eventTimestamps: [],
          };
          for (const row of rows) {
            const present = row?.values.has(feature);
            vector.values.push(present ? row!.values.get(feature)! : null);
            vector.statuses.push(present ? 'PRESENT' : 'NOT_FOUND');
            vector.eventTimestamps.push(
              formatTimestamp(row ? row.timestamp : NO_TIMESTAMP),
            );
          }
          vectors.push(vector);
        }
      }
    }

    return pyJsonDumps({
      results: vectors.map(v => ({
        values: v.values,
        statuses: v.statuses,
        event_timestamps: v.eventTimestamps,
      })),
      metadata: { feature_names: featureNames },
    });
  }

  /**
   * The entity rows of a view (utils._get_unique_entities): its join keys'
   * values per row, and the store key of each row (undefined when not every
   * join key of the view was given, which finds nothing).
   */
  private entityRowsOf(
    view: FeastFeatureViewDefinition,
    joinKeyValues: Map<string, PyJsonOut[]>,
    projectJoinKeys: Set<string>,
  ): { values: PyJsonOut[][]; keys: (string | undefined)[] } {
    const viewKeys = view.entities.map(k => k.joinKey);
    const tableValues = [...joinKeyValues].filter(([key]) =>
      viewKeys.includes(key),
    );
    if (!tableValues.some(([, values]) => values.length > 0)) {
      // Every expected key is empty here; the missing ones are those not given at all.
      const provided = new Set(tableValues.map(([key]) => key));
      const expected = [...projectJoinKeys].sort();
      const missing = expected.filter(k => !provided.has(k));
      throw pythonKeyError(
        `Missing join key values for keys: ${pyRepr(
          missing,
        )}. No values provided for keys: ${pyRepr(
          expected,
        )}. Provided join_key_values: ${pyRepr([...joinKeyValues.keys()])}`,
      );
    }
    const complete = viewKeys.every(k =>
      tableValues.some(([key]) => key === k),
    );
    const values: PyJsonOut[][] = [];
    const keys: (string | undefined)[] = [];
    for (let i = 0; i < tableValues[0][1].length; i++) {
      const row = tableValues.map(([, column]) => column[i]);
      // Feast sorts the rows by getattr(value, value.WhichOneof("val")).
      if (row.some(v => v === null)) {
        throw pythonError("attribute name must be string, not 'NoneType'");
      }
      values.push(row);
      keys.push(
        complete
          ? entityKey(
              viewKeys,
              viewKeys.map(
                k => row[tableValues.findIndex(([key]) => key === k)],
              ),
            )
          : undefined,
      );
    }
    return { values, keys };
  }

  /**
   * Writes the precomputed vectors of a feature service as `feast precompute`
   * does (FeatureStore.precompute): one per entity of the first view of the
   * service, with the values of every view for that entity (null where a view
   * has none), each view's event timestamp and the time of the run.
   * Returns the number of vectors written.
   */
  precompute(serviceName: string, at: Date = new Date()): number {
    const service = this.services.get(serviceName);
    if (!service) throw new Error(`Unknown feature service ${serviceName}`);
    const projections = service.features.map(p => {
      const view = this.featureViewOrThrow(p.featureView);
      return {
        view,
        features: p.features ?? view.features.map(f => f.name),
      };
    });
    const featureNames = projections.flatMap(p =>
      p.features.map(f => `${p.view.name}__${f}`),
    );
    const vectors = new Map<string, PrecomputedVector>();
    const precomputedAt = parseTimestamp(at);
    for (const key of this.rows.get(projections[0].view.name)!.keys()) {
      const values: PyJsonOut[] = [];
      const viewTimestamps = new Map<string, Timestamp>();
      for (const { view, features } of projections) {
        const row = this.rows.get(view.name)!.get(key);
        if (row) viewTimestamps.set(view.name, row.timestamp);
        for (const f of features) values.push(row?.values.get(f) ?? null);
      }
      vectors.set(key, { featureNames, values, viewTimestamps, precomputedAt });
    }
    this.precomputed.set(serviceName, vectors);
    return vectors.size;
  }

  /**
   * The read of a `precompute_online` feature service
   * (OnlineStore._try_precomputed_fast_path): the vectors of the unique
   * entities of the first view, in sorted key order, fill the first rows of
   * the answer (Feast does not map them back to the request's order); a
   * feature is OUTSIDE_MAX_AGE when its view has a TTL and its row is older,
   * which Feast can only tell from a full name (`view__feature`). Every value
   * carries the time of the precompute run.
   */
  private readPrecomputed(
    service: FeastFeatureServiceDefinition,
    grouped: { view: FeastFeatureViewDefinition; features: string[] }[],
    request: OnlineFeaturesRequestBody,
    out: {
      joinKeyValues: Map<string, PyJsonOut[]>;
      projectJoinKeys: Set<string>;
      featureNames: string[];
      vectors: FeatureVector[];
    },
  ): void {
    const first = grouped[0].view;
    const { values, keys } = this.entityRowsOf(
      first,
      out.joinKeyValues,
      out.projectJoinKeys,
    );
    const rowCount = values.length;
    const unique = new Map<string, PyJsonOut[]>();
    values.forEach((row, i) => unique.set(keys[i] ?? `#${i}`, row));
    const sorted = [...unique].sort(([, a], [, b]) => {
      for (let c = 0; c < a.length; c++) {
        const order = compareKeyValues(a[c], b[c]);
        if (order) return order;
      }
      return 0;
    });
    const stored = this.precomputed.get(service.name);
    const expected = grouped.flatMap(({ view, features }) =>
      features.map(f => (request.fullFeatureNames ? `${view.name}__${f}` : f)),
    );
    const found = sorted.map(([key]) => stored?.get(key));
    const schemaMatches = (v: PrecomputedVector) =>
      v.featureNames.length === expected.length &&
      expected.every(name => v.featureNames.includes(name));
    if (found.some(v => !v || !schemaMatches(v))) {
      throw pythonError(
        `FeatureService '${service.name}' has precompute_online=True but pre-computed vectors could not be read. Run \`feast precompute ${service.name}\` or materialize to populate vectors.`,
      );
    }
    const ttls = new Map(
      grouped.map(({ view }) => [view.name, view.ttlSeconds || undefined]),
    );
    const anyTtl = [...ttls.values()].some(t => t !== undefined);
    const nowSeconds = Date.now() / 1000;
    const timestamps = Array.from({ length: rowCount }, (_, i) =>
      formatTimestamp(found[i]?.precomputedAt ?? NO_TIMESTAMP),
    );
    for (const name of expected) {
      const vector: FeatureVector = {
        values: [],
        statuses: [],
        eventTimestamps: timestamps,
      };
      const view = name.includes('__') ? name.split('__')[0] : undefined;
      for (let i = 0; i < rowCount; i++) {
        const vectorOfRow = found[i];
        if (!vectorOfRow) {
          vector.values.push(null);
          vector.statuses.push('NOT_FOUND');
          continue;
        }
        vector.values.push(
          vectorOfRow.values[vectorOfRow.featureNames.indexOf(name)],
        );
        const ttl = view ? ttls.get(view) : undefined;
        const eventTime = view
          ? vectorOfRow.viewTimestamps.get(view)
          : undefined;
        const expired =
          anyTtl &&
          ttl !== undefined &&
          eventTime !== undefined &&
          nowSeconds - (eventTime.seconds + eventTime.nanos / 1e9) > ttl;
        vector.statuses.push(expired ? 'OUTSIDE_MAX_AGE' : 'PRESENT');
      }
      out.featureNames.push(name);
      out.vectors.push(vector);
    }
  }
}

import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { EntityKeyValue } from '@internal/plugin-feature-store-common';
import {
  FeatureViewEntityKey,
  FeatureViewSpec,
} from '@internal/plugin-lakehouse-common';
import {
  FeastEntityValue,
  FeastOnlineFeaturesRequest,
} from './FeastFeatureServerClient';

const INT_RANGES: Record<string, [bigint, bigint]> = {
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
  INT32: [-(2n ** 31n), 2n ** 31n - 1n],
};

/**
 * One value typed as the join key's Feast type says: the feature server
 * finds no row for `"1001"` when the key is an INT64, and refuses what
 * Python's int() cannot read, so the user is told here instead.
 */
export function coerceJoinKeyValue(
  value: EntityKeyValue,
  key: Pick<FeatureViewEntityKey, 'joinKey' | 'valueType'>,
): FeastEntityValue {
  const type = key.valueType?.toUpperCase();
  const refuse = (expected: string) =>
    new InputError(
      `entities.${key.joinKey}: ${key.joinKey} is ${type}, ${JSON.stringify(
        value,
      )} is not ${expected}`,
    );
  if (type === 'INT64' || type === 'INT32') {
    let int: bigint;
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      int = BigInt(value);
    } else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
      int = BigInt(value.trim());
    } else throw refuse('a whole number');
    const [min, max] = INT_RANGES[type];
    if (int < min || int > max) throw refuse(`within the range of ${type}`);
    return Number.isSafeInteger(Number(int)) ? Number(int) : int;
  }
  if (type === 'STRING') {
    if (typeof value !== 'string') throw refuse('a string');
    return value;
  }
  if (type === 'BOOL') {
    if (typeof value !== 'boolean') throw refuse('true or false');
    return value;
  }
  if (type === 'FLOAT' || type === 'DOUBLE') {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw refuse('a number');
    }
    return value;
  }
  // A type the portal does not know: Feast converts it.
  return value;
}

/**
 * The entity rows of the request checked against the join keys of the view
 * (or of every view of a service): exactly those keys, each value typed.
 */
export function typedEntityRows(
  entities: Record<string, EntityKeyValue[]>,
  joinKeys: FeatureViewEntityKey[],
  subject: string,
): Record<string, FeastEntityValue[]> {
  const known = new Map(joinKeys.map(k => [k.joinKey, k]));
  const names = joinKeys.map(k => k.joinKey).join(', ');
  for (const given of Object.keys(entities)) {
    if (!known.has(given)) {
      throw new InputError(
        `entities.${given}: ${subject} has no join key ${given}; its join keys are ${names}`,
      );
    }
  }
  const typed: Record<string, FeastEntityValue[]> = {};
  for (const key of known.values()) {
    const values = entities[key.joinKey];
    if (!values) {
      throw new InputError(
        `entities.${key.joinKey}: give the values of join key ${key.joinKey} of ${subject} (its join keys are ${names})`,
      );
    }
    typed[key.joinKey] = values.map(v => coerceJoinKeyValue(v, key));
  }
  return typed;
}

/** The Feast request for a feature view: `<feast name>:<feature>` for each feature asked for (all by default). */
export function featureViewRequest(options: {
  view: Entity;
  feastName: string;
  entities: Record<string, EntityKeyValue[]>;
  features?: string[];
  subject: string;
}): FeastOnlineFeaturesRequest & { features: string[] } {
  const spec = options.view.spec as unknown as FeatureViewSpec;
  const joinKeys = spec.entityKeys ?? [];
  if (joinKeys.length === 0) {
    throw new InputError(
      `${options.subject} lists no join keys in spec.entityKeys, so it cannot be looked up`,
    );
  }
  const available = (spec.features ?? []).map(f => f.name);
  const requested = options.features ?? available;
  if (requested.length === 0) {
    throw new InputError(
      `${options.subject} lists no features in spec.features`,
    );
  }
  for (const feature of requested) {
    if (!available.includes(feature)) {
      throw new InputError(
        `features: ${
          options.subject
        } has no feature ${feature}; its features are ${available.join(', ')}`,
      );
    }
  }
  return {
    features: [...new Set(requested)].map(f => `${options.feastName}:${f}`),
    entities: typedEntityRows(options.entities, joinKeys, options.subject),
    fullFeatureNames: false,
  };
}

/**
 * The Feast request for a feature service. Feature names are asked in full
 * (`view__feature`): two views of a service may have features of the same
 * name, which Feast refuses otherwise.
 */
export function featureServiceRequest(options: {
  feastName: string;
  entities: Record<string, EntityKeyValue[]>;
  /** Join keys of the service's views, when every view was found in the catalog. */
  joinKeys?: FeatureViewEntityKey[];
  subject: string;
}): FeastOnlineFeaturesRequest {
  let entities: Record<string, FeastEntityValue[]>;
  if (options.joinKeys) {
    entities = typedEntityRows(
      options.entities,
      options.joinKeys,
      options.subject,
    );
  } else {
    entities = { ...options.entities };
  }
  return {
    featureService: options.feastName,
    entities,
    fullFeatureNames: true,
  };
}

function compareValues(a: FeastEntityValue, b: FeastEntityValue): number {
  if (typeof a !== 'string' && typeof b !== 'string') {
    const [x, y] = [BigInt(a), BigInt(b)];
    return x < y ? -1 : Number(x > y);
  }
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : Number(x > y);
}

/**
 * The entity rows sorted by their key values and without repeats, with the
 * row of the result that answers each row given. Feast reads a feature
 * service with precomputed vectors (`precompute_online`) in sorted key
 * order and does not put the values back in the order asked for, so the
 * rows are sent in that order already.
 */
export function sortedUniqueRows(
  entities: Record<string, FeastEntityValue[]>,
): {
  entities: Record<string, FeastEntityValue[]>;
  rowOf: number[];
} {
  const keys = Object.keys(entities);
  const count = keys.length ? entities[keys[0]].length : 0;
  const rows = Array.from({ length: count }, (_, i) =>
    keys.map(k => entities[k][i]),
  );
  const order = rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      for (let c = 0; c < keys.length; c++) {
        const o = compareValues(a.row[c], b.row[c]);
        if (o) return o;
      }
      return 0;
    });
  const unique: FeastEntityValue[][] = [];
  const rowOf = new Array<number>(count);
  for (const { row, i } of order) {
    const last = unique[unique.length - 1];
    if (!last || last.some((v, c) => compareValues(v, row[c]) !== 0)) {
      unique.push(row);
    }
    rowOf[i] = unique.length - 1;
  }
  return {
    entities: Object.fromEntries(
      keys.map((k, c) => [k, unique.map(r => r[c])]),
    ),
    rowOf,
  };
}

import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  DriftFeatureKind,
  DriftMonitorFeature,
  DriftTest,
} from '@internal/plugin-lakehouse-common';

const KEY = 'lakehouse.drift';

const KINDS: DriftFeatureKind[] = ['numeric', 'categorical'];
const TESTS: DriftTest[] = [
  'ks',
  'wasserstein',
  'psi',
  'jensenShannon',
  'hellinger',
  'chiSquare',
];

/** How thresholds are set: as configured, or calibrated on the data. */
export interface DriftThresholdSettings {
  mode: 'fixed' | 'calibrated';
  /** Calibrated: the per-feature false-alarm rate to hold. */
  falseAlarmRate: number;
  /** Calibrated: permutations per feature and run. */
  permutations: number;
  /** Calibrated: bins the permutations run on. */
  bins: number;
}

/**
 * Where one side of the comparison reads its rows: a table (optionally a
 * window of it by a timestamp column) or a SELECT of its own.
 */
export type DriftDataSpec =
  | { sql: string }
  | {
      table: string;
      timestampColumn?: string;
      /** Fixed window, ISO 8601 (inclusive start, exclusive end). */
      from?: string;
      to?: string;
      /** Sliding window: the last `window` before the anchor. */
      window?: HumanDuration;
      /** `now` (default) or `latest`: the newest timestamp in the table. */
      anchor?: 'now' | 'latest';
    };

/** One monitor of `lakehouse.drift.monitors`. */
export interface DriftMonitorConfig {
  id: string;
  title?: string;
  entityRef: string;
  /** Engine id, `duckdb` or `trino`; undefined for the default engine. */
  engine?: string;
  reference: DriftDataSpec;
  current: DriftDataSpec;
  features: DriftMonitorFeature[];
  exclude: string[];
  thresholds: DriftThresholdSettings;
  bins: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  notify: boolean;
}

/** Settings of drift monitoring, from `lakehouse.drift`. */
export interface DriftConfig {
  monitors: DriftMonitorConfig[];
  /** The user the service runs monitor queries as on Trino. */
  engineUser: string;
  /** Trino: exact KS and Wasserstein up to this many rows a side. */
  exactMaxRows: number;
  /** How long a summary of the reference data is reused. */
  referenceMaxAgeMs: number;
}

class DriftConfigError extends Error {
  constructor(key: string, message: string) {
    super(`${key}: ${message}`);
    this.name = 'DriftConfigError';
  }
}

function readSchedule(
  config: Config | undefined,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  if (!config) return fallback;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(config);
  } catch (error) {
    throw new DriftConfigError(key, (error as Error).message);
  }
}

function readThresholds(
  config: Config | undefined,
  key: string,
  fallback: DriftThresholdSettings,
): DriftThresholdSettings {
  if (!config) return fallback;
  const mode = config.getOptionalString('mode') ?? fallback.mode;
  if (mode !== 'fixed' && mode !== 'calibrated') {
    throw new DriftConfigError(
      `${key}.mode`,
      `must be fixed or calibrated, not ${mode}`,
    );
  }
  const falseAlarmRate =
    config.getOptionalNumber('falseAlarmRate') ?? fallback.falseAlarmRate;
  if (!(falseAlarmRate > 0 && falseAlarmRate < 0.5)) {
    throw new DriftConfigError(
      `${key}.falseAlarmRate`,
      `must be between 0 and 0.5, not ${falseAlarmRate}`,
    );
  }
  const permutations =
    config.getOptionalNumber('permutations') ?? fallback.permutations;
  if (!Number.isInteger(permutations) || permutations < 1 / falseAlarmRate) {
    throw new DriftConfigError(
      `${key}.permutations`,
      `must be a whole number of at least ${Math.ceil(
        1 / falseAlarmRate,
      )} (1 / falseAlarmRate), not ${permutations}`,
    );
  }
  const bins = config.getOptionalNumber('bins') ?? fallback.bins;
  checkBins(bins, `${key}.bins`);
  return { mode, falseAlarmRate, permutations, bins };
}

function checkBins(bins: number, key: string) {
  if (!Number.isInteger(bins) || bins < 2 || bins > 1000) {
    throw new DriftConfigError(
      key,
      `must be a whole number from 2 to 1000, not ${bins}`,
    );
  }
}

/** A dotted table name of one to three parts, each a plain or quoted identifier. */
const TABLE_NAME =
  /^("[^"]+"|[A-Za-z_][\w$]*)(\.("[^"]+"|[A-Za-z_][\w$]*)){0,2}$/;
const COLUMN_NAME = /^[A-Za-z_][\w$]*$/;

function readDataSpec(config: Config, key: string): DriftDataSpec {
  const sql = config.getOptionalString('sql');
  const table = config.getOptionalString('table');
  if (sql && table) {
    throw new DriftConfigError(key, 'set either table or sql, not both');
  }
  if (sql) return { sql };
  if (!table) {
    throw new DriftConfigError(
      key,
      'needs table (e.g. lakehouse.gold.customer_features) or sql (a SELECT)',
    );
  }
  if (!TABLE_NAME.test(table)) {
    throw new DriftConfigError(
      `${key}.table`,
      `${table} is not a table name (catalog.schema.table)`,
    );
  }
  const timestampColumn = config.getOptionalString('timestampColumn');
  if (timestampColumn && !COLUMN_NAME.test(timestampColumn)) {
    throw new DriftConfigError(
      `${key}.timestampColumn`,
      `${timestampColumn} is not a column name`,
    );
  }
  const from = config.getOptionalString('from');
  const to = config.getOptionalString('to');
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw new DriftConfigError(
        `${key}.${name}`,
        `${value} is not an ISO 8601 date or time`,
      );
    }
  }
  let window: HumanDuration | undefined;
  if (config.has('window')) {
    const windowConfig = config.getConfig('window');
    window = Object.fromEntries(
      windowConfig.keys().map(k => [k, windowConfig.getNumber(k)]),
    ) as HumanDuration;
    if (!(durationToMilliseconds(window) > 0)) {
      throw new DriftConfigError(
        `${key}.window`,
        'must be a positive duration, e.g. { days: 7 }',
      );
    }
  }
  const anchor = config.getOptionalString('anchor');
  if (anchor !== undefined && anchor !== 'now' && anchor !== 'latest') {
    throw new DriftConfigError(
      `${key}.anchor`,
      `must be now or latest, not ${anchor}`,
    );
  }
  if ((from || to || window) && !timestampColumn) {
    throw new DriftConfigError(
      key,
      'a window (from, to or window) needs timestampColumn',
    );
  }
  if (window && (from || to)) {
    throw new DriftConfigError(
      key,
      'set either a sliding window or from/to, not both',
    );
  }
  return {
    table,
    ...(timestampColumn ? { timestampColumn } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(window ? { window } : {}),
    ...(anchor ? { anchor } : {}),
  };
}

function readFeatures(config: Config, key: string): DriftMonitorFeature[] {
  const items = config.getOptional<unknown[]>('features') ?? [];
  if (!Array.isArray(items)) {
    throw new DriftConfigError(`${key}.features`, 'must be a list');
  }
  return items.map((item, i) => {
    const itemKey = `${key}.features[${i}]`;
    const feature: DriftMonitorFeature =
      typeof item === 'string' ? { name: item } : (item as DriftMonitorFeature);
    if (!feature || typeof feature.name !== 'string' || !feature.name) {
      throw new DriftConfigError(
        itemKey,
        'needs a name (a column of the reference and current data)',
      );
    }
    if (feature.kind !== undefined && !KINDS.includes(feature.kind)) {
      throw new DriftConfigError(
        `${itemKey}.kind`,
        `must be numeric or categorical, not ${feature.kind}`,
      );
    }
    if (feature.test !== undefined && !TESTS.includes(feature.test)) {
      throw new DriftConfigError(
        `${itemKey}.test`,
        `must be one of ${TESTS.join(', ')}, not ${feature.test}`,
      );
    }
    if (
      feature.threshold !== undefined &&
      !(typeof feature.threshold === 'number' && feature.threshold >= 0)
    ) {
      throw new DriftConfigError(
        `${itemKey}.threshold`,
        `must be a number of 0 or more, not ${feature.threshold}`,
      );
    }
    return {
      name: feature.name,
      ...(feature.kind ? { kind: feature.kind } : {}),
      ...(feature.test ? { test: feature.test } : {}),
      ...(feature.threshold !== undefined
        ? { threshold: feature.threshold }
        : {}),
    };
  });
}

/**
 * Reads `lakehouse.drift`: defaults for every monitor (`schedule`,
 * `thresholds`, `bins`, `notify`), service settings (`engineUser`,
 * `exactMaxRows`, `referenceMaxAge`) and `monitors`, keyed by monitor id.
 * Errors name the key and what is wrong with it.
 */
export function readDriftConfig(config: Config): DriftConfig {
  const section = config.getOptionalConfig(KEY);
  const defaultSchedule = readSchedule(
    section?.getOptionalConfig('schedule'),
    `${KEY}.schedule`,
    {
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 30 },
    },
  );
  const defaultThresholds = readThresholds(
    section?.getOptionalConfig('thresholds'),
    `${KEY}.thresholds`,
    { mode: 'fixed', falseAlarmRate: 0.05, permutations: 500, bins: 100 },
  );
  const defaultBins = section?.getOptionalNumber('bins') ?? 10;
  checkBins(defaultBins, `${KEY}.bins`);
  const defaultNotify = section?.getOptionalBoolean('notify') ?? true;
  const exactMaxRows = section?.getOptionalNumber('exactMaxRows') ?? 1_000_000;
  if (!(Number.isInteger(exactMaxRows) && exactMaxRows >= 0)) {
    throw new DriftConfigError(
      `${KEY}.exactMaxRows`,
      `must be a whole number, not ${exactMaxRows}`,
    );
  }
  let referenceMaxAgeMs = 24 * 60 * 60 * 1000;
  if (section?.has('referenceMaxAge')) {
    const age = section.getConfig('referenceMaxAge');
    referenceMaxAgeMs = durationToMilliseconds(
      Object.fromEntries(
        age.keys().map(k => [k, age.getNumber(k)]),
      ) as HumanDuration,
    );
  }

  const monitorsConfig = section?.getOptionalConfig('monitors');
  const monitors = (monitorsConfig?.keys() ?? []).map(id => {
    const key = `${KEY}.monitors.${id}`;
    if (!/^[a-z0-9][a-z0-9-_.]{0,62}$/i.test(id)) {
      throw new DriftConfigError(
        key,
        'a monitor id is letters, digits, -, _ and . (at most 63)',
      );
    }
    const monitor = monitorsConfig!.getConfig(id);
    const entity = monitor.getOptionalString('entity');
    if (!entity) {
      throw new DriftConfigError(
        `${key}.entity`,
        'names the model or feature view the monitor watches, e.g. resource:default/customer-churn',
      );
    }
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(
        parseEntityRef(entity, { defaultKind: 'resource' }),
      );
    } catch (error) {
      throw new DriftConfigError(`${key}.entity`, (error as Error).message);
    }
    const bins = monitor.getOptionalNumber('bins') ?? defaultBins;
    checkBins(bins, `${key}.bins`);
    const exclude = monitor.getOptionalStringArray('exclude') ?? [];
    if (!monitor.has('reference')) {
      throw new DriftConfigError(`${key}.reference`, 'is required');
    }
    if (!monitor.has('current')) {
      throw new DriftConfigError(`${key}.current`, 'is required');
    }
    return {
      id,
      title: monitor.getOptionalString('title'),
      entityRef,
      engine: monitor.getOptionalString('engine'),
      reference: readDataSpec(
        monitor.getConfig('reference'),
        `${key}.reference`,
      ),
      current: readDataSpec(monitor.getConfig('current'), `${key}.current`),
      features: readFeatures(monitor, key),
      exclude,
      thresholds: readThresholds(
        monitor.getOptionalConfig('thresholds'),
        `${key}.thresholds`,
        defaultThresholds,
      ),
      bins,
      schedule: readSchedule(
        monitor.getOptionalConfig('schedule'),
        `${key}.schedule`,
        defaultSchedule,
      ),
      notify: monitor.getOptionalBoolean('notify') ?? defaultNotify,
    };
  });

  return {
    monitors,
    engineUser: section?.getOptionalString('engineUser') ?? 'lakehouse-portal',
    exactMaxRows,
    referenceMaxAgeMs,
  };
}

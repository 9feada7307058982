import {
  OnlineFeatureRow,
  OnlineFeatureStatus,
  OnlineFeaturesResponse,
} from '@internal/plugin-feature-store-common';
import { FeastOnlineFeaturesResponse } from './FeastFeatureServerClient';

/** Feast's timestamp of a value it has no row for. */
const NO_TIMESTAMP = '1970-01-01T00:00:00Z';

const STATUSES: OnlineFeatureStatus[] = [
  'PRESENT',
  'NULL_VALUE',
  'NOT_FOUND',
  'OUTSIDE_MAX_AGE',
  'INVALID',
];

/**
 * Turns Feast's column-per-name answer into one row per entity. The join
 * keys sent are the entity of each row; every other name is a feature, in
 * Feast's order (which, for the features of one view, is not the order
 * asked for: the names of the answer are the reference).
 */
export function pivotOnlineFeatures(
  answer: FeastOnlineFeaturesResponse,
  joinKeys: string[],
  context: Pick<OnlineFeaturesResponse, 'project' | 'source'>,
): OnlineFeaturesResponse {
  const names = answer.metadata.feature_names;
  if (answer.results.length !== names.length) {
    throw new Error(
      `the answer has ${answer.results.length} results for ${names.length} feature names`,
    );
  }
  const rowCount = answer.results[0]?.values.length ?? 0;
  const rows: OnlineFeatureRow[] = Array.from({ length: rowCount }, () => ({
    entity: {},
    features: [],
  }));
  const featureNames: string[] = [];
  names.forEach((name, column) => {
    const result = answer.results[column];
    const isJoinKey = joinKeys.includes(name);
    if (!isJoinKey) featureNames.push(name);
    rows.forEach((row, i) => {
      if (isJoinKey) {
        row.entity[name] = result.values[i];
        return;
      }
      const status = result.statuses[i] as OnlineFeatureStatus;
      const timestamp = result.event_timestamps?.[i];
      row.features.push({
        name,
        value: result.values[i] ?? null,
        status: STATUSES.includes(status) ? status : 'INVALID',
        ...(timestamp && timestamp !== NO_TIMESTAMP
          ? { eventTimestamp: timestamp }
          : {}),
      });
    });
  });
  return { ...context, featureNames, rows };
}

import type {
  DriftFeatureReport,
  DriftMonitorFeature,
} from '@internal/plugin-lakehouse-common';

/** The engine SQL a drift computation runs on: DuckDB or Trino. */
export type DriftSqlDialect = 'duckdb' | 'trino';

/** What a statement run by {@link DriftSqlRunner} returns. */
export interface DriftSqlResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

/**
 * Runs the statements of a drift computation on one engine. The statements
 * are read-only SELECTs whose results are summaries (counts, moments, bin
 * counts): never the rows of the compared data.
 */
export interface DriftSqlRunner {
  dialect: DriftSqlDialect;
  /** Runs one read-only SELECT and returns all its rows (small results only: summaries). */
  run(sql: string, signal?: AbortSignal): Promise<DriftSqlResult>;
}

/**
 * Where summaries of a reference are kept between runs, so the reference,
 * which rarely changes, is summarised once. Values must survive a JSON
 * round trip.
 */
export interface ReferenceSummaryCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, summary: unknown): Promise<void>;
}

/** How thresholds are set, and the settings of calibration. */
export interface DriftThresholdOptions {
  /** `fixed`: the feature's threshold or the test's default; `calibrated`: a permutation test per feature. */
  mode: 'fixed' | 'calibrated';
  /** Calibrated: the share of undrifted runs allowed to report drift. */
  falseAlarmRate: number;
  /** Calibrated: permutations per feature. */
  permutations: number;
  /** Calibrated: the bins (numeric) the permutations run on; also the bins of binned KS and Wasserstein. */
  bins: number;
  /** Seed of the permutations, so a run can be repeated. */
  seed: number;
}

/** Options of {@link computeDrift}. */
export interface ComputeDriftOptions {
  runner: DriftSqlRunner;
  /** A read-only SELECT of the reference rows; it is wrapped as a subquery, never changed. */
  referenceSql: string;
  /** A read-only SELECT of the current rows. */
  currentSql: string;
  /** The features to compare; empty: every column of the reference except `exclude`. */
  features: DriftMonitorFeature[];
  /** Columns never compared when `features` is empty (time stamps, ids, labels). */
  exclude?: string[];
  thresholds: DriftThresholdOptions;
  /** Bins of the reported histograms and of PSI, Jensen–Shannon and Hellinger on numeric features. */
  bins: number;
  /**
   * Trino: KS and Wasserstein are exact when each side has at most this many
   * rows, and binned on `thresholds.bins` bins above it. DuckDB: always exact.
   */
  exactMaxRows: number;
  referenceCache?: ReferenceSummaryCache;
  signal?: AbortSignal;
}

/** What {@link computeDrift} found. */
export interface ComputedDrift {
  referenceRows: number;
  currentRows: number;
  features: DriftFeatureReport[];
}

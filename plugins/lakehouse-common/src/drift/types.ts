/**
 * Drift monitoring: the monitors of models and feature views and the reports
 * their runs produce (`/api/lakehouse/drift/...`).
 */

/** How a feature's values are compared. @public */
export type DriftFeatureKind = 'numeric' | 'categorical';

/**
 * The statistic a feature's drift decision rests on.
 *
 * - `ks`: two-sample Kolmogorov–Smirnov D (numeric), with its p-value.
 * - `wasserstein`: Wasserstein-1 distance divided by the reference standard
 *   deviation (numeric).
 * - `psi`: population stability index over bins (numeric, categorical).
 * - `jensenShannon`: Jensen–Shannon distance, base 2 (numeric, categorical).
 * - `hellinger`: Hellinger distance (numeric, categorical).
 * - `chiSquare`: Pearson's χ² of the current counts against the reference
 *   shares (categorical), with its p-value.
 *
 * @public
 */
export type DriftTest =
  | 'ks'
  | 'wasserstein'
  | 'psi'
  | 'jensenShannon'
  | 'hellinger'
  | 'chiSquare';

/** Every statistic a report can carry for a feature. @public */
export interface DriftStatistics {
  /** Kolmogorov–Smirnov D, the largest gap between the two empirical CDFs. */
  ks?: number;
  ksPValue?: number;
  /** Wasserstein-1 distance, in the feature's units. */
  wasserstein?: number;
  /** Wasserstein-1 divided by the reference standard deviation. */
  wassersteinNormalized?: number;
  psi?: number;
  jensenShannon?: number;
  hellinger?: number;
  chiSquare?: number;
  chiSquarePValue?: number;
  /** Share of current rows where the feature is null. */
  missingRate?: number;
  /** Share of reference rows where the feature is null. */
  referenceMissingRate?: number;
  /** Share of current (non-null) rows whose category the reference never had. */
  unseenCategoryShare?: number;
}

/**
 * Reference and current distributions of a feature: shares of the non-null
 * rows per bin (numeric: `edges` has one more entry than the shares, the
 * outer edges are the smallest and largest value seen) or per category.
 *
 * @public
 */
export interface DriftHistogram {
  edges?: number[];
  categories?: string[];
  reference: number[];
  current: number[];
}

/** One feature of a report. @public */
export interface DriftFeatureReport {
  name: string;
  kind: DriftFeatureKind;
  test: DriftTest;
  /** The test statistic; the feature drifted when it is above `threshold`. */
  value: number;
  threshold: number;
  drifted: boolean;
  /** For `ks` and `chiSquare`: the p-value of `value`. */
  pValue?: number;
  /** How `value` and `threshold` were obtained (exact or binned, fixed or calibrated threshold, ...). */
  method?: string;
  thresholdMode?: 'fixed' | 'calibrated';
  statistics: DriftStatistics;
  histogram?: DriftHistogram;
}

/** The rows one side of a report is about. @public */
export interface DriftSample {
  /** A read-only SELECT of those rows, runnable in the SQL console on the report's engine. */
  sql: string;
  rows: number;
}

/** One run of a monitor. @public */
export interface DriftReport {
  id: string;
  monitorId: string;
  entityRef: string;
  /** ISO 8601. */
  createdAt: string;
  engine: string;
  /** `failed` when the run could not compare the data; `error` says why. */
  status: 'ok' | 'failed';
  error?: string;
  reference: DriftSample;
  current: DriftSample;
  /** Whether any feature drifted; false for a failed run. */
  drifted: boolean;
  features: DriftFeatureReport[];
  durationMs?: number;
  /**
   * Set when the user may not read the monitored data: the histograms
   * (column values, and the outer bin edges that are the extremes seen) are
   * left out, and this says why.
   */
  redacted?: string;
}

/** A feature a monitor watches. @public */
export interface DriftMonitorFeature {
  name: string;
  /** Absent when inferred from the column type at run time. */
  kind?: DriftFeatureKind;
  /** Absent when chosen by kind and reference size at run time. */
  test?: DriftTest;
  threshold?: number;
}

/** A configured monitor (`lakehouse.drift.monitors`). @public */
export interface DriftMonitor {
  id: string;
  title?: string;
  entityRef: string;
  engine: string;
  /** Empty when every column of the reference other than the excluded ones is watched. */
  features: DriftMonitorFeature[];
  /** Human-readable schedule, e.g. `every 1 hour`. */
  schedule: string;
  thresholds: 'fixed' | 'calibrated';
  /** The newest report, when there is one. */
  lastReport?: DriftReportSummary;
}

/** A report without its features: for lists and the overview card. @public */
export interface DriftReportSummary {
  id: string;
  createdAt: string;
  status: 'ok' | 'failed';
  error?: string;
  drifted: boolean;
  driftedFeatures: string[];
  featureCount: number;
}

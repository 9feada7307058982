import { Config } from '@backstage/config';
import { PII_TAG } from '@internal/plugin-lakehouse-common';

/** Settings of the governance features, from `lakehouse.governance`. */
export interface GovernanceConfig {
  /**
   * Tags that count as classifications, lower case: a column tagged with
   * one (or a dataset annotated with one) is protected, and so is every
   * column derived from it directly.
   */
  classifications: string[];
}

const KEY = 'lakehouse.governance.classifications';

/**
 * Reads `lakehouse.governance.classifications` (default `[pii]`). An empty
 * list is refused: it would silently unprotect every dataset.
 */
export function readGovernanceConfig(config: Config): GovernanceConfig {
  const configured = config.getOptionalStringArray(KEY);
  if (configured === undefined) return { classifications: [PII_TAG] };
  const classifications = [
    ...new Set(
      configured.map(c => c.trim().toLocaleLowerCase('en-US')).filter(Boolean),
    ),
  ];
  if (classifications.length === 0) {
    throw new Error(
      `${KEY} must name at least one tag, such as ${PII_TAG}; leave it out for the default [${PII_TAG}]`,
    );
  }
  return { classifications };
}

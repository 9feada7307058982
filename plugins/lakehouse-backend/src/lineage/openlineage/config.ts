import { Config } from '@backstage/config';
import { TableNamingOptions } from './tableIdentifier';

/** The OpenLineage intake's settings, from `lakehouse.lineage.openlineage`. */
export interface OpenLineageConfig extends TableNamingOptions {
  /** The largest event body accepted, in bytes. */
  maxBodyBytes: number;
}

/** 1 MiB: dbt-ol's largest events (a model's SQL and schema) are far smaller. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const KEY = 'lakehouse.lineage.openlineage';

/**
 * Reads `lakehouse.lineage.openlineage`:
 * `maxBodyBytes` (default 1 MiB) and `namespaceCatalogs`, a list of
 * `{ namespace, catalog }` for namespaces whose two-part dataset names
 * (`schema.table`) belong to a catalog.
 */
export function readOpenLineageConfig(config: Config): OpenLineageConfig {
  const section = config.getOptionalConfig(KEY);
  const maxBodyBytes =
    section?.getOptionalNumber('maxBodyBytes') ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new Error(
      `${KEY}.maxBodyBytes must be a positive whole number of bytes, not ${maxBodyBytes}`,
    );
  }
  const namespaceCatalogs: Record<string, string> = {};
  for (const [i, entry] of (
    section?.getOptionalConfigArray('namespaceCatalogs') ?? []
  ).entries()) {
    const catalog = entry.getString('catalog');
    if (!/^[^.\s/]+$/.test(catalog)) {
      throw new Error(
        `${KEY}.namespaceCatalogs[${i}].catalog must be a catalog name without dots, not '${catalog}'`,
      );
    }
    namespaceCatalogs[entry.getString('namespace')] = catalog;
  }
  return { maxBodyBytes, namespaceCatalogs };
}

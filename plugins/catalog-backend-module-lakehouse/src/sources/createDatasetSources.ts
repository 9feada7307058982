import fs from 'node:fs/promises';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { NotModifiedError } from '@backstage/errors';
import { DbtSourceConfig, SourceConfig } from '../config';
import { DatasetSource } from '../provider/LakehouseDatasetProvider';
import { dbtManifestToFragments, parseDbtManifest } from './dbt';
import { readIcebergCatalog } from './iceberg/readIcebergCatalog';
import { readTrinoCatalogs } from './trino/readTrinoCatalogs';

/**
 * Reads a dbt manifest: URLs through the backend's UrlReader (Git hosts,
 * S3/MinIO through the awsS3 integration, hosts allowed in
 * backend.reading.allow), file paths from disk like the catalog's own file
 * locations. Resolves to undefined when the URL answered "not modified".
 */
function dbtReader(config: DbtSourceConfig, urlReader: UrlReaderService) {
  let etag: string | undefined;
  return async () => {
    let text: string;
    if (config.isUrl) {
      try {
        const response = await urlReader.readUrl(config.target, { etag });
        text = (await response.buffer()).toString('utf8');
        etag = response.etag;
      } catch (error) {
        if (
          error instanceof NotModifiedError ||
          (error as Error).name === 'NotModifiedError'
        ) {
          return undefined;
        }
        throw new Error(
          `cannot read ${config.target}: ${(error as Error).message}`,
        );
      }
    } else {
      try {
        text = await fs.readFile(config.target, 'utf8');
      } catch (error) {
        throw new Error(
          `cannot read ${config.target}: ${
            (error as NodeJS.ErrnoException).code ?? (error as Error).message
          }`,
        );
      }
    }
    const manifest = parseDbtManifest(text, config.target);
    return dbtManifestToFragments(manifest, {
      sourceId: config.id,
      catalog: config.catalog,
      layers: config.layers,
    });
  };
}

/** Builds the readers of every configured source. */
export function createDatasetSources(
  configs: SourceConfig[],
  urlReader: UrlReaderService,
): DatasetSource[] {
  return configs.map(config => {
    const common = {
      id: config.id,
      kind: config.kind,
      defaults: {
        kind: config.kind,
        defaultOwner: config.defaultOwner,
        system: config.system,
      },
      maxRemovalShare: config.maxRemovalShare,
      schedule: config.schedule,
    };
    switch (config.kind) {
      case 'dbt':
        return {
          ...common,
          target: config.target,
          read: dbtReader(config, urlReader),
        };
      case 'iceberg':
        return {
          ...common,
          target: config.warehouse
            ? `${config.url} (warehouse ${config.warehouse})`
            : config.url,
          read: () =>
            readIcebergCatalog({
              sourceId: config.id,
              catalogName: config.catalogName,
              client: {
                url: config.url,
                warehouse: config.warehouse,
                auth: config.auth,
                pageSize: config.pageSize,
                requestTimeoutMs: config.requestTimeoutMs,
              },
              concurrency: config.concurrency,
              snapshotHistory: config.snapshotHistory,
            }),
        };
      case 'trino':
        return {
          ...common,
          target: `${config.server} (catalogs ${config.catalogs.join(', ')})`,
          read: () => readTrinoCatalogs({ sourceId: config.id, ...config }),
        };
      default:
        throw new Error(
          `Unknown dataset source kind in ${(config as SourceConfig).id}`,
        );
    }
  });
}

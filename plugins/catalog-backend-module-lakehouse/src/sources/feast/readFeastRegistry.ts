import fs from 'node:fs/promises';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { NotModifiedError } from '@backstage/errors';
import {
  decodeFeastRegistry,
  FeastRegistryRestClient,
} from '@internal/plugin-feature-store-node';
import { FeastSourceConfig } from '../../mlConfig';
import { MlRecord } from '../../ml/records';
import { feastToRecords } from './feastToRecords';

/**
 * Reads a Feast registry as the source's configuration says: a
 * `registry.db` file through the UrlReader (Git hosts, S3/MinIO through the
 * awsS3 integration) or from disk, or a registry server's REST API.
 * Resolves to undefined when the URL answered "not modified".
 */
export function feastRegistryReader(
  config: FeastSourceConfig,
  urlReader: UrlReaderService,
): () => Promise<MlRecord[] | undefined> {
  const mapping = {
    sourceId: config.id,
    catalog: config.catalog,
    projects: config.projects,
    onlineStore: config.onlineStore,
  };
  if (config.url) {
    const client = new FeastRegistryRestClient({
      url: config.url,
      token: config.token,
      requestTimeoutMs: config.requestTimeoutMs,
    });
    return async () => feastToRecords(await client.readRegistry(), mapping);
  }
  const target = config.registry!;
  let etag: string | undefined;
  return async () => {
    let bytes: Buffer;
    if (config.registryIsUrl) {
      try {
        const response = await urlReader.readUrl(target, { etag });
        bytes = await response.buffer();
        etag = response.etag;
      } catch (error) {
        if (
          error instanceof NotModifiedError ||
          (error as Error).name === 'NotModifiedError'
        ) {
          return undefined;
        }
        throw new Error(`cannot read ${target}: ${(error as Error).message}`);
      }
    } else {
      try {
        bytes = await fs.readFile(target);
      } catch (error) {
        throw new Error(
          `cannot read ${target}: ${
            (error as NodeJS.ErrnoException).code ?? (error as Error).message
          }`,
        );
      }
    }
    return feastToRecords(decodeFeastRegistry(bytes), mapping);
  };
}

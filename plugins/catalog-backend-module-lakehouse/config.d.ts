import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** Settings every lakehouse dataset provider shares. */
interface DatasetProviderCommonConfig {
  /**
   * Owner of datasets whose source names none, e.g. `group:default/data-platform`.
   * Defaults to `unknown`.
   */
  defaultOwner?: string;
  /** System the datasets belong to, e.g. `commerce-lakehouse`. */
  system?: string;
  /**
   * Largest share (0 to 1) of this source's datasets one refresh may remove;
   * a refresh that would remove more is refused, reported, and the previous
   * datasets are kept. Default 0.2.
   */
  maxRemovalShare?: number;
  /** How often to read the source. Default: every 30 minutes, 10 minute timeout. */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
}

export interface Config {
  catalog?: {
    providers?: {
      /** Datasets from dbt manifests (manifest.json, schema v12), keyed by provider id. */
      dbt?: {
        [id: string]: DatasetProviderCommonConfig & {
          /**
           * Where manifest.json is: a file path (relative to the backend's
           * working directory), or any URL the backend's integrations can
           * read (a Git host, or S3/MinIO through the awsS3 integration).
           */
          target: string;
          /**
           * Trino catalog that exposes the dbt target database. Table
           * identifiers use it as their first part. Defaults to each node's
           * `database`.
           */
          catalog?: string;
          /**
           * Medallion layer of a model by the folders and tags it has: for
           * each layer, the folder or tag names that mean it. Defaults:
           * bronze: bronze, staging; silver: silver, intermediate;
           * gold: gold, marts. Sources are raw; `meta.layer` wins over both.
           */
          layers?: {
            raw?: string[];
            bronze?: string[];
            silver?: string[];
            gold?: string[];
          };
        };
      };
      /** Datasets from Iceberg REST catalogs (Apache Polaris included), keyed by provider id. */
      iceberg?: {
        [id: string]: DatasetProviderCommonConfig & {
          /**
           * Base URL of the REST catalog API, the part before `/v1/`, e.g.
           * `http://polaris:8181/api/catalog`.
           */
          url: string;
          /** Warehouse (Polaris: catalog name) passed to `GET /v1/config`. */
          warehouse?: string;
          /**
           * Name of this catalog in Trino: the first part of table
           * identifiers. Defaults to `warehouse`, else the provider id.
           */
          catalogName?: string;
          /** How to authenticate. Without it, requests carry no credentials. */
          auth?: {
            /** `oauth2` (client credentials) or `bearer` (a static token). */
            type: 'oauth2' | 'bearer';
            /** OAuth2 client id. */
            clientId?: string;
            /**
             * OAuth2 client secret.
             * @visibility secret
             */
            clientSecret?: string;
            /** OAuth2 scope. Polaris: `PRINCIPAL_ROLE:ALL`. */
            scope?: string;
            /** Token endpoint. Defaults to `<url>/v1/oauth/tokens`. */
            tokenUrl?: string;
            /**
             * Static bearer token.
             * @visibility secret
             */
            token?: string;
          };
          /** Page size for namespace and table listings. Default 100. */
          pageSize?: number;
          /** Table metadata requests in flight at once. Default 16. */
          concurrency?: number;
          /** Time out a request after this many milliseconds. Default 30000. */
          requestTimeoutMs?: number;
          /** Snapshots kept on each dataset, newest first. Default 20. */
          snapshotHistory?: number;
        };
      };
      /** Datasets from Trino's information_schema, for catalogs without a REST catalog. */
      trino?: {
        [id: string]: DatasetProviderCommonConfig & {
          /** Trino coordinator URL, e.g. `http://trino:8080`. */
          server: string;
          /** Catalogs to read, e.g. `[hive, postgresql]`. */
          catalogs: string[];
          /** User the provider queries as. Default `backstage`. */
          user?: string;
          /**
           * Password for basic authentication (needs HTTPS on the server).
           * @visibility secret
           */
          password?: string;
          /** Schemas to skip. `information_schema` is always skipped. */
          excludeSchemas?: string[];
        };
      };
    };
  };
}

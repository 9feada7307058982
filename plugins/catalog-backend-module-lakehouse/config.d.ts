import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** Settings every lakehouse dataset provider shares. */
interface DatasetProviderCommonConfig {
  /**
   * Owner of entities whose source names none, e.g. `group:default/data-platform`.
   * Defaults to `unknown`.
   */
  defaultOwner?: string;
  /** System the entities belong to, e.g. `commerce-lakehouse`. */
  system?: string;
  /**
   * Largest share (0 to 1) of this source's entities one refresh may remove;
   * a refresh that would remove more is refused, reported, and the previous
   * entities are kept. Default 0.2.
   */
  maxRemovalShare?: number;
  /** How often to read the source. Default: every 30 minutes, 10 minute timeout. */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
}

/** Settings the Feast, MLflow and KServe providers share besides the common ones. */
interface MlProviderCommonConfig extends DatasetProviderCommonConfig {
  /**
   * Owner as the source writes it → owner entity ref, e.g.
   * `ml-engineering@example.com: group:default/ml-engineering`. Owners not
   * listed are used as they are when they are entity refs; an e-mail or a
   * bare name becomes the group of that name (the e-mail's local part).
   */
  owners?: { [ownerInSource: string]: string };
}

export interface Config {
  catalog?: {
    /** How the lakehouse providers hand their entities to the catalog. */
    lakehouse?: {
      /**
       * Entities per catalog mutation when many change at once: the first
       * ingestion of a large lakehouse goes to the catalog in parts of this
       * size, so the catalog processes the first ones while the rest are
       * handed over. 0 hands them over in one full mutation. Default 1000.
       */
      mutationSize?: number;
    };
    providers?: {
      /**
       * Feature views (batch, stream, on-demand) and feature services from
       * Feast registries, keyed by provider id. Set exactly one of `registry`
       * and `url`.
       */
      feast?: {
        [id: string]: MlProviderCommonConfig & {
          /**
           * A Feast `registry.db` (file registry): a file path (relative to
           * the backend's working directory) or any URL the backend's
           * integrations can read, such as S3/MinIO through `awsS3`.
           */
          registry?: string;
          /**
           * Base URL of a Feast registry server's REST API (Feast 0.50 and
           * later, `feast serve_registry --rest-api`), e.g.
           * `http://feast-registry:6572`; `/api/v1` is added when missing.
           */
          url?: string;
          /**
           * Bearer token for the registry server, when it requires one.
           * @visibility secret
           */
          token?: string;
          /**
           * Trino catalog of two-part table names (`schema.table`) in data
           * sources, so they can be linked to datasets. Three-part names are
           * used as they are.
           */
          catalog?: string;
          /** Feast projects to read; all of them when left out. */
          projects?: string[];
          /** Online store type shown on feature views, e.g. `redis`. */
          onlineStore?: string;
          /** Time out a registry request after this many milliseconds. Default 30000. */
          requestTimeoutMs?: number;
        };
      };
      /** Registered models from MLflow Model Registries, keyed by provider id. */
      mlflow?: {
        [id: string]: MlProviderCommonConfig & {
          /** MLflow tracking server URL, e.g. `http://mlflow:5000`. */
          url: string;
          /** MLflow UI URL for links from model pages. Defaults to `url`. */
          uiUrl?: string;
          /** How to authenticate. Without it, requests carry no credentials. */
          auth?: {
            /** `bearer` (a token) or `basic` (MLflow's basic-auth app, or a proxy). */
            type: 'bearer' | 'basic';
            /** @visibility secret */
            token?: string;
            username?: string;
            /** @visibility secret */
            password?: string;
          };
          /** Only registered models matching this MLflow search filter, e.g. `tags.team = 'fraud'`. */
          filter?: string;
          /** Registered models per page (MLflow allows up to 1000). Default 1000. */
          modelPageSize?: number;
          /** Model versions per page. Default 1000. */
          versionPageSize?: number;
          /** Run requests in flight at once. Default 8. */
          concurrency?: number;
          /** Time out a request after this many milliseconds. Default 30000. */
          requestTimeoutMs?: number;
        };
      };
      /** Model deployments from KServe InferenceServices, keyed by provider id. */
      kserve?: {
        [id: string]: MlProviderCommonConfig & {
          /**
           * Name of a cluster in `kubernetes.clusterLocatorMethods[].clusters[]`
           * (type config): its URL and service account token are used.
           */
          cluster: string;
          /** Namespaces to read; every namespace when left out (needs a cluster-wide list permission). */
          namespaces?: string[];
          /** InferenceServices per list page (`limit`, followed by `continue`). Default 100. */
          pageSize?: number;
          /** Time out a request after this many milliseconds. Default 30000. */
          requestTimeoutMs?: number;
        };
      };
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

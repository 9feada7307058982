import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the lakehouse backend plugin. */
  lakehouse?: {
    /**
     * Trino for the SQL console and dataset previews. When set, Trino is the
     * default engine; without it the embedded DuckDB of the demo is.
     */
    trino?: {
      /** Coordinator URL, e.g. `https://trino.example.com:8443`. */
      server: string;
      /** Default catalog of statements, e.g. `lakehouse`. */
      catalog?: string;
      /** Default schema of statements, e.g. `gold`. */
      schema?: string;
      /** X-Trino-Source of the portal's queries. Default `backstage-lakehouse`. */
      source?: string;
      /** The portal's own credentials; users are impersonated (X-Trino-User). */
      auth?: {
        /** `basic` (HTTPS servers) or `jwt`. */
        type: 'basic' | 'jwt';
        username?: string;
        /** @visibility secret */
        password?: string;
        /** @visibility secret */
        token?: string;
      };
      /** TLS settings for an https server. */
      tls?: {
        /** PEM of the CA that signed the server's certificate. */
        ca?: string;
        /** Default true. */
        rejectUnauthorized?: boolean;
      };
      /** Session properties sent with every statement (X-Trino-Session). */
      session?: { [name: string]: string };
      /** How Backstage users are named to Trino. */
      impersonation?: {
        /**
         * entityName (default): `user:default/ada` → `ada`; email: the user
         * entity's profile e-mail; annotation: the value of `annotation` on
         * the user entity.
         */
        userFrom?: 'entityName' | 'email' | 'annotation';
        annotation?: string;
      };
    };
    /** Limits of the SQL console. */
    queries?: {
      /** Rows a query returns unless the client asks for fewer. Default 1000. */
      defaultRowCap?: number;
      /** Rows a query may return at most, whatever the client asks. Default 100000. */
      maxRowCap?: number;
      /** Rows a CSV download may hold. Default maxRowCap. */
      csvMaxRows?: number;
      /** Rows per page. Default 500. */
      pageSize?: number;
      /** Pages kept ready before the engine is held back. Default 4. */
      bufferedPages?: number;
      /** Cancel queries running longer than this. Default 300. */
      timeoutSeconds?: number;
      /** Cancel queries whose results nobody fetched for this long. Default 60. */
      idleTimeoutSeconds?: number;
      /** Queries one user may run at once. Default 3. */
      maxConcurrentPerUser?: number;
      /** Catalogs statements may not touch. Default `[system]`. */
      forbiddenCatalogs?: string[];
      /** When set, the only catalogs statements may touch. */
      allowedCatalogs?: string[];
    };
    /** The lineage of the lakehouse (`/api/lakehouse/lineage`, `/impact`, `/openlineage`). */
    lineage?: {
      /**
       * How old the lineage index may be, in seconds, before a request
       * rebuilds it from the catalog. Default 60.
       */
      maxAgeSeconds?: number;
      /**
       * When the index is rebuilt in the background. Default every 5 minutes,
       * starting 20 seconds after start-up.
       */
      refresh?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** The OpenLineage intake (`POST /api/lakehouse/openlineage`). */
      openlineage?: {
        /** Largest accepted event body, in bytes. Default 1048576 (1 MiB). */
        maxBodyBytes?: number;
        /**
         * Namespaces whose two-part dataset names (`schema.table`) belong to
         * a catalog, e.g. `{ namespace: 'trino://trino:8080', catalog: 'lakehouse' }`.
         * Three-part names map to catalog datasets without it.
         */
        namespaceCatalogs?: Array<{ namespace: string; catalog: string }>;
      };
    };
    /**
     * Drift monitoring (`/api/lakehouse/drift/...`, the Drift tab of models
     * and feature views). Each monitor compares current data with reference
     * data inside a query engine, on a schedule, and keeps every run as a
     * report. The settings outside `monitors` are defaults for every monitor
     * or settings of the service.
     */
    drift?: {
      /** Default schedule of every monitor. Default every hour, starting 30 seconds after start-up, timing out after 10 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Default threshold settings of every monitor. */
      thresholds?: DriftThresholdsConfig;
      /** Bins of the histograms and binned statistics (PSI, Jensen–Shannon, Hellinger). Default 10. */
      bins?: number;
      /** Notify the owners of the monitored entity when a monitor starts drifting. Default true. */
      notify?: boolean;
      /** The user monitor queries run as on Trino (`X-Trino-User`). Default `lakehouse-portal`. */
      engineUser?: string;
      /**
       * On Trino, KS and Wasserstein are computed exactly (no binning) when
       * each side has at most this many rows; beyond, on the calibration
       * bins, and the report says so. DuckDB is always exact. Default 1000000.
       */
      exactMaxRows?: number;
      /** How long a summary of reference data is reused before it is computed again. Default `{ hours: 24 }`. */
      referenceMaxAge?: HumanDuration;
      /** The monitors, by id (letters, digits, `-`, `_`, `.`). */
      monitors?: {
        [id: string]: {
          /** Shown on the Drift tab. Default: the id. */
          title?: string;
          /** The model or feature view watched, e.g. `resource:default/customer-churn`. Its owner gets the notifications, and may only monitor tables it may read. */
          entity: string;
          /** `duckdb` or `trino`. Default: the console's default engine. */
          engine?: string;
          /** The reference data: the training table, or a fixed window of a table. */
          reference: DriftDataConfig;
          /** The current data: usually a sliding window of an inference log or feature table. */
          current: DriftDataConfig;
          /**
           * Columns to compare, by name or with `kind` (`numeric`,
           * `categorical`; default from the column type), `test` (`ks`,
           * `wasserstein`, `psi`, `jensenShannon`, `hellinger`, `chiSquare`;
           * default by kind and reference size) and `threshold`. Default:
           * every column of the reference but `exclude` and the window's
           * timestamp column.
           */
          features?: Array<
            | string
            | {
                name: string;
                kind?: 'numeric' | 'categorical';
                test?:
                  | 'ks'
                  | 'wasserstein'
                  | 'psi'
                  | 'jensenShannon'
                  | 'hellinger'
                  | 'chiSquare';
                threshold?: number;
              }
          >;
          /** Columns never compared (ids, timestamps, predictions). */
          exclude?: string[];
          thresholds?: DriftThresholdsConfig;
          bins?: number;
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
          notify?: boolean;
        };
      };
    };
    /**
     * Data governance: classifications that follow the data, who can read
     * what in Apache Polaris, and access requests that become Polaris grants.
     */
    governance?: {
      /**
       * Column tags (and values of the lakehouse.dev/classification
       * annotation) that count as classifications. A column tagged with one
       * protects its dataset, and so does every column derived from it
       * directly (lineage DIRECT) until an owner declassifies it. Default
       * [pii]; an empty list is refused.
       */
      classifications?: string[];
      /**
       * Apache Polaris' management API: "who can read this" on dataset pages,
       * the per-group view, and applying approved access requests. Without it
       * the readers card says Polaris is not configured and access requests
       * cannot be made. The portal's principal needs service_admin (to manage
       * principal roles) and CATALOG_MANAGE_ACCESS on `catalog`.
       */
      polaris?: {
        /**
         * Polaris base URL, e.g. `http://polaris:8181`; the management API is
         * at `<url>/api/management/v1`.
         */
        url: string;
        /**
         * How the portal authenticates, as for the Iceberg provider. Without
         * it, requests carry no credentials.
         */
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
          /** OAuth2 scope. Default `PRINCIPAL_ROLE:ALL`. */
          scope?: string;
          /** Token endpoint. Default `<url>/api/catalog/v1/oauth/tokens`. */
          tokenUrl?: string;
          /**
           * Static bearer token.
           * @visibility secret
           */
          token?: string;
        };
        /** The Polaris catalog the lakehouse's tables are in. */
        catalog: string;
        /**
         * First part of the table identifiers (`catalog.schema.table`) that
         * live in `catalog`, e.g. the Trino catalog name. Default: `catalog`.
         */
        trinoCatalog?: string;
        /**
         * Polaris principals → Backstage users: a map (`ada: user:default/ada`),
         * or a list of `{ principal, user }` for names that are not valid
         * config keys (e-mail addresses). A user needs one to ask for access.
         */
        principals?:
          | { [principal: string]: string }
          | Array<{ principal: string; user: string }>;
        /**
         * Polaris principal roles → Backstage groups, as a map or a list of
         * `{ principalRole, group }`.
         */
        principalRoles?:
          | { [principalRole: string]: string }
          | Array<{ principalRole: string; group: string }>;
        /** Time out each request to Polaris after this many milliseconds. Default 10000. */
        requestTimeoutMs?: number;
        /**
         * How long Polaris' roles and grants are reused for the readers card,
         * in seconds; the portal's own changes refresh them at once. Default 30.
         */
        cacheSeconds?: number;
      };
      /** Access requests (`/api/lakehouse/access-requests`). */
      accessRequests?: {
        /** The longest access a request may ask for, in days (fractions allowed). Default 90. */
        maxDurationDays?: number;
        /**
         * `dataset` (default): a catalog role per dataset, TABLE_READ_DATA on
         * the table; `namespace`: one per namespace, TABLE_READ_DATA on the
         * namespace.
         */
        grantScope?: 'dataset' | 'namespace';
        /**
         * Prefix of the Polaris roles the portal creates:
         * `<prefix>_<namespace>.<table>`, `<prefix>_<namespace>.*` and
         * `<prefix>_user_<principal>`. Default `backstage_access`.
         */
        catalogRolePrefix?: string;
        /**
         * When expired grants are revoked (one replica). Default every 5
         * minutes, first run 30 seconds after start-up, 2-minute timeout.
         */
        expiry?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /**
     * The demo lakehouse built on an embedded DuckDB at start-up. Leave out
     * to run without demo data (for example against a real Trino).
     */
    demo?: {
      /**
       * Directory of the demo lakehouse: `dbt/` (the dbt project) and `raw/`
       * (one DuckDB query per raw source table). Relative paths resolve from
       * the backend's working directory, like catalog file locations.
       */
      projectDir: string;
      /**
       * Where the Parquet files of the demo tables are written.
       * Defaults to `<projectDir>/warehouse`.
       */
      warehouseDir?: string;
    };
  };
}

/** Where one side of a drift comparison reads its rows: `table` (with an optional window) or `sql`. */
interface DriftDataConfig {
  /** A table, `catalog.schema.table`. */
  table?: string;
  /** A read-only SELECT of its own instead of a table; it passes the SQL console's checks. */
  sql?: string;
  /** The column a window filters on. */
  timestampColumn?: string;
  /** Fixed window: from this time (inclusive), ISO 8601. */
  from?: string;
  /** Fixed window: up to this time (exclusive), ISO 8601. */
  to?: string;
  /** Sliding window: the last `window` (e.g. `{ days: 7 }`) before the anchor. */
  window?: HumanDuration;
  /** What the sliding window ends at: `now` (default) or `latest`, the newest timestamp in the table. */
  anchor?: 'now' | 'latest';
}

/** How drift thresholds are set. */
interface DriftThresholdsConfig {
  /**
   * `fixed`: each feature's threshold, or the default of its test (KS and
   * χ² at significance 0.05; Wasserstein and Jensen–Shannon 0.1).
   * `calibrated`: a permutation test on the data holds each feature's
   * false-alarm rate at `falseAlarmRate`. Default `fixed`.
   */
  mode?: 'fixed' | 'calibrated';
  /** Calibrated: the false-alarm rate per feature. Default 0.05. */
  falseAlarmRate?: number;
  /** Calibrated: permutations per feature and run, at least 1 / falseAlarmRate. Default 500. */
  permutations?: number;
  /** Calibrated: bins the permutations run on. Default 100. */
  bins?: number;
}

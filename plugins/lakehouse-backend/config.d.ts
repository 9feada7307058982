import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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

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

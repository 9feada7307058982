export interface Config {
  /** Configuration of the lakehouse backend plugin. */
  lakehouse?: {
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

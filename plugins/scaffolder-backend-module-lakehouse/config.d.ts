export interface Config {
  lakehouse?: {
    /** Settings of the golden-path scaffolder actions. */
    scaffolder?: {
      dbt?: {
        /**
         * manifest.json the `dbt:model:validate` action checks refs and
         * sources against, when the template gives none. A file path,
         * relative to the backend's working directory.
         */
        manifest?: string;
        /**
         * Name prefixes a model of each layer must have, e.g.
         * `{ bronze: [stg_], silver: [int_, dim_], gold: [fct_, dim_, mart_] }`.
         */
        namingConventions?: { [layer: string]: string[] };
      };
      feast?: {
        /**
         * Feast registry export (feast.core.Registry as MessageToDict JSON)
         * the `feast:feature-view:validate` action checks entities, sources
         * and names against, when the template gives none.
         */
        registry?: string;
        /** Python interpreter that parses generated definitions. Default `python3`. */
        python?: string;
      };
    };
  };
}

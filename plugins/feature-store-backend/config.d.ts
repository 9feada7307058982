export interface Config {
  lakehouse?: {
    /** Feast, as the feature store plugin reads it for online lookups. */
    feast?: {
      /**
       * Base URL of the Feast feature server (`feast serve`) of every Feast
       * project that has no `projects.<project>.featureServerUrl`, e.g.
       * `http://feast-feature-server.feast:6566`. Lookups POST to
       * `<featureServerUrl>/get-online-features`.
       */
      featureServerUrl?: string;
      /**
       * Feature servers by Feast project (the `lakehouse.dev/feast-project`
       * annotation of feature views and feature services); each overrides
       * `featureServerUrl` for its project.
       */
      projects?: {
        [project: string]: {
          /** Base URL of this project's Feast feature server. */
          featureServerUrl?: string;
        };
      };
      /**
       * How long a lookup waits for the feature server, in milliseconds,
       * before answering 504. Default 10000.
       */
      requestTimeoutMs?: number;
    };
  };
}

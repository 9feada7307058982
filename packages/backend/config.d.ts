export interface Config {
  lakehouse?: {
    /**
     * The portal's permission policy (docs/access-control.md). Without it,
     * or without `rules`, the portal's own rules apply: everyone may query,
     * read unclassified data and ask for access; owners and holders of an
     * approved request read classified data; owners and the platform role
     * approve requests; only the platform role posts lineage and runs
     * kubernetes:apply. The backend refuses to start with an invalid policy
     * and names every wrong key.
     */
    permissions?: {
      /**
       * Role name → members: group and user entity refs such as
       * `group:default/data-platform`. Added to the portal's `platform`
       * role (`group:default/data-platform`); a role named `platform`
       * replaces it. Rules refer to a role as `role:<name>`.
       */
      roles?: {
        [name: string]: string[];
      };
      /**
       * The rules; when set they replace the portal's. A request is allowed
       * when one of the rules naming its permission allows it; a permission
       * no rule names gets `default`.
       */
      rules?: Array<{
        /**
         * Permission names such as `lakehouse.dataset.read-data`; a trailing
         * `*` matches any suffix (`lakehouse.*`). Names the portal does not
         * know (other plugins' permissions) are accepted.
         */
        permissions: string[];
        /**
         * Who the rule allows: `everyone` (every signed-in user), `owners`
         * (owners of the resource: datasets, catalog entities, scaffolder
         * tasks), `grantees` (holders of an approved, unexpired access
         * request for the dataset), or a list of these, `role:<name>`, and
         * group and user entity refs.
         */
        allow: string | string[];
        /**
         * Conditions on the resource, all of which must hold: datasets and
         * catalog entities only.
         */
        when?: {
          /**
           * The resource is classified (true) or not (false). On datasets
           * this includes classifications on columns and those inherited
           * through column lineage; on catalog entities only the
           * `lakehouse.dev/classification` annotation.
           */
          classified?: boolean;
          /** With `classified`: only these classifications count, e.g. [pii]. */
          classifications?: string[];
          /** The resource is in one of these medallion layers: raw, bronze, silver, gold. */
          layers?: string[];
        };
        /**
         * For `scaffolder.action.execute`: the action ids the rule is about.
         * A rule without `actions` (or with `['*']`) is about every action no
         * other rule names.
         */
        actions?: string[];
        /**
         * With `actions`: the action's `cluster` input (the cluster of
         * `kubernetes:apply`) must be one of these cluster names.
         */
        clusters?: string[];
        /**
         * For `scaffolder.template.parameter.read` and
         * `scaffolder.template.step.read`: the `backstage:permissions` tags
         * of template parameters and steps the rule is about. A rule without
         * it is about everything no other rule names.
         */
        templateTags?: string[];
      }>;
      /**
       * The decision on permissions no rule names (the catalog, TechDocs,
       * search and other stock plugins), and on scaffolder actions and
       * template tags no rule names. Default `allow`.
       */
      default?: 'allow' | 'deny';
    };
  };
}

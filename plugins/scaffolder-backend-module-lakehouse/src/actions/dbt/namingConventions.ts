/**
 * The layers a dbt model can be generated into: the medallion names used by
 * the lakehouse, and the names of dbt Labs' project structure guide.
 */
export const DBT_LAYERS = [
  'bronze',
  'silver',
  'gold',
  'staging',
  'intermediate',
  'marts',
] as const;

/** A layer of {@link DBT_LAYERS}. */
export type DbtLayer = (typeof DBT_LAYERS)[number];

/** Layer → name prefixes a model of that layer may start with. */
export type NamingConventions = Partial<Record<string, string | string[]>>;

/**
 * Default prefixes: staging models `stg_`; intermediate models `int_`, or
 * `dim_` for conformed dimensions built in silver; marts facts `fct_`,
 * dimensions `dim_` and other consumer-facing tables `mart_`.
 */
export const DEFAULT_NAMING_CONVENTIONS: Record<DbtLayer, string[]> = {
  bronze: ['stg_'],
  staging: ['stg_'],
  silver: ['int_', 'dim_'],
  intermediate: ['int_', 'dim_'],
  gold: ['fct_', 'dim_', 'mart_'],
  marts: ['fct_', 'dim_', 'mart_'],
};

/** Gold and marts models are read by people and tools: no `select *` there. */
export function isConsumerLayer(layer: DbtLayer): boolean {
  return layer === 'gold' || layer === 'marts';
}

/**
 * The prefixes allowed for a layer: from the first of `overrides` that
 * names the layer, else the default.
 */
export function prefixesFor(
  layer: DbtLayer,
  ...overrides: Array<NamingConventions | undefined>
): string[] {
  for (const conventions of overrides) {
    const value = conventions?.[layer];
    if (value !== undefined) return Array.isArray(value) ? value : [value];
  }
  return DEFAULT_NAMING_CONVENTIONS[layer];
}

/**
 * Checks a model name against the layer's prefixes and dbt's habit of
 * lower snake case names.
 *
 * @returns what is wrong, or undefined when the name is fine
 */
export function checkModelName(
  name: string,
  layer: DbtLayer,
  prefixes: string[],
): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    return `model name "${name}" must be lower snake case (a-z, 0-9 and _, starting with a letter)`;
  }
  if (prefixes.length > 0 && !prefixes.some(p => name.startsWith(p))) {
    return `model name "${name}" does not follow the ${layer} naming convention: it must start with ${prefixes
      .map(p => `"${p}"`)
      .join(' or ')}`;
  }
  return undefined;
}

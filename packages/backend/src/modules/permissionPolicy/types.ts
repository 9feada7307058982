/** Who a rule allows; any one of them is enough. */
export interface RuleAllow {
  /** Every signed-in user. */
  everyone: boolean;
  /** The owners of the resource (the user or one of their groups). */
  owners: boolean;
  /** Users holding an approved, unexpired access request for the dataset. */
  grantees: boolean;
  /**
   * Group and user entity refs, lower case, roles expanded: a user is
   * allowed when one of them is among the user's ownership refs.
   */
  members: string[];
}

/** Conditions on the resource, all of which must hold. */
export interface RuleWhen {
  /** The resource is classified (`true`) or not (`false`). */
  classified?: boolean;
  /** With `classified`: only these classifications count. */
  classifications?: string[];
  /** The resource is in one of these medallion layers. */
  layers?: string[];
}

/** One entry of `lakehouse.permissions.rules`, validated. */
export interface PolicyRule {
  /** Position in the list, for messages. */
  index: number;
  /** Permission names; a trailing `*` matches any suffix. */
  permissions: string[];
  allow: RuleAllow;
  when?: RuleWhen;
  /**
   * Scaffolder actions the rule is about; `undefined` for a rule about
   * every action no other rule names.
   */
  actions?: string[];
  /** The action's `cluster` input is one of these. */
  clusters?: string[];
  /**
   * Template parameter and step tags the rule is about; `undefined` for a
   * rule about everything no other rule names.
   */
  templateTags?: string[];
}

/** The permission policy read from `lakehouse.permissions`. */
export interface PolicyConfig {
  /** Role name → members (group and user entity refs, lower case). */
  roles: Record<string, string[]>;
  rules: PolicyRule[];
  /** The decision on permissions no rule names. */
  defaultResult: 'allow' | 'deny';
  /**
   * Classifications that protect data (`lakehouse.governance.classifications`),
   * for conditions on catalog entities, which only know their annotation.
   */
  classifications: string[];
}

/** Whether `pattern` (a name, or a prefix ending in `*`) matches `name`. */
export function matchesPermission(pattern: string, name: string): boolean {
  return pattern.endsWith('*')
    ? name.startsWith(pattern.slice(0, -1))
    : pattern === name;
}

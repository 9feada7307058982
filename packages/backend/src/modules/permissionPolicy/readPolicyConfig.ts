import { Config, ConfigReader } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  defaultClassifications,
  defaultResult,
  defaultRoles,
  defaultRules,
} from './defaultPolicy';
import { knownPermissions, resourceTypeOf } from './knownPermissions';
import {
  resourceTypesSupporting,
  RuleFeature,
  supports,
} from './resourceConditions';
import {
  matchesPermission,
  PolicyConfig,
  PolicyRule,
  RuleAllow,
  RuleWhen,
} from './types';

const SECTION = 'lakehouse.permissions';
const SECTION_KEYS = ['roles', 'rules', 'default'];
const RULE_KEYS = [
  'permissions',
  'allow',
  'when',
  'actions',
  'clusters',
  'templateTags',
];
const WHEN_KEYS = ['classified', 'classifications', 'layers'];
const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Collects every problem of the configuration, so that one start of the
 * backend names all of them rather than the first.
 */
class Problems {
  readonly messages: string[] = [];

  add(key: string, message: string) {
    this.messages.push(`${key}: ${message}`);
  }

  /** Runs a typed config read; its error (which names the key) is kept. */
  read<T>(readValue: () => T): T | undefined {
    try {
      return readValue();
    } catch (error) {
      this.messages.push((error as Error).message);
      return undefined;
    }
  }

  unknownKeys(config: Config, key: string, allowed: string[]) {
    for (const name of config.keys()) {
      if (!allowed.includes(name)) {
        this.add(
          `${key}.${name}`,
          `unknown key; expected one of ${allowed.join(', ')}`,
        );
      }
    }
  }
}

/** A group or user entity ref in its full, lower-case form, or an error. */
function memberRef(value: string): string | Error {
  try {
    const ref = parseEntityRef(value);
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'user') {
      return new Error(
        `"${value}" is a ${ref.kind} ref; members are group or user entity refs`,
      );
    }
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    return new Error(
      `"${value}" is not an entity ref; members are group or user entity refs such as group:default/data-platform`,
    );
  }
}

function readRoles(
  roles: Config | undefined,
  problems: Problems,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(defaultRoles)) {
    result[name] = members.map(member => memberRef(member) as string);
  }
  for (const name of roles?.keys() ?? []) {
    const key = `${SECTION}.roles.${name}`;
    if (!ROLE_NAME.test(name)) {
      problems.add(key, 'a role name is letters, digits, _ . and -');
      continue;
    }
    const members = problems.read(() => roles!.getStringArray(name)) ?? [];
    result[name] = [];
    members.forEach((member, index) => {
      const ref = memberRef(member);
      if (ref instanceof Error) {
        problems.add(`${key}[${index}]`, ref.message);
      } else {
        result[name].push(ref);
      }
    });
  }
  return result;
}

function readAllow(
  rule: Config,
  key: string,
  roles: Record<string, string[]>,
  problems: Problems,
): RuleAllow {
  const allow: RuleAllow = {
    everyone: false,
    owners: false,
    grantees: false,
    members: [],
  };
  const value = rule.getOptional('allow');
  const entries = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(entries) ||
    entries.length === 0 ||
    entries.some(entry => typeof entry !== 'string')
  ) {
    problems.add(
      key,
      'expected everyone, owners, grantees, or a non-empty list of role:<name>, group and user entity refs (owners and grantees may be in the list too)',
    );
    return allow;
  }
  (entries as string[]).forEach((entry, index) => {
    const entryKey = Array.isArray(value) ? `${key}[${index}]` : key;
    if (entry === 'everyone' || entry === 'owners' || entry === 'grantees') {
      allow[entry] = true;
    } else if (entry.startsWith('role:')) {
      const members = roles[entry.slice('role:'.length)];
      if (members) {
        allow.members.push(...members);
      } else {
        problems.add(
          entryKey,
          `unknown role "${entry.slice(
            'role:'.length,
          )}"; roles are defined under ${SECTION}.roles (${Object.keys(
            roles,
          ).join(', ')})`,
        );
      }
    } else {
      const ref = memberRef(entry);
      if (ref instanceof Error) {
        problems.add(entryKey, ref.message);
      } else {
        allow.members.push(ref);
      }
    }
  });
  allow.members = [...new Set(allow.members)];
  return allow;
}

/** A non-empty list of non-empty strings, or `undefined` when not set. */
function readList(
  config: Config,
  name: string,
  key: string,
  problems: Problems,
): string[] | undefined {
  if (!config.has(name)) {
    return undefined;
  }
  const list = problems.read(() => config.getStringArray(name));
  if (list && (list.length === 0 || list.some(item => item.trim() === ''))) {
    problems.add(`${key}.${name}`, 'expected a non-empty list of names');
    return undefined;
  }
  return list;
}

/**
 * `actions` or `templateTags`: the names a rule is about, where `*` (alone)
 * means everything no other rule names, as leaving the field out does.
 */
function readSelector(
  rule: Config,
  name: string,
  key: string,
  problems: Problems,
): string[] | undefined {
  const list = readList(rule, name, key, problems);
  if (list?.includes('*') && list.length > 1) {
    problems.add(
      `${key}.${name}`,
      "'*' (everything no other rule names) cannot be listed with names",
    );
  }
  return list;
}

function readWhen(
  rule: Config,
  key: string,
  problems: Problems,
): RuleWhen | undefined {
  const when = problems.read(() => rule.getOptionalConfig('when'));
  if (!when) {
    return undefined;
  }
  problems.unknownKeys(when, key, WHEN_KEYS);
  const result: RuleWhen = {
    classified: problems.read(() => when.getOptionalBoolean('classified')),
    classifications: readList(when, 'classifications', key, problems),
    layers: readList(when, 'layers', key, problems),
  };
  if (result.classifications && result.classified === undefined) {
    problems.add(
      `${key}.classifications`,
      'needs classified: true or false, which it narrows',
    );
  }
  return result;
}

/** Whether a rule sets `actions` and `templateTags`, `*` included. */
interface SelectorsSet {
  actions: boolean;
  templateTags: boolean;
}

/** The parts of a rule that need a resource, with the key each is set at. */
function featuresOf(rule: PolicyRule, selectors: SelectorsSet) {
  const features: Array<{ feature: RuleFeature; field: string }> = [];
  if (rule.allow.owners) features.push({ feature: 'owners', field: 'allow' });
  if (rule.allow.grantees) {
    features.push({ feature: 'grantees', field: 'allow' });
  }
  if (rule.when?.classified !== undefined) {
    features.push({ feature: 'when.classified', field: 'when.classified' });
  }
  if (rule.when?.layers) {
    features.push({ feature: 'when.layers', field: 'when.layers' });
  }
  if (selectors.actions) {
    features.push({ feature: 'actions', field: 'actions' });
  }
  if (rule.clusters) features.push({ feature: 'clusters', field: 'clusters' });
  if (selectors.templateTags) {
    features.push({ feature: 'templateTags', field: 'templateTags' });
  }
  return features;
}

const featureNames: Record<RuleFeature, string> = {
  owners: 'owners',
  grantees: 'grantees',
  'when.classified': 'classified',
  'when.layers': 'layers',
  actions: 'actions',
  clusters: 'clusters',
  templateTags: 'templateTags',
};

/**
 * Checks a rule's conditions against the permissions it names whose kind
 * is known: a condition needs a resource type whose plugin can evaluate it.
 */
function checkFeatures(
  rule: PolicyRule,
  selectors: SelectorsSet,
  key: string,
  problems: Problems,
) {
  const named = [...knownPermissions.values()].filter(permission =>
    rule.permissions.some(pattern =>
      matchesPermission(pattern, permission.name),
    ),
  );
  for (const { feature, field } of featuresOf(rule, selectors)) {
    const refused = named.filter(
      permission => !supports(resourceTypeOf(permission), feature),
    );
    if (refused.length > 0) {
      const describe = refused
        .slice(0, 3)
        .map(permission => {
          const type = resourceTypeOf(permission);
          return `${permission.name} (${
            type ? `a permission on ${type}` : 'a basic permission'
          })`;
        })
        .join(', ');
      problems.add(
        `${key}.${field}`,
        `${featureNames[feature]} cannot decide ${describe}${
          refused.length > 3 ? ` and ${refused.length - 3} more` : ''
        }; it applies to permissions on ${resourceTypesSupporting(feature).join(
          ', ',
        )}`,
      );
    }
  }
}

function readRule(
  rule: Config,
  index: number,
  roles: Record<string, string[]>,
  problems: Problems,
): PolicyRule {
  const key = `${SECTION}.rules[${index}]`;
  problems.unknownKeys(rule, key, RULE_KEYS);

  const permissions = readList(rule, 'permissions', key, problems) ?? [];
  if (!rule.has('permissions')) {
    problems.add(
      `${key}.permissions`,
      'missing; name the permissions the rule decides',
    );
  }
  for (const pattern of permissions) {
    if (pattern.slice(0, -1).includes('*')) {
      problems.add(
        `${key}.permissions`,
        `"${pattern}": * may only end a name (lakehouse.*)`,
      );
    }
  }

  const actions = readSelector(rule, 'actions', key, problems);
  const clusters = readList(rule, 'clusters', key, problems);
  if (clusters && (!actions || actions.includes('*'))) {
    problems.add(
      `${key}.clusters`,
      'needs actions naming the actions whose cluster input it restricts, such as [kubernetes:apply]',
    );
  }

  const templateTags = readSelector(rule, 'templateTags', key, problems);
  const parsed: PolicyRule = {
    index,
    permissions,
    allow: readAllow(rule, `${key}.allow`, roles, problems),
    when: readWhen(rule, `${key}.when`, problems),
    // `*` is the same as no `actions`: every action no other rule names.
    actions: actions?.includes('*') ? undefined : actions,
    clusters,
    templateTags: templateTags?.includes('*') ? undefined : templateTags,
  };
  checkFeatures(
    parsed,
    {
      actions: actions !== undefined,
      templateTags: templateTags !== undefined,
    },
    key,
    problems,
  );
  return parsed;
}

/**
 * Reads and checks the permission policy in `lakehouse.permissions`. The
 * portal's defaults fill in what is not configured: its `platform` role,
 * its rules when there are no `rules`, and `default: allow`.
 *
 * @throws Error naming every key that is wrong, so that the backend does
 *   not start with a policy that does not say what its author meant.
 */
export function readPolicyConfig(config: Config): PolicyConfig {
  const problems = new Problems();
  const section = problems.read(() => config.getOptionalConfig(SECTION));
  if (section) {
    problems.unknownKeys(section, SECTION, SECTION_KEYS);
  }

  const roles = readRoles(
    problems.read(() => section?.getOptionalConfig('roles')),
    problems,
  );

  const ruleConfigs = section?.has('rules')
    ? problems.read(() => section.getConfigArray('rules')) ?? []
    : new ConfigReader({ rules: defaultRules }).getConfigArray('rules');
  const rules = ruleConfigs.map((rule, index) =>
    readRule(rule, index, roles, problems),
  );

  const result = problems.read(() => section?.getOptionalString('default'));
  if (result !== undefined && result !== 'allow' && result !== 'deny') {
    problems.add(`${SECTION}.default`, `"${result}": expected allow or deny`);
  }

  const classifications =
    problems.read(() =>
      config.getOptionalStringArray('lakehouse.governance.classifications'),
    ) ?? defaultClassifications;

  if (problems.messages.length > 0) {
    throw new Error(
      `Invalid permission policy in ${SECTION}:\n- ${problems.messages.join(
        '\n- ',
      )}`,
    );
  }
  return {
    roles,
    rules,
    defaultResult: (result as 'allow' | 'deny' | undefined) ?? defaultResult,
    classifications: classifications.map(c => c.toLocaleLowerCase('en-US')),
  };
}

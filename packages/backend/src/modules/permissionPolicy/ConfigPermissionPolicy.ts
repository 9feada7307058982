import { LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { allOf, anyOf, not, Term } from './criteria';
import { readPolicyConfig } from './readPolicyConfig';
import {
  PolicySubject,
  ResourceTypeConditions,
  resourceTypeConditions,
  RuleFeature,
} from './resourceConditions';
import { matchesPermission, PolicyConfig, PolicyRule } from './types';

/** What a decision is being made about. */
interface DecisionContext {
  permission: Permission;
  subject: PolicySubject;
  /** How conditions on the permission's resources are written, if they can be. */
  conditions?: ResourceTypeConditions;
}

/**
 * The portal's permission policy, read from `lakehouse.permissions`
 * (docs/access-control.md). For a request, the rules naming the permission
 * are combined: the request is allowed when one of them allows it, each
 * rule allowing its `allow` list under its conditions (`when`, `actions`,
 * `clusters`, `templateTags`). A permission no rule names gets the
 * configured `default`.
 *
 * Conditions on resources (owners, classification, layer, access grants,
 * action ids and inputs, template tags) become a conditional decision that
 * the plugin owning the resource evaluates with the rules it registered.
 * Everything that can be decided here is folded first, so a rule that
 * allows the user outright makes the decision ALLOW and rules that cannot
 * apply to the user drop out.
 *
 * Requests without a user (backend plugins acting on their own) are
 * allowed: the permission backend has authenticated the calling service.
 */
export class ConfigPermissionPolicy implements PermissionPolicy {
  /** Rules that could not apply to a permission, warned about once each. */
  private readonly warned = new Set<string>();

  /**
   * Reads the policy from the root config.
   * @throws Error naming every invalid key of `lakehouse.permissions`.
   */
  static fromConfig(
    config: Config,
    options: { userInfo: UserInfoService; logger?: LoggerService },
  ): ConfigPermissionPolicy {
    return new ConfigPermissionPolicy(
      readPolicyConfig(config),
      options.userInfo,
      options.logger,
    );
  }

  constructor(
    private readonly policy: PolicyConfig,
    private readonly userInfo: UserInfoService,
    private readonly logger?: LoggerService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    const rules = this.policy.rules.filter(rule =>
      rule.permissions.some(pattern =>
        matchesPermission(pattern, permission.name),
      ),
    );
    if (rules.length === 0) {
      return decision(this.policy.defaultResult === 'allow');
    }

    const info = await this.userInfo.getUserInfo(user.credentials);
    const resourceType = isResourcePermission(permission)
      ? permission.resourceType
      : undefined;
    const context: DecisionContext = {
      permission,
      subject: {
        userEntityRef: info.userEntityRef,
        ownershipEntityRefs: info.ownershipEntityRefs,
      },
      conditions: resourceType
        ? resourceTypeConditions[resourceType]
        : undefined,
    };

    const term = this.decide(rules, context);
    if (typeof term === 'boolean') {
      return decision(term);
    }
    // A term with conditions only comes from a resource type the policy knows.
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: context.conditions!.pluginId,
      resourceType: resourceType!,
      conditions: term,
    };
  }

  /** Any of the rules, with resources no rule is about left to the default. */
  private decide(rules: PolicyRule[], context: DecisionContext): Term {
    const selector = context.conditions?.selector;
    if (!selector) {
      return anyOf(...rules.map(rule => this.rule(rule, true, context)));
    }
    // `actions` / `templateTags`: a rule naming some is about those; a rule
    // naming none is about everything no other rule names.
    const named = [
      ...new Set(rules.flatMap(rule => rule[selector.field] ?? [])),
    ];
    const others = named.length > 0 ? not(selector.selects(named)) : true;
    const branches = rules.map(rule => {
      const values = rule[selector.field];
      return this.rule(
        rule,
        values ? selector.selects(values) : others,
        context,
      );
    });
    if (rules.every(rule => rule[selector.field])) {
      branches.push(allOf(others, this.policy.defaultResult === 'allow'));
    }
    return anyOf(...branches);
  }

  /** One rule: who it allows, on the resources it is about, under its conditions. */
  private rule(rule: PolicyRule, scope: Term, context: DecisionContext): Term {
    const { conditions, subject } = context;
    const refs = new Set(
      [subject.userEntityRef, ...subject.ownershipEntityRefs].map(ref =>
        ref.toLocaleLowerCase('en-US'),
      ),
    );
    const who = anyOf(
      rule.allow.everyone,
      rule.allow.members.some(member => refs.has(member)),
      rule.allow.owners &&
        this.feature(rule, 'owners', context, c => c.owners?.(subject)),
      rule.allow.grantees &&
        this.feature(rule, 'grantees', context, c => c.grantees?.(subject)),
    );
    const { when } = rule;
    const selectorField = conditions?.selector?.field;
    return allOf(
      who,
      scope,
      when?.classified === undefined ||
        this.feature(rule, 'when.classified', context, c => {
          const classified = c.classified?.(
            when.classifications,
            this.policy.classifications,
          );
          if (classified === undefined) return undefined;
          return when.classified ? classified : not(classified);
        }),
      !when?.layers ||
        this.feature(rule, 'when.layers', context, c =>
          c.inLayers?.(when.layers!),
        ),
      !rule.clusters ||
        this.feature(rule, 'clusters', context, c =>
          c.clusters?.(rule.clusters!),
        ),
      rule.actions === undefined ||
        selectorField === 'actions' ||
        this.unsupported(rule, 'actions', context),
      rule.templateTags === undefined ||
        selectorField === 'templateTags' ||
        this.unsupported(rule, 'templateTags', context),
    );
  }

  /**
   * A condition of a rule on the permission's resources; a condition the
   * resource type cannot take makes the rule allow nothing there (the
   * configuration check catches this for the permissions it knows).
   */
  private feature(
    rule: PolicyRule,
    feature: RuleFeature,
    context: DecisionContext,
    build: (conditions: ResourceTypeConditions) => Term | undefined,
  ): Term {
    const term = context.conditions ? build(context.conditions) : undefined;
    return term === undefined ? this.unsupported(rule, feature, context) : term;
  }

  private unsupported(
    rule: PolicyRule,
    feature: RuleFeature,
    context: DecisionContext,
  ): false {
    const { permission } = context;
    const key = `${rule.index}:${feature}:${permission.name}`;
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.logger?.warn(
        `lakehouse.permissions.rules[${rule.index}] uses ${feature}, which ${
          permission.name
        } (${
          isResourcePermission(permission)
            ? `a permission on ${permission.resourceType}`
            : 'a basic permission'
        }) cannot take; the rule allows nothing for it`,
      );
    }
    return false;
  }
}

function decision(allowed: boolean): PolicyDecision {
  return {
    result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  };
}

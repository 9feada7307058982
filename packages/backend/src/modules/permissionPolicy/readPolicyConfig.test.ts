import { ConfigReader } from '@backstage/config';
import { readPolicyConfig } from './readPolicyConfig';

const read = (permissions: unknown, extra: Record<string, unknown> = {}) =>
  readPolicyConfig(
    new ConfigReader({ lakehouse: { permissions, ...extra } } as any),
  );

/** The message of the error `read` throws, or fails. */
const problemsOf = (permissions: unknown) => {
  try {
    read(permissions);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('readPolicyConfig', () => {
  describe('without lakehouse.permissions', () => {
    const policy = readPolicyConfig(new ConfigReader({}));

    it('has the platform role of the demo organisation', () => {
      expect(policy.roles).toEqual({
        platform: ['group:default/data-platform'],
      });
    });

    it("uses the portal's rules and allows what they do not name", () => {
      expect(policy.defaultResult).toBe('allow');
      expect(policy.rules.map(rule => rule.permissions)).toEqual([
        [
          'lakehouse.query.execute',
          'lakehouse.governance.read',
          'lakehouse.access-request.create',
        ],
        ['lakehouse.dataset.read-data'],
        [
          'lakehouse.dataset.read-data',
          'lakehouse.access-request.approve',
          'lakehouse.classification.declassify',
          'lakehouse.drift.run',
        ],
        ['lakehouse.dataset.read-data'],
        ['lakehouse.access-request.approve', 'lakehouse.lineage.write'],
        ['scaffolder.action.execute'],
      ]);
      expect(policy.rules[5]).toMatchObject({
        actions: ['kubernetes:apply'],
        allow: { everyone: false, members: ['group:default/data-platform'] },
      });
    });

    it('counts pii as the classification that protects data', () => {
      expect(policy.classifications).toEqual(['pii']);
    });
  });

  it('adds configured roles to the platform role, and replaces it when named', () => {
    const policy = read({
      roles: {
        platform: ['group:default/infra', 'user:ada'],
        stewards: ['Group:default/Data-Stewards'],
      },
    });
    expect(policy.roles).toEqual({
      platform: ['group:default/infra', 'user:default/ada'],
      stewards: ['group:default/data-stewards'],
    });
    // Without rules of its own, the portal's rules use the new platform role.
    expect(policy.rules[4].allow.members).toEqual([
      'group:default/infra',
      'user:default/ada',
    ]);
  });

  it('replaces the rules and the default when they are configured', () => {
    const policy = read({
      roles: { analysts: ['group:default/analytics-engineering'] },
      rules: [
        {
          permissions: ['lakehouse.*'],
          allow: ['role:analysts', 'user:default/ada'],
        },
        {
          permissions: ['scaffolder.action.execute'],
          actions: ['*'],
          allow: 'everyone',
        },
      ],
      default: 'deny',
    });
    expect(policy.defaultResult).toBe('deny');
    expect(policy.rules).toEqual([
      {
        index: 0,
        permissions: ['lakehouse.*'],
        allow: {
          everyone: false,
          owners: false,
          grantees: false,
          members: ['group:default/analytics-engineering', 'user:default/ada'],
        },
        when: undefined,
        actions: undefined,
        clusters: undefined,
        templateTags: undefined,
      },
      expect.objectContaining({
        permissions: ['scaffolder.action.execute'],
        // `*`: every action no other rule names, as no `actions` at all.
        actions: undefined,
      }),
    ]);
  });

  it('reads conditions on resources for the permissions that take them', () => {
    const policy = read({
      rules: [
        {
          permissions: ['lakehouse.dataset.read-data'],
          allow: ['owners', 'grantees'],
          when: {
            classified: true,
            classifications: ['pii'],
            layers: ['gold'],
          },
        },
        {
          permissions: ['scaffolder.action.execute'],
          actions: ['kubernetes:apply'],
          clusters: ['serving'],
          allow: 'everyone',
        },
        {
          permissions: ['scaffolder.template.step.read'],
          templateTags: ['production'],
          allow: 'everyone',
        },
        // Plugins add permissions the portal does not know of.
        { permissions: ['acme.widget.update'], allow: 'owners' },
      ],
    });
    expect(policy.rules[0]).toMatchObject({
      allow: { owners: true, grantees: true, everyone: false },
      when: { classified: true, classifications: ['pii'], layers: ['gold'] },
    });
    expect(policy.rules[1]).toMatchObject({
      actions: ['kubernetes:apply'],
      clusters: ['serving'],
    });
    expect(policy.rules[2].templateTags).toEqual(['production']);
    expect(policy.rules[3].allow.owners).toBe(true);
  });

  it('takes the classifications that protect data from the governance settings', () => {
    const policy = read(undefined, {
      governance: { classifications: ['PII', 'confidential'] },
    });
    expect(policy.classifications).toEqual(['pii', 'confidential']);
  });

  describe('refuses', () => {
    it('a role the configuration does not define, naming the rule and the entry', () => {
      expect(
        problemsOf({
          rules: [
            { permissions: ['lakehouse.query.execute'], allow: 'everyone' },
            {
              permissions: ['lakehouse.lineage.write'],
              allow: ['group:default/ops', 'role:admins'],
            },
          ],
        }),
      ).toContain(
        'lakehouse.permissions.rules[1].allow[1]: unknown role "admins"',
      );
    });

    it('owners, grantees and when on a basic permission', () => {
      const message = problemsOf({
        rules: [
          { permissions: ['lakehouse.query.execute'], allow: 'owners' },
          { permissions: ['lakehouse.lineage.write'], allow: ['grantees'] },
          {
            permissions: ['lakehouse.governance.read'],
            allow: 'everyone',
            when: { classified: false },
          },
        ],
      });
      expect(message).toContain(
        'lakehouse.permissions.rules[0].allow: owners cannot decide lakehouse.query.execute (a basic permission)',
      );
      expect(message).toContain(
        'lakehouse.permissions.rules[1].allow: grantees cannot decide lakehouse.lineage.write (a basic permission); it applies to permissions on lakehouse-dataset',
      );
      expect(message).toContain(
        'lakehouse.permissions.rules[2].when.classified: classified cannot decide lakehouse.governance.read (a basic permission)',
      );
    });

    it('owners on a glob that covers basic permissions', () => {
      expect(
        problemsOf({
          rules: [{ permissions: ['lakehouse.*'], allow: 'owners' }],
        }),
      ).toMatch(
        /rules\[0\]\.allow: owners cannot decide lakehouse\.query\.execute \(a basic permission\), lakehouse\.lineage\.write \(a basic permission\), lakehouse\.governance\.read \(a basic permission\) and 1 more/,
      );
    });

    it('conditions the resource type of the permission does not have', () => {
      const message = problemsOf({
        rules: [
          {
            permissions: ['catalog.entity.read'],
            actions: ['kubernetes:apply'],
            allow: 'everyone',
          },
          {
            permissions: ['scaffolder.action.execute'],
            templateTags: ['production'],
            allow: 'everyone',
          },
          {
            permissions: ['lakehouse.drift.run'],
            allow: 'grantees',
          },
        ],
      });
      expect(message).toContain(
        'rules[0].actions: actions cannot decide catalog.entity.read (a permission on catalog-entity); it applies to permissions on scaffolder-action',
      );
      expect(message).toContain(
        'rules[1].templateTags: templateTags cannot decide scaffolder.action.execute (a permission on scaffolder-action); it applies to permissions on scaffolder-template',
      );
      expect(message).toContain(
        'rules[2].allow: grantees cannot decide lakehouse.drift.run (a permission on catalog-entity)',
      );
    });

    it('clusters without the actions whose input they restrict', () => {
      expect(
        problemsOf({
          rules: [
            {
              permissions: ['scaffolder.action.execute'],
              clusters: ['serving'],
              allow: 'everyone',
            },
          ],
        }),
      ).toContain(
        'lakehouse.permissions.rules[0].clusters: needs actions naming the actions whose cluster input it restricts',
      );
    });

    it('members that are not group or user entity refs', () => {
      const message = problemsOf({
        roles: { platform: ['data-platform', 'component:default/portal'] },
        rules: [{ permissions: ['lakehouse.lineage.write'], allow: 'group:' }],
      });
      expect(message).toContain(
        'lakehouse.permissions.roles.platform[0]: "data-platform" is not an entity ref',
      );
      expect(message).toContain(
        'lakehouse.permissions.roles.platform[1]: "component:default/portal" is a component ref; members are group or user entity refs',
      );
      expect(message).toContain(
        'lakehouse.permissions.rules[0].allow: "group:" is not an entity ref',
      );
    });

    it('misspelt keys, a missing allow and a rule without permissions', () => {
      const message = problemsOf({
        rule: [],
        rules: [
          { permissions: ['lakehouse.query.execute'], alow: 'everyone' },
          { allow: 'everyone' },
          {
            permissions: ['lakehouse.dataset.read-data'],
            allow: 'everyone',
            when: { clasified: false },
          },
        ],
        default: 'maybe',
      });
      expect(message.split('\n').slice(1)).toEqual([
        '- lakehouse.permissions.rule: unknown key; expected one of roles, rules, default',
        '- lakehouse.permissions.rules[0].alow: unknown key; expected one of permissions, allow, when, actions, clusters, templateTags',
        expect.stringMatching(
          /^- lakehouse\.permissions\.rules\[0\]\.allow: expected everyone, owners, grantees, or a non-empty list/,
        ),
        '- lakehouse.permissions.rules[1].permissions: missing; name the permissions the rule decides',
        '- lakehouse.permissions.rules[2].when.clasified: unknown key; expected one of classified, classifications, layers',
        '- lakehouse.permissions.default: "maybe": expected allow or deny',
      ]);
    });

    it('values of the wrong type, with the key the config reader names', () => {
      expect(
        problemsOf({
          rules: [
            { permissions: 'lakehouse.query.execute', allow: 'everyone' },
          ],
        }),
      ).toMatch(
        /Invalid type in config for key 'lakehouse\.permissions\.rules\[0\]\.permissions'/,
      );
    });
  });
});

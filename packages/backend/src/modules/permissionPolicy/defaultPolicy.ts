import { JsonObject } from '@backstage/config';

/**
 * The portal's roles: configured roles are added to these, and one of the
 * same name replaces it.
 */
export const defaultRoles: Record<string, string[]> = {
  platform: ['group:default/data-platform'],
};

/**
 * The portal's rules, in the form of `lakehouse.permissions.rules` and
 * read by the same code, used when the configuration has no `rules`.
 * docs/access-control.md shows them as YAML; keep the two the same.
 */
export const defaultRules: JsonObject[] = [
  {
    permissions: [
      'lakehouse.query.execute',
      'lakehouse.governance.read',
      'lakehouse.access-request.create',
    ],
    allow: 'everyone',
  },
  {
    permissions: ['lakehouse.dataset.read-data'],
    allow: 'everyone',
    when: { classified: false },
  },
  {
    permissions: [
      'lakehouse.dataset.read-data',
      'lakehouse.access-request.approve',
      'lakehouse.classification.declassify',
      'lakehouse.drift.run',
    ],
    allow: 'owners',
  },
  {
    permissions: ['lakehouse.dataset.read-data'],
    allow: 'grantees',
  },
  {
    permissions: [
      'lakehouse.access-request.approve',
      'lakehouse.lineage.write',
    ],
    allow: ['role:platform'],
  },
  {
    permissions: ['scaffolder.action.execute'],
    actions: ['kubernetes:apply'],
    allow: ['role:platform'],
  },
];

/** The decision on permissions no rule names, unless configured. */
export const defaultResult: 'allow' | 'deny' = 'allow';

/** Classifications that protect data when `lakehouse.governance.classifications` is not set. */
export const defaultClassifications = ['pii'];

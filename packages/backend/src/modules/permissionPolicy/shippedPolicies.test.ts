import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { actionExecutePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { ConfigPermissionPolicy } from './ConfigPermissionPolicy';
import { readPolicyConfig } from './readPolicyConfig';

const root = path.resolve(__dirname, '../../../../..');
const readYaml = (file: string) =>
  parse(fs.readFileSync(path.join(root, file), 'utf8'));

/** The YAML blocks of docs/access-control.md that configure the policy. */
function policiesInTheGuide() {
  const guide = fs.readFileSync(
    path.join(root, 'docs/access-control.md'),
    'utf8',
  );
  return [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map(match => parse(match[1]))
    .filter(block => block?.lakehouse?.permissions);
}

describe('the policies the project ships', () => {
  it('documents the built-in defaults as they are', () => {
    const [defaults] = policiesInTheGuide();
    expect(readPolicyConfig(new ConfigReader(defaults))).toEqual(
      readPolicyConfig(new ConfigReader({})),
    );
  });

  it('documents examples that are valid policies', () => {
    const policies = policiesInTheGuide();
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const policy of policies) {
      expect(() => readPolicyConfig(new ConfigReader(policy))).not.toThrow();
    }
  });

  it('starts the production portal with a valid policy', () => {
    expect(() =>
      readPolicyConfig(
        new ConfigReader(readYaml('infra/portal/app-config.production.yaml')),
      ),
    ).not.toThrow();
  });

  it('lets the guest of the demo apply to the demo cluster, and only the platform team elsewhere', async () => {
    const config = readYaml('app-config.yaml');
    const guest = 'user:default/guest';
    const userInfo: UserInfoService = {
      getUserInfo: async () => ({
        userEntityRef: guest,
        ownershipEntityRefs: [
          guest,
          'group:default/analytics-engineering',
          'group:default/ml-engineering',
        ],
      }),
    };
    const policy = ConfigPermissionPolicy.fromConfig(new ConfigReader(config), {
      userInfo,
    });
    const decision = await policy.handle(
      { permission: actionExecutePermission },
      {
        credentials: mockCredentials.user(guest),
        info: { userEntityRef: guest, ownershipEntityRefs: [] },
      },
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
      conditions: {
        anyOf: [
          {
            allOf: [
              {
                rule: 'HAS_ACTION_ID',
                resourceType: 'scaffolder-action',
                params: { actionId: 'kubernetes:apply' },
              },
              {
                rule: 'HAS_STRING_PROPERTY',
                resourceType: 'scaffolder-action',
                params: { key: 'cluster', value: 'serving' },
              },
            ],
          },
          {
            not: {
              rule: 'HAS_ACTION_ID',
              resourceType: 'scaffolder-action',
              params: { actionId: 'kubernetes:apply' },
            },
          },
        ],
      },
    });
  });
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ConfigPermissionPolicy } from './ConfigPermissionPolicy';

/**
 * Installs the portal's permission policy, read from `lakehouse.permissions`
 * (see docs/access-control.md), as the permission backend's policy. An
 * invalid policy stops the backend at start with every wrong key named.
 */
export const lakehousePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'lakehouse-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        policy.setPolicy(
          ConfigPermissionPolicy.fromConfig(config, { userInfo, logger }),
        );
      },
    });
  },
});

export { ConfigPermissionPolicy };
export { readPolicyConfig } from './readPolicyConfig';
export type { PolicyConfig, PolicyRule } from './types';

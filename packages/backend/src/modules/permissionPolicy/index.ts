import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { LakehousePermissionPolicy } from './LakehousePermissionPolicy';

/** Installs {@link LakehousePermissionPolicy} as the permission backend's policy. */
export const lakehousePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'lakehouse-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new LakehousePermissionPolicy(userInfo));
      },
    });
  },
});

export { LakehousePermissionPolicy };

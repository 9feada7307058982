import { createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { LakehousePermissionPolicy } from './LakehousePermissionPolicy';

/** Installs {@link LakehousePermissionPolicy} as the permission backend's policy. */
export const lakehousePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'lakehouse-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new LakehousePermissionPolicy());
      },
    });
  },
});

export { LakehousePermissionPolicy };

import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * What {@link createAuthWithActors} wraps: `mockServices.auth` and
 * `mockCredentials.user` of `@backstage/backend-test-utils`, passed in by
 * the test (this file is linted as the backend's source, where that
 * package, a devDependency, may not be imported).
 */
export interface MockAuthKit {
  auth(options: { pluginId: string }): AuthService;
  userCredentials(
    userEntityRef: string,
    options: { actor: { subject: string } },
  ): BackstageCredentials;
}

/**
 * The mock auth service of `@backstage/backend-test-utils`, with one change
 * the permission framework depends on: a plugin's on-behalf-of token is read
 * back as user credentials with the plugin as actor, as the real auth
 * service does. The mock drops the actor, and the catalog only lets such
 * actors apply permission conditions. Install it with the real HTTP auth
 * service (`httpAuthServiceFactory`), which reads requests through it:
 *
 * ```ts
 * createAuthWithActors({
 *   auth: mockServices.auth,
 *   userCredentials: mockCredentials.user,
 * })
 * ```
 */
export function createAuthWithActors(mocks: MockAuthKit) {
  return createServiceFactory({
    service: coreServices.auth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }): AuthService {
      const inner = mocks.auth({ pluginId: plugin.getId() });
      return {
        getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
        getNoneCredentials: () => inner.getNoneCredentials(),
        isPrincipal: inner.isPrincipal.bind(
          inner,
        ) as AuthService['isPrincipal'],
        getPluginRequestToken: options => inner.getPluginRequestToken(options),
        getLimitedUserToken: credentials =>
          inner.getLimitedUserToken(credentials),
        listPublicServiceKeys: () => inner.listPublicServiceKeys(),
        async authenticate(token, options) {
          const prefix = 'mock-service-token:';
          if (token.startsWith(prefix)) {
            const { obo, target } = JSON.parse(token.slice(prefix.length));
            if (obo && (!target || target === plugin.getId())) {
              return mocks.userCredentials(obo, {
                actor: { subject: 'plugin:permission' },
              });
            }
          }
          return inner.authenticate(token, options);
        },
      };
    },
  });
}

import {
  coreServices,
  createServiceFactory,
  UserInfoService,
} from '@backstage/backend-plugin-api';

/**
 * A user info service that answers what a sign-in resolver would have put
 * in each user's token: the user and the groups they belong to, as
 * `ownershipEntityRefs`. The mock of `@backstage/backend-test-utils` knows
 * no groups, so owners rules would never see a group's members.
 *
 * @param groupsOf - user entity ref → the group entity refs of the user
 */
export function userInfoWithGroups(groupsOf: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory(): UserInfoService {
      return {
        async getUserInfo(credentials) {
          const { principal } = credentials as { principal: any };
          if (principal?.type !== 'user') {
            throw new Error(
              `User info not available for principal type '${principal?.type}'`,
            );
          }
          const userEntityRef: string = principal.userEntityRef;
          return {
            userEntityRef,
            ownershipEntityRefs: [
              userEntityRef,
              ...(groupsOf[userEntityRef] ?? []),
            ],
          };
        },
      };
    },
  });
}

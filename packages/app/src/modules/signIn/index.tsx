import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * The sign-in page with guest sign-in, as the app's default one offers, but
 * imported by name: the default page imports all of core-components at
 * start (data tables, drag and drop, date pickers …) just to draw itself,
 * which was most of what the portal added to the first page's JavaScript.
 */
export const guestSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <SignInPage {...props} providers={['guest']} />,
  },
});

/** The sign-in page as a module of the app. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [guestSignInPage],
});

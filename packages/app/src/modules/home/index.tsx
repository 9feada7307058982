import { Navigate } from 'react-router-dom';
import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

/**
 * The portal's start page sends users to the catalog, which stays at
 * `/catalog` where Backstage users and every link in the ecosystem expect it.
 */
export const catalogRedirectPage = PageBlueprint.make({
  name: 'home',
  params: {
    path: '/',
    loader: async () => <Navigate to="/catalog" replace />,
  },
});

/** The start page as a module of the app. */
export const homeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [catalogRedirectPage],
});

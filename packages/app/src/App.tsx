import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import {
  docsStatusSearchModule,
  docsStatusTechdocsModule,
} from './modules/docsStatus';

// Every other plugin (catalog-graph, scaffolder, search, TechDocs, kubernetes,
// org, user settings, notifications and this portal's own plugins) is
// discovered from the app's dependencies through `app.packages: all`; the
// app's default sign-in page offers guest sign-in. The Docs and Search pages
// say when docs cannot be built on the server.
export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    docsStatusTechdocsModule,
    docsStatusSearchModule,
  ],
});

import { ReactElement } from 'react';
import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import searchPlugin from '@backstage/plugin-search/alpha';
import techdocsPlugin from '@backstage/plugin-techdocs/alpha';
import { DocsStatusNotice } from './DocsStatusNotice';

/** A page's outputs as they were, its element with the notice above it. */
function* withDocsStatus(page: Iterable<any>) {
  for (const output of page) {
    if (output.id === coreExtensionData.reactElement.id) {
      const element: ReactElement = output.value;
      yield coreExtensionData.reactElement(
        <>
          <DocsStatusNotice />
          {element}
        </>,
      );
    } else {
      yield output;
    }
  }
}

/** The Docs page, explaining when docs cannot be built on this server. */
export const docsPageWithStatus = techdocsPlugin
  .getExtension('page:techdocs')
  .override({
    *factory(originalFactory) {
      yield* withDocsStatus(originalFactory());
    },
  });

/** The Search page, explaining why a docs search may find nothing. */
export const searchPageWithStatus = searchPlugin
  .getExtension('page:search')
  .override({
    *factory(originalFactory) {
      yield* withDocsStatus(originalFactory());
    },
  });

export const docsStatusTechdocsModule = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [docsPageWithStatus],
});

export const docsStatusSearchModule = createFrontendModule({
  pluginId: 'search',
  extensions: [searchPageWithStatus],
});

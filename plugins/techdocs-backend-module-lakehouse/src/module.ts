import {
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { techdocsPreparerExtensionPoint } from '@backstage/plugin-techdocs-node';
import Router from 'express-promise-router';
import { CopyingDirectoryPreparer } from './CopyingDirectoryPreparer';
import { DocsSiteBuilds } from './DocsSiteBuilds';
import { probeMkdocs } from './mkdocs';

/**
 * Docs that work from the first minute: every TechDocs site is built in the
 * background when the backend starts (and when the catalog registers a new
 * one), then the search backend indexes them. Local sites are built from a
 * copy of their sources. `GET /api/techdocs/docs-status` tells the Docs and
 * Search pages whether docs can be built here and which could not.
 *
 * @public
 */
export const techdocsModuleLakehouse = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'lakehouse',
  register(reg) {
    reg.registerInit({
      deps: {
        preparers: techdocsPreparerExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        http: coreServices.httpRouter,
      },
      async init({
        preparers,
        config,
        logger,
        urlReader,
        scheduler,
        catalog,
        auth,
        discovery,
        http,
      }) {
        preparers.registerPreparer(
          'dir',
          CopyingDirectoryPreparer.fromConfig(config, {
            logger,
            reader: urlReader,
          }),
        );

        const builds = new DocsSiteBuilds({
          config,
          logger,
          catalog,
          auth,
          discovery,
          probeMkdocs: () => probeMkdocs(),
        });

        const router = Router();
        router.get('/docs-status', async (_req, res) => {
          res.json(await builds.status());
        });
        http.use(router);

        if (!builds.buildsLocally) return;
        warnWithoutSearchPlugin(config, logger);
        await scheduler.scheduleTask({
          id: 'lakehouse-docs-sites-build',
          // Every replica serves its own builds (local publisher, build cache).
          scope: 'local',
          // Soon after start, then often enough that a site the catalog
          // registers later is built within a minute; a run with nothing new
          // costs one catalog query.
          initialDelay: { seconds: 5 },
          frequency: { seconds: 30 },
          timeout: { minutes: 30 },
          fn: signal => builds.run(signal),
        });
      },
    });
  },
});

/**
 * mkdocs' own search plugin writes the search index TechDocs search reads.
 * Without techdocs-core (which brings it), TechDocs writes `plugins: []` into
 * a site's mkdocs.yml that lists no plugins, so such a site would have none.
 */
function warnWithoutSearchPlugin(config: Config, logger: LoggerService) {
  const mkdocs = 'techdocs.generator.mkdocs';
  if (!config.getOptionalBoolean(`${mkdocs}.omitTechdocsCorePlugin`)) return;
  const defaults = config.getOptionalStringArray(`${mkdocs}.defaultPlugins`);
  if (defaults?.some(p => p === 'search' || p === 'material/search')) return;
  logger.warn(
    `${mkdocs}.omitTechdocsCorePlugin is set and ${mkdocs}.defaultPlugins does not name search: docs sites whose mkdocs.yml lists no search plugin get no search index, and search will not find their pages. Add search to ${mkdocs}.defaultPlugins.`,
  );
}

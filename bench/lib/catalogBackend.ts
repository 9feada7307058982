/**
 * A real backend process (backend-defaults' createBackend: HTTP server,
 * database manager, scheduler, auth) with the catalog and the lakehouse
 * catalog module only, for the end-to-end catalog benchmark. The rest of the
 * portal (search indexing, TechDocs builds, the demo lakehouse) would share
 * the two cores without touching the catalog's path. Config comes from the
 * `--config` arguments, as for packages/backend.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/lib/catalogBackend.ts --config bench.yaml
 */
import { createBackend } from '@backstage/backend-defaults';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogLakehouseDatasetsModule from '@internal/plugin-catalog-backend-module-lakehouse';

const backend = createBackend();
backend.add(catalogBackend);
backend.add(catalogLakehouseDatasetsModule);
backend.start();

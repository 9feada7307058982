/*
 * Process entry of the Apache Polaris management service double (polaris-management-service.yml; see
 * PolarisManagementDouble.ts). Usage from a source checkout:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     packages/platform-doubles/src/polaris/serve.ts '{"catalogs":[{"name":"lakehouse"}]}'
 *
 * prints `{"url":"http://127.0.0.1:PORT","pid":N}` on stdout and serves until SIGTERM/SIGINT. Options are those
 * of PolarisManagementDouble.start without `now`.
 */
import {
  PolarisManagementDouble,
  type PolarisManagementDoubleOptions,
} from './PolarisManagementDouble';
import { runDoubleProcess } from '../support/childProcess';

if (require.main === module) {
  void runDoubleProcess(options =>
    PolarisManagementDouble.start(options as PolarisManagementDoubleOptions),
  );
}

/*
 * Process entry of the Trino double (Trino client REST protocol, https://trino.io/docs/current/develop/client-protocol.html;
 * see TrinoDouble.ts). Usage from a source checkout:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     packages/platform-doubles/src/trino/serve.ts '{"catalogs":{"lake":{"schemas":{"bench":{"wide":"SELECT ..."}}}}}'
 *
 * prints `{"url":"http://127.0.0.1:PORT","pid":N}` on stdout and serves until SIGTERM/SIGINT.
 * Options are those of TrinoDouble.start (JSON).
 */
import { TrinoDouble, type TrinoDoubleOptions } from './TrinoDouble';
import { runDoubleProcess } from '../support/childProcess';

if (require.main === module) {
  void runDoubleProcess(options =>
    TrinoDouble.start(options as TrinoDoubleOptions),
  );
}

/*
 * Process entry of the MLflow tracking server double (MLflow REST API, Model Registry reads and runs/get; see
 * MlflowDouble.ts). Usage from a source checkout:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     packages/platform-doubles/src/mlflow/serve.ts '{"synthetic":{"models":1000,"versionsPerModel":10}}'
 *
 * prints `{"url":"http://127.0.0.1:PORT","pid":N}` on stdout and serves until SIGTERM/SIGINT. Options are those
 * of MlflowDouble.start without `now`.
 */
import { MlflowDouble, type MlflowDoubleOptions } from './MlflowDouble';
import { runDoubleProcess } from '../support/childProcess';

if (require.main === module) {
  void runDoubleProcess(options =>
    MlflowDouble.start(options as MlflowDoubleOptions),
  );
}

import { analyzeStatement } from '../../../sql';
import type { DriftSqlRunner } from '../types';

/**
 * Passes every statement through the SQL console's read-only check first,
 * as the portal's drift runner does, so a statement the check would refuse
 * fails the test.
 */
export function checkedRunner<T extends DriftSqlRunner>(runner: T): T {
  return Object.assign(Object.create(runner), {
    async run(sql: string, signal?: AbortSignal) {
      const analysis = analyzeStatement(sql, {});
      if (!analysis.allowed) {
        throw new Error(
          `The read-only check refused a drift statement: ${analysis.reason}\n${sql}`,
        );
      }
      return runner.run(sql, signal);
    },
  });
}

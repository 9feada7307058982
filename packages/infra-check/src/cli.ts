/*
 * Checks infra/ and prints every problem, one line each; exits 1 when there
 * is one. Usage, from the repository root:
 *   node --require @backstage/cli-node/config/nodeTransform.cjs packages/infra-check/src/cli.ts [infra-dir]
 * or `npm run check` in packages/infra-check.
 */
import path from 'node:path';
import { checkInfra } from './checkInfra';
import { formatProblem } from './problems';
import { packageDir } from './schemas/dataFiles';

function main(): number {
  // The repository this package is part of: its portal's configuration
  // schema and its guides are what infra/ is checked against.
  const repoRoot = path.join(packageDir(), '..', '..');
  const infraDir = path.resolve(
    process.argv[2] ?? path.join(repoRoot, 'infra'),
  );
  const started = Date.now();
  const problems = checkInfra({ infraDir, repoRoot });
  for (const problem of problems) console.log(formatProblem(problem));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    console.log(
      `infra-check: ${problems.length} problem${
        problems.length === 1 ? '' : 's'
      } in ${infraDir} (${seconds} s)`,
    );
    return 1;
  }
  console.log(`infra-check: ${infraDir} is consistent (${seconds} s)`);
  return 0;
}

process.exitCode = main();

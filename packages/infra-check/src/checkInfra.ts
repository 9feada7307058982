import fs from 'node:fs';
import path from 'node:path';
import { checkEnvironment } from './checks/environment';
import type { Guide } from './checks/guides';
import { checkSetupGuide, checkTeardownGuide } from './checks/guides';
import { buildInventory } from './checks/inventory';
import { checkPortalConfig } from './checks/portalConfig';
import { checkReferences } from './checks/references';
import { checkSchemas } from './checks/schemas';
import { checkServices } from './checks/services';
import { checkServiceUrls } from './checks/serviceUrls';
import { checkWorkloadPolicy } from './checks/workloadPolicy';
import { loadInfra } from './load/loadInfra';
import type { Problem } from './problems';
import { sortProblems } from './problems';

export interface CheckInfraOptions {
  /** The infra/ folder to check. */
  infraDir: string;
  /**
   * The repository whose portal the app-config configures: its packages'
   * configuration schemas are the ones the app-config is checked against.
   * Defaults to the folder above infraDir.
   */
  repoRoot?: string;
  /** The setup and teardown guides that must match infra/; defaults to the repository's. */
  setupGuide?: string;
  teardownGuide?: string;
}

/** Every problem of infra/, in file order; none means it is ready to apply. */
export function checkInfra(options: CheckInfraOptions): Problem[] {
  const infraDir = path.resolve(options.infraDir);
  const repoRoot = path.resolve(options.repoRoot ?? path.dirname(infraDir));
  const { infra, problems } = loadInfra(infraDir);
  const inventory = buildInventory(infra);
  problems.push(
    ...checkSchemas(infra),
    ...checkReferences(infra, inventory),
    ...checkServices(infra, inventory),
    ...checkEnvironment(infra, inventory),
    ...checkServiceUrls(infra, inventory),
    ...checkWorkloadPolicy(infra),
    ...checkPortalConfig(infra, repoRoot),
  );
  const guides = path.join(repoRoot, 'learning', 'docs', 'platform');
  const setup = readGuide(
    options.setupGuide ?? path.join(guides, 'setup.md'),
    repoRoot,
  );
  const teardown = readGuide(
    options.teardownGuide ?? path.join(guides, 'teardown.md'),
    repoRoot,
  );
  for (const [guide, check] of [
    [setup, checkSetupGuide],
    [teardown, checkTeardownGuide],
  ] as const) {
    if ('missing' in guide)
      problems.push({ file: guide.missing, message: 'is missing' });
    else problems.push(...check(infra, guide));
  }
  return sortProblems(problems);
}

function readGuide(
  file: string,
  repoRoot: string,
): Guide | { missing: string } {
  const display = path.relative(repoRoot, file).split(path.sep).join('/');
  if (!fs.existsSync(file)) return { missing: display };
  return { file: display, text: fs.readFileSync(file, 'utf8') };
}

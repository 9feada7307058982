import type { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readWorkspaceFile, type WorkspaceFile } from '../dbt/workspaceFiles';

const MAX_MODULES = 200;
const MAX_MODULE_BYTES = 1024 * 1024;

/**
 * Reads the definition file and the other Python modules in its folder —
 * the feature repository `feast apply` would load with it — so that imports
 * such as `from entities import customer` can be resolved. Modules that
 * cannot be read safely (a link out of the workspace, too large) are left
 * out with a warning.
 */
export async function readFeatureRepo(options: {
  workspacePath: string;
  definitionPath: string;
  logger: LoggerService;
}): Promise<{ definition: WorkspaceFile; modules: WorkspaceFile[] }> {
  const { workspacePath, definitionPath, logger } = options;
  const definition = await readWorkspaceFile(
    workspacePath,
    definitionPath,
    'definitionPath',
    { maxBytes: MAX_MODULE_BYTES },
  );
  const folder = path.posix.dirname(definition.name);
  // The folder of a path readWorkspaceFile accepted; each module read from
  // it is checked again.
  const entries = await fs.readdir(path.resolve(workspacePath, folder), {
    withFileTypes: true,
  });
  const siblings = entries
    .filter(e => e.name.endsWith('.py') && (e.isFile() || e.isSymbolicLink()))
    .map(e => (folder === '.' ? e.name : `${folder}/${e.name}`))
    .filter(name => name !== definition.name)
    .sort()
    .slice(0, MAX_MODULES);
  const modules: WorkspaceFile[] = [];
  for (const name of siblings) {
    try {
      modules.push(
        await readWorkspaceFile(workspacePath, name, 'module', {
          maxBytes: MAX_MODULE_BYTES,
        }),
      );
    } catch (error) {
      logger.warn(`Skipped ${name}: ${(error as Error).message}`);
    }
  }
  return { definition, modules };
}

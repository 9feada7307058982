import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readWorkspaceFile } from '../dbt/workspaceFiles';
import {
  checkFeatureView,
  type FeatureRepo,
  moduleName,
  type ParsedFile,
} from './checkFeatureView';
import { examples } from './examples';
import {
  addExisting,
  type KnownFeastObjects,
  noKnownObjects,
  readRegistryExport,
} from './knownObjects';
import { readFeatureRepo } from './readFeatureRepo';
import { summarisePython } from './summarisePython';

/*
 * Configuration read by this action (to be declared in the package's
 * config.d.ts):
 *
 *   lakehouse:
 *     scaffolder:
 *       feast:
 *         # Feast registry export (feast.core.Registry as MessageToDict
 *         # JSON) on the backend host, used when a step gives no
 *         # registryPath.
 *         registry: /var/lib/feast/registry.json
 *         # Python 3 interpreter used to parse definitions; default python3.
 *         python: /usr/bin/python3
 */
const REGISTRY_CONFIG_KEY = 'lakehouse.scaffolder.feast.registry';
const PYTHON_CONFIG_KEY = 'lakehouse.scaffolder.feast.python';

async function knownObjects(options: {
  workspacePath: string;
  registryPath?: string;
  configured?: string;
  project?: string;
}): Promise<KnownFeastObjects> {
  const { workspacePath, registryPath, configured, project } = options;
  let text: string;
  let where: string;
  if (registryPath) {
    ({ text, name: where } = await readWorkspaceFile(
      workspacePath,
      registryPath,
      'registryPath',
    ));
  } else if (configured) {
    where = configured;
    text = await fs.readFile(path.resolve(configured), 'utf8');
  } else {
    return noKnownObjects();
  }
  try {
    return readRegistryExport(text, where, project);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/**
 * Creates the `feast:feature-view:validate` action, which checks a Feast
 * feature view definition generated into the workspace before it is
 * published. The Python file is parsed, never run; its entity and data
 * source must exist, its features be well named and typed, its TTL
 * reasonable and its name still free.
 *
 * @public
 */
export function createFeastFeatureViewValidateAction(options: {
  config: Config;
}) {
  const { config } = options;
  return createTemplateAction({
    id: 'feast:feature-view:validate',
    description:
      'Validates a generated Feast feature view definition (Python, parsed but never run) against the existing Feast registry',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        definitionPath: z =>
          z.string({
            description:
              'Path of the generated Python file, relative to the workspace; the other .py files of its folder are read as its feature repository',
          }),
        featureView: z =>
          z.string({ description: 'Name of the FeatureView to check' }),
        registryPath: z =>
          z
            .string({
              description: `Feast registry export (feast.core.Registry as MessageToDict JSON), relative to the workspace; defaults to ${REGISTRY_CONFIG_KEY}`,
            })
            .optional(),
        project: z =>
          z
            .string({
              description:
                'Feast project; when given, only registry objects of this project count',
            })
            .optional(),
        existing: z =>
          z
            .object(
              {
                featureViews: z.array(z.string()).optional(),
                entities: z.array(z.string()).optional(),
                dataSources: z.array(z.string()).optional(),
              },
              {
                description:
                  'Names of existing Feast objects, added to those of the registry',
              },
            )
            .optional(),
      },
      output: {
        valid: z =>
          z.boolean({ description: 'Always true; problems fail the step' }),
        entities: z =>
          z.array(z.string(), { description: 'Entities of the feature view' }),
        source: z =>
          z.string({ description: 'Data source of the feature view' }),
        features: z =>
          z.array(z.string(), { description: 'Names of its features' }),
      },
    },
    async handler(ctx) {
      const { input, workspacePath, logger } = ctx;
      if (!input.definitionPath.endsWith('.py')) {
        throw new InputError(
          `definitionPath: ${input.definitionPath} is not a .py file`,
        );
      }
      const { definition, modules } = await readFeatureRepo({
        workspacePath,
        definitionPath: input.definitionPath,
        logger,
      });
      const known = addExisting(
        await knownObjects({
          workspacePath,
          registryPath: input.registryPath,
          configured: config.getOptionalString(REGISTRY_CONFIG_KEY),
          project: input.project,
        }),
        input.existing,
      );

      const [summary, ...moduleSummaries] = await summarisePython(
        [definition, ...modules].map(f => ({ path: f.name, source: f.text })),
        { python: config.getOptionalString(PYTHON_CONFIG_KEY) },
      );
      if ('syntaxError' in summary) {
        const { line, column, message } = summary.syntaxError;
        const where = [summary.path, line, column].filter(Boolean).join(':');
        throw new InputError(
          `Feast feature view ${input.featureView} is not valid:\n${where}: Python syntax error: ${message}`,
        );
      }
      if ('error' in summary) {
        throw new InputError(
          `Feast feature view ${input.featureView} is not valid:\n${summary.path}: cannot be analysed: ${summary.error}`,
        );
      }

      const repo: FeatureRepo = new Map();
      for (const module of [summary, ...moduleSummaries]) {
        if ('imports' in module) repo.set(moduleName(module.path), module);
        else logger.warn(`Skipped ${module.path}, which does not parse`);
      }
      const { problems, view } = checkFeatureView({
        file: summary as ParsedFile,
        repo,
        name: input.featureView,
        known,
      });
      if (problems.length > 0 || !view) {
        throw new InputError(
          `Feast feature view ${input.featureView} is not valid (${
            problems.length
          } problem${problems.length === 1 ? '' : 's'}):\n${problems.join(
            '\n',
          )}`,
        );
      }
      logger.info(
        `Feast feature view ${input.featureView} is valid: ${
          view.features.length
        } feature(s) of ${view.entities.join(', ')}`,
      );
      ctx.output('valid', true);
      ctx.output('entities', view.entities);
      ctx.output('source', view.source ?? '');
      ctx.output('features', view.features);
    },
  });
}

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  findDbtCalls,
  parseDbtManifest,
  scanSql,
} from '@internal/plugin-lakehouse-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './examples';
import { indexManifest, type ManifestIndex } from './manifestIndex';
import {
  checkModelName,
  DBT_LAYERS,
  isConsumerLayer,
  type NamingConventions,
  prefixesFor,
} from './namingConventions';
import { checkSchemaYml } from './schemaYml';
import { findStarProjections } from './starProjections';
import { readWorkspaceFileOrReport } from './workspaceFiles';

/*
 * Configuration read by this action (to be declared in the package's
 * config.d.ts):
 *
 *   lakehouse:
 *     scaffolder:
 *       dbt:
 *         # Path of the dbt project's target/manifest.json on the backend
 *         # host (absolute, or relative to the backend's working directory).
 *         # Used when a step gives no `manifest` input.
 *         manifest: /var/lib/dbt/commerce/target/manifest.json
 *         # Layer -> allowed model name prefix(es); replaces the default
 *         # prefixes of the layers it names. A step's `namingConventions`
 *         # input wins over this.
 *         namingConventions:
 *           gold: [fct_, dim_, mart_, features_]
 */
const MANIFEST_CONFIG_KEY = 'lakehouse.scaffolder.dbt.manifest';
const NAMING_CONFIG_KEY = 'lakehouse.scaffolder.dbt.namingConventions';

async function loadManifest(
  options: {
    workspacePath: string;
    given?: string;
    configured?: string;
  },
  problems: string[],
): Promise<ManifestIndex | undefined> {
  let text: string;
  let where: string;
  if (options.given) {
    const file = await readWorkspaceFileOrReport(
      options.workspacePath,
      options.given,
      'manifest',
      problems,
    );
    if (!file) return undefined;
    ({ text, name: where } = file);
  } else if (options.configured) {
    where = options.configured;
    try {
      text = await fs.readFile(path.resolve(options.configured), 'utf8');
    } catch (error) {
      problems.push(
        `${MANIFEST_CONFIG_KEY}: cannot read ${where}: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  } else {
    throw new InputError(
      `manifest: no dbt manifest given; set the manifest input or ${MANIFEST_CONFIG_KEY} in app-config`,
    );
  }
  try {
    return indexManifest(parseDbtManifest(text, where));
  } catch (error) {
    problems.push((error as Error).message);
    return undefined;
  }
}

/**
 * Creates the `dbt:model:validate` action, which checks a dbt model and its
 * properties file generated into the workspace before they are published:
 * refs and sources exist in the project's manifest, the name follows the
 * layer's convention and is still free, the schema file documents and tests
 * the model, and gold (marts) models select explicit columns.
 *
 * @public
 */
export function createDbtModelValidateAction(options: { config: Config }) {
  const { config } = options;
  return createTemplateAction({
    id: 'dbt:model:validate',
    description:
      'Validates a generated dbt model (SQL and schema.yml) against the naming conventions of its layer and the manifest of the existing dbt project',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        modelPath: z =>
          z.string({
            description:
              'Path of the generated model SQL file, relative to the workspace; the file name is the model name',
          }),
        schemaPath: z =>
          z.string({
            description:
              'Path of the generated properties file (schema.yml) declaring the model, relative to the workspace',
          }),
        manifest: z =>
          z
            .string({
              description: `Path of the dbt project's manifest.json, relative to the workspace; defaults to ${MANIFEST_CONFIG_KEY}`,
            })
            .optional(),
        layer: z =>
          z.enum(DBT_LAYERS, {
            description:
              'Layer of the model: bronze, silver, gold or staging, intermediate, marts',
          }),
        namingConventions: z =>
          z
            .record(z.union([z.string(), z.array(z.string())]), {
              description:
                'Layer → required model name prefix or prefixes, replacing the defaults (bronze/staging: stg_; silver/intermediate: int_, dim_; gold/marts: fct_, dim_, mart_)',
            })
            .optional(),
      },
      output: {
        valid: z =>
          z.boolean({ description: 'Always true; problems fail the step' }),
        refs: z =>
          z.array(z.string(), {
            description:
              'Models, seeds and snapshots the model refs, as written (package.name when a package is given)',
          }),
        sources: z =>
          z.array(z.string(), {
            description: 'Source tables the model reads, as source_name.table',
          }),
      },
    },
    async handler(ctx) {
      const { input, workspacePath } = ctx;
      const problems: string[] = [];

      if (!input.modelPath.endsWith('.sql')) {
        problems.push(`modelPath: ${input.modelPath} is not a .sql file`);
      }
      const model = await readWorkspaceFileOrReport(
        workspacePath,
        input.modelPath,
        'modelPath',
        problems,
        { maxBytes: 1024 * 1024 },
      );
      const schema = await readWorkspaceFileOrReport(
        workspacePath,
        input.schemaPath,
        'schemaPath',
        problems,
        { maxBytes: 1024 * 1024 },
      );
      const manifest = await loadManifest(
        {
          workspacePath,
          given: input.manifest,
          configured: config.getOptionalString(MANIFEST_CONFIG_KEY),
        },
        problems,
      );
      const modelName = path.posix.basename(
        input.modelPath.replace(/\\/g, '/'),
        '.sql',
      );

      const prefixes = prefixesFor(
        input.layer,
        input.namingConventions,
        config.getOptional<NamingConventions>(NAMING_CONFIG_KEY),
      );
      const nameProblem = checkModelName(modelName, input.layer, prefixes);
      if (nameProblem) problems.push(`${input.modelPath}: ${nameProblem}`);

      const refs = new Set<string>();
      const sources = new Set<string>();
      if (model) {
        const found = findDbtCalls(model.text);
        for (const problem of found.problems) {
          problems.push(`${model.name}:${problem.line}: ${problem.message}`);
        }
        const calls = found.calls.filter(
          call => call.fn === 'ref' || call.fn === 'source',
        );
        for (const call of calls) {
          const problem = manifest?.check(call);
          if (problem) {
            problems.push(`${model.name}:${call.line}: ${problem}`);
          } else if (call.fn === 'ref') {
            refs.add(call.args.filter(Boolean).join('.'));
          } else {
            sources.add(call.args.join('.'));
          }
        }
        if (calls.length === 0) {
          problems.push(
            `${model.name}: reads no upstream dataset; a model reads at least one ref() or source()`,
          );
        }
        if (isConsumerLayer(input.layer)) {
          // SQL that cannot be tokenized to its end is read up to the error.
          const { tokens } = scanSql(model.text, { jinja: true });
          for (const line of findStarProjections(tokens)) {
            problems.push(
              `${model.name}:${line}: select * is not allowed in a ${input.layer} model; list the columns explicitly`,
            );
          }
        }
      }

      const existing = manifest?.nodesNamed(modelName) ?? [];
      if (existing.length > 0) {
        problems.push(
          `${
            input.modelPath
          }: model name "${modelName}" is already taken in the dbt manifest by ${existing.join(
            ', ',
          )}`,
        );
      }

      if (schema) {
        problems.push(...checkSchemaYml(schema.text, schema.name, modelName));
      }

      if (problems.length > 0) {
        throw new InputError(
          `dbt model ${modelName} is not valid (${problems.length} problem${
            problems.length === 1 ? '' : 's'
          }):\n${problems.join('\n')}`,
        );
      }
      ctx.logger.info(
        `dbt model ${modelName} is valid: ${refs.size} ref(s), ${sources.size} source(s)`,
      );
      ctx.output('valid', true);
      ctx.output('refs', [...refs]);
      ctx.output('sources', [...sources]);
    },
  });
}

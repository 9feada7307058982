import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readWorkspaceFile } from '../dbt/workspaceFiles';
import { checkInferenceServiceManifest } from './checkInferenceService';
import { DEPLOYMENT_MODE_VALUES } from './deploymentMode';
import { examples } from './examples';
import { readManifestDocuments } from './readManifestDocuments';

const MODE_NAMES = Object.keys(DEPLOYMENT_MODE_VALUES) as [string, ...string[]];

/**
 * Creates the `kserve:inferenceservice:validate` action, which checks a
 * generated KServe InferenceService manifest (with the Secrets and
 * ServiceAccounts next to it) before it is published or applied: against
 * KServe's CRD schema as the API server does, then KServe's own rules.
 *
 * @public
 */
export function createInferenceServiceValidateAction() {
  return createTemplateAction({
    id: 'kserve:inferenceservice:validate',
    description:
      "Validates a generated KServe InferenceService manifest (serving.kserve.io/v1beta1) as a cluster would: against KServe v0.20's CRD schema like the API server (naming each refused field), then what the schema cannot express: name, deployment mode and its canary form, one predictor implementation, model format, storage URI and S3 credentials, and resource requests within limits",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        manifestPath: z =>
          z.string({
            description:
              'Path of the generated YAML manifest, relative to the workspace; it may hold several documents (Secret, ServiceAccount, InferenceService)',
          }),
        defaultDeploymentMode: z =>
          z
            .enum(MODE_NAMES, {
              description:
                "The cluster's defaultDeploymentMode (inferenceservice-config), used when the InferenceService has no serving.kserve.io/deploymentMode annotation; Serverless by default",
            })
            .optional(),
      },
      output: {
        valid: z =>
          z.boolean({ description: 'Always true; problems fail the step' }),
        name: z =>
          z.string({ description: 'metadata.name of the InferenceService' }),
        namespace: z =>
          z
            .string({
              description: 'metadata.namespace, when the manifest sets one',
            })
            .optional(),
        deploymentMode: z =>
          z.enum(['Knative', 'Standard', 'ModelMesh'], {
            description:
              'Deployment mode with its KServe 0.20 name: Knative (called Serverless before), Standard (called RawDeployment before) or ModelMesh',
          }),
      },
    },
    async handler(ctx) {
      const { input, workspacePath } = ctx;
      const file = await readWorkspaceFile(
        workspacePath,
        input.manifestPath,
        'manifestPath',
        { maxBytes: 1024 * 1024 },
      );
      const { documents, problems } = readManifestDocuments(
        file.text,
        file.name,
      );
      const clusterDefault =
        DEPLOYMENT_MODE_VALUES[input.defaultDeploymentMode ?? 'Serverless'];
      const { problems: serviceProblems, summary } =
        problems.length > 0
          ? { problems: [], summary: undefined }
          : checkInferenceServiceManifest(documents, file.name, clusterDefault);
      problems.push(...serviceProblems);
      if (problems.length > 0 || !summary) {
        throw new InputError(
          `InferenceService manifest ${file.name} is not valid (${
            problems.length
          } problem${problems.length === 1 ? '' : 's'}):\n${problems.join(
            '\n',
          )}`,
        );
      }
      ctx.logger.info(
        `InferenceService ${summary.name} in ${file.name} is valid (${summary.deploymentMode} mode)`,
      );
      ctx.output('valid', true);
      ctx.output('name', summary.name);
      if (summary.namespace) ctx.output('namespace', summary.namespace);
      ctx.output('deploymentMode', summary.deploymentMode);
    },
  });
}

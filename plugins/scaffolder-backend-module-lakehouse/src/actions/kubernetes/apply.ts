/*
 * The `kubernetes:apply` scaffolder action: server-side applies a manifest of Secrets, ServiceAccounts and
 * KServe InferenceServices to a cluster from the Backstage Kubernetes configuration. Every object first goes
 * through a server dry run (`dryRun=All`: schema, admission webhooks and field manager conflicts checked
 * without storing); only when all of them pass is each one applied for real, so a conflict or a denial
 * leaves the cluster untouched. A scaffolder dry run stops after the server dry run.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { resolveCluster } from '@internal/plugin-lakehouse-node';
import { examples } from './apply.examples';
import { KubernetesApplyClient } from './client';
import { describeApplyError } from './errors';
import { type ManifestObject, describeObject, parseManifest } from './manifest';

/** Field manager used when the template does not name one. */
export const DEFAULT_FIELD_MANAGER = 'backstage-lakehouse-portal';

/** One object of the `objects` output. */
interface AppliedOutput {
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  created: boolean;
}

/**
 * Creates the `kubernetes:apply` action.
 *
 * @param options - `config`: the root config, read for `kubernetes.clusterLocatorMethods`; `logger`: for
 *   notes outside a task (a task's own steps are logged to the task log).
 * @public
 */
export function createKubernetesApplyAction(options: {
  config: Config;
  logger?: LoggerService;
}) {
  const { config, logger } = options;
  return createTemplateAction({
    id: 'kubernetes:apply',
    description:
      'Server-side applies Kubernetes objects (Secret, ServiceAccount, KServe InferenceService) to a configured cluster. Every object is checked with a server dry run first; nothing is applied unless all of them pass.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        manifest: z =>
          z
            .union([z.string(), z.record(z.any()), z.array(z.record(z.any()))])
            .describe(
              'The objects to apply: YAML (several documents separated by ---), an object or a list of objects',
            ),
        cluster: z =>
          z
            .string()
            .min(1)
            .describe(
              'Name of a cluster in kubernetes.clusterLocatorMethods[].clusters[] of the app config',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              'Namespace for objects that do not set metadata.namespace',
            ),
        fieldManager: z =>
          z
            .string()
            .min(1)
            .max(128)
            .optional()
            .describe(
              `Field manager that owns the applied fields. Default: ${DEFAULT_FIELD_MANAGER}`,
            ),
      },
      output: {
        objects: z =>
          z
            .array(
              z.object({
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
                uid: z.string().optional(),
                resourceVersion: z.string().optional(),
                created: z.boolean(),
              }),
            )
            .describe(
              'The applied objects; in a dry run, what would be applied (created: would be created)',
            ),
      },
    },
    async handler(ctx) {
      const fieldManager = ctx.input.fieldManager || DEFAULT_FIELD_MANAGER;
      // Both checks throw before any request reaches a cluster.
      const cluster = resolveCluster(config, ctx.input.cluster);
      const objects = parseManifest(ctx.input.manifest, ctx.input.namespace);
      if (!cluster.serviceAccountToken) {
        logger?.warn(
          `kubernetes:apply: cluster "${cluster.name}" has no serviceAccountToken; requests are sent without credentials`,
        );
      }
      const client = KubernetesApplyClient.create(cluster);
      ctx.logger.info(
        `Applying ${objects.length} object(s) to cluster "${cluster.name}" (${
          cluster.url
        }) as field manager "${fieldManager}"${
          ctx.isDryRun ? ' (dry run: nothing will be stored)' : ''
        }`,
      );

      const apply = async (
        item: ManifestObject,
        dryRun: boolean,
        applied: string[],
      ) => {
        try {
          return await client.apply(item.object, { fieldManager, dryRun });
        } catch (error) {
          throw describeApplyError(error, {
            subject: describeObject(item),
            cluster,
            dryRun,
            applied,
          });
        }
      };

      const planned: AppliedOutput[] = [];
      for (const item of objects) {
        const result = await apply(item, true, []);
        ctx.logger.info(
          `Server dry run: ${describeObject(item)} would be ${
            result.created ? 'created' : 'updated'
          }`,
        );
        const existing = !result.created;
        planned.push({
          kind: item.kind,
          namespace: item.namespace,
          name: item.name,
          ...(existing && result.object.metadata?.uid
            ? { uid: result.object.metadata.uid }
            : {}),
          ...(existing && result.object.metadata?.resourceVersion
            ? { resourceVersion: result.object.metadata.resourceVersion }
            : {}),
          created: result.created,
        });
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: the cluster accepted all ${objects.length} object(s); nothing was applied`,
        );
        ctx.output('objects', planned);
        return;
      }

      const applied: AppliedOutput[] = [];
      for (const item of objects) {
        const result = await apply(
          item,
          false,
          applied.map(a => describeObject(a)),
        );
        const metadata = result.object.metadata ?? {};
        ctx.logger.info(
          `Applied ${describeObject(item)}: ${
            result.created ? 'created' : 'configured'
          }, resourceVersion ${metadata.resourceVersion}`,
        );
        applied.push({
          kind: item.kind,
          namespace: item.namespace,
          name: item.name,
          ...(metadata.uid ? { uid: metadata.uid } : {}),
          ...(metadata.resourceVersion
            ? { resourceVersion: metadata.resourceVersion }
            : {}),
          created: result.created,
        });
      }
      ctx.output('objects', applied);
    },
  });
}

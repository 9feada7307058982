import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { LineageService } from './LineageService';
import { MAX_LINEAGE_DEPTH } from './router';

const edgeEnd = (z: any) =>
  z.object({
    id: z.string(),
    entityRef: z.string().optional(),
    column: z.string().optional(),
  });

/**
 * Lineage and impact as read-only actions, so AI agents (through the MCP
 * actions backend) can ask where data comes from and what a change breaks,
 * with the calling user's permissions.
 */
export function registerLineageActions(
  actions: ActionsRegistryService,
  lineage: LineageService,
) {
  actions.register({
    name: 'get-lineage',
    title: 'Get lineage',
    description:
      'Where a dataset, feature view, model or deployment comes from and what uses it: the lineage graph around a catalog entity, or the column-level lineage of one of its columns. Edges point downstream (source is upstream of target); column edges say whether the value flows (DIRECT) or only decides rows (INDIRECT).',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref, e.g. resource:default/lakehouse.gold.fct_orders',
            ),
          direction: z
            .enum(['upstream', 'downstream', 'both'])
            .default('both')
            .describe('Which way to walk from the entity'),
          depth: z
            .number()
            .int()
            .min(1)
            .max(MAX_LINEAGE_DEPTH)
            .default(3)
            .describe('How many edges to walk'),
          column: z
            .string()
            .optional()
            .describe('Trace only this column of the entity'),
        }),
      output: z =>
        z.object({
          nodes: z.array(
            z.object({
              id: z.string(),
              entityRef: z.string().optional(),
              kind: z.string().optional(),
              type: z.string().optional(),
              title: z.string(),
              owner: z.string().optional(),
              columns: z.array(z.string()).optional(),
              layer: z.string().optional(),
              distance: z.number().optional(),
            }),
          ),
          edges: z.array(
            z.object({
              source: edgeEnd(z),
              target: edgeEnd(z),
              transformation: z.enum(['DIRECT', 'INDIRECT']).optional(),
              subtype: z.string().optional(),
              producer: z.string().optional(),
              cycle: z.boolean().optional(),
            }),
          ),
          truncated: z.boolean().optional(),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await lineage.lineage(
        {
          entityRef: input.entityRef,
          direction: input.direction ?? 'both',
          depth: input.depth ?? 3,
          column: input.column,
        },
        credentials,
      ),
    }),
  });

  actions.register({
    name: 'get-impact',
    title: 'Get impact',
    description:
      'What a change to a dataset (or to one of its columns) affects: every entity downstream at any distance, with the affected columns and the owner to tell.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref, e.g. resource:default/lakehouse.silver.dim_customers',
            ),
          column: z
            .string()
            .optional()
            .describe('Only what this column flows into'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              id: z.string(),
              entityRef: z.string().optional(),
              kind: z.string().optional(),
              type: z.string().optional(),
              title: z.string().optional(),
              owner: z.string().optional(),
              columns: z.array(z.string()).optional(),
              distance: z.number(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await lineage.impact(input, credentials),
    }),
  });
}

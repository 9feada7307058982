import { z } from 'zod/v4';

/**
 * The params schema of a permission rule in the form the permission
 * framework asks for: a Standard Schema that also converts itself to JSON
 * Schema (Standard JSON Schema), so policies and tools can read the rule's
 * params. The structure is spelled out here so that no second copy of the
 * spec's types is needed.
 */
export interface RuleParamsSchema<T> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly types?: { readonly input: T; readonly output: T };
    readonly validate: (value: unknown) =>
      | { readonly value: T; readonly issues?: undefined }
      | {
          readonly issues: ReadonlyArray<{
            readonly message: string;
            readonly path?: ReadonlyArray<PropertyKey>;
          }>;
        };
    readonly jsonSchema: {
      readonly input: (options: {
        readonly target: string;
      }) => Record<string, unknown>;
      readonly output: (options: {
        readonly target: string;
      }) => Record<string, unknown>;
    };
  };
}

const TARGETS: Record<string, 'draft-7' | 'draft-2020-12'> = {
  'draft-07': 'draft-7',
  'draft-2020-12': 'draft-2020-12',
};

/**
 * A zod (v4 API) schema as a rule's params schema. zod 3.25 validates as a
 * Standard Schema but does not offer the JSON Schema half itself, which
 * `z.toJSONSchema` provides.
 */
export function ruleParams<S extends z.ZodType>(
  schema: S,
): RuleParamsSchema<z.output<S>> {
  const toJsonSchema =
    (io: 'input' | 'output') =>
    (options: { readonly target: string }): Record<string, unknown> => {
      const target = TARGETS[options.target];
      if (!target) {
        throw new Error(
          `JSON Schema ${options.target} is not supported; ask for draft-07 or draft-2020-12`,
        );
      }
      return z.toJSONSchema(schema, { io, target }) as Record<string, unknown>;
    };
  return {
    '~standard': {
      version: 1,
      vendor: 'zod',
      validate: value => {
        const result = schema.safeParse(value);
        return result.success
          ? { value: result.data }
          : {
              issues: result.error.issues.map(issue => ({
                message: `${issue.path.join('.') || 'params'}: ${
                  issue.message
                }`,
                path: issue.path,
              })),
            };
      },
      jsonSchema: {
        input: toJsonSchema('input'),
        output: toJsonSchema('output'),
      },
    },
  };
}

import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { InputError } from '@backstage/errors';
import openLineageSchema from './schema/OpenLineage.json';
import columnLineageFacetSchema from './schema/ColumnLineageDatasetFacet.json';
import schemaFacetSchema from './schema/SchemaDatasetFacet.json';
import { OpenLineageDataset, OpenLineageRunEvent } from './types';

const RUN_EVENT = `${openLineageSchema.$id}#/$defs/RunEvent`;
/** How many problems an answer lists before it says how many more there are. */
const MAX_LISTED = 10;

interface Validators {
  runEvent: ValidateFunction<OpenLineageRunEvent>;
  /** Each validates a dataset's `facets` object for the facets its schema names. */
  datasetFacets: ValidateFunction[];
}

let compiled: Validators | undefined;

/** Compiles the spec's schemas once, on first use. */
function validators(): Validators {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true });
    // The spec annotates properties with `example`, which JSON Schema does not define.
    ajv.addKeyword('example');
    addFormats(ajv);
    ajv.addSchema([
      openLineageSchema,
      columnLineageFacetSchema,
      schemaFacetSchema,
    ]);
    compiled = {
      runEvent: ajv.getSchema<OpenLineageRunEvent>(RUN_EVENT)!,
      datasetFacets: [
        ajv.getSchema(columnLineageFacetSchema.$id)!,
        ajv.getSchema(schemaFacetSchema.$id)!,
      ],
    };
  }
  return compiled;
}

/** `/run/runId must match format "uuid"`, or the bare message for the event itself. */
function describe(error: ErrorObject, prefix = ''): string {
  const path = `${prefix}${error.instancePath}`;
  let message = error.message ?? `fails ${error.keyword}`;
  if (error.keyword === 'enum') {
    message += `: ${(error.params.allowedValues as unknown[]).join(', ')}`;
  }
  return path ? `${path} ${message}` : message;
}

/**
 * The problems worth telling the producer: the specific ones, without the
 * "must match a schema in anyOf" that only repeat them one level up, and
 * each once (the spec's `allOf`s check some rules twice).
 */
function problems(errors: ErrorObject[], prefix = ''): string[] {
  const combinators = new Set(['anyOf', 'allOf', 'oneOf']);
  const specific = errors.filter(e => !combinators.has(e.keyword));
  return [
    ...new Set(
      (specific.length ? specific : errors).map(e => describe(e, prefix)),
    ),
  ];
}

function datasetProblems(
  datasets: OpenLineageDataset[] | undefined,
  where: 'inputs' | 'outputs',
): string[] {
  const found: string[] = [];
  (datasets ?? []).forEach((dataset, i) => {
    if (!dataset.facets) return;
    for (const validate of validators().datasetFacets) {
      if (!validate(dataset.facets)) {
        found.push(...problems(validate.errors ?? [], `/${where}/${i}/facets`));
      }
    }
  });
  return found;
}

/**
 * Checks that a posted body is an OpenLineage RunEvent as spec 2-0-2 defines
 * it (`#/$defs/RunEvent`), and that its datasets' `columnLineage` and
 * `schema` facets follow their facet schemas, since the lineage graph reads
 * them.
 *
 * @returns the event, typed
 * @throws InputError naming each problem by its JSON pointer and rule
 */
export function validateRunEvent(body: unknown): OpenLineageRunEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    let what: string = typeof body;
    if (body === null) what = 'null';
    if (Array.isArray(body)) what = 'an array';
    throw new InputError(
      `Invalid OpenLineage RunEvent: the body must be a JSON object, not ${what}`,
    );
  }
  const { runEvent } = validators();
  let found: string[];
  if (runEvent(body)) {
    found = [
      ...datasetProblems(body.inputs, 'inputs'),
      ...datasetProblems(body.outputs, 'outputs'),
    ];
    // RFC 3339 allows times (a leap second) that Date cannot hold.
    if (Number.isNaN(Date.parse(body.eventTime))) {
      found.push(`/eventTime is not a time this server can store`);
    }
  } else {
    found = problems(runEvent.errors ?? []);
  }
  if (found.length) {
    const more =
      found.length > MAX_LISTED
        ? ` (and ${found.length - MAX_LISTED} more)`
        : '';
    throw new InputError(
      `Invalid OpenLineage RunEvent: ${found
        .slice(0, MAX_LISTED)
        .join('; ')}${more}`,
    );
  }
  return body as OpenLineageRunEvent;
}

import { TableNamingOptions, toTableIdentifier } from './tableIdentifier';
import { OpenLineageColumnEdge, OpenLineageFacet } from './types';

type ColumnInput = OpenLineageColumnEdge['inputs'][number];
type Transformation = Pick<
  ColumnInput,
  'transformation' | 'subtype' | 'masking'
>;

/** An input field of the `columnLineage` facet (ColumnLineageDatasetFacet 1-2-0). */
interface InputField {
  namespace: string;
  name: string;
  field: string;
  transformations?: {
    type: string;
    subtype?: string;
    description?: string;
    masking?: boolean;
  }[];
}

interface ColumnLineageFacet {
  fields: Record<
    string,
    {
      inputFields: InputField[];
      /** Before facet 1-1-0: IDENTITY or MASKED, for every input field at once. */
      transformationType?: string;
    }
  >;
  /** Fields that affect every output column: filters, sorts, joins. */
  dataset?: InputField[];
}

const DIRECT_SUBTYPES = new Set(['IDENTITY', 'TRANSFORMATION', 'AGGREGATION']);
const INDIRECT_SUBTYPES = new Set([
  'JOIN',
  'GROUP_BY',
  'FILTER',
  'SORT',
  'WINDOW',
  'CONDITIONAL',
]);

function kindOf(type: string | undefined): Transformation['transformation'] {
  const upper = type?.toUpperCase();
  return upper === 'DIRECT' || upper === 'INDIRECT' ? upper : undefined;
}

/**
 * The transformation an older producer meant with the field-level
 * `transformationType`: IDENTITY copies the value, MASKED transforms it so
 * that the original cannot be read back (a hash), both DIRECT. Producers
 * that wrote a newer subtype or type there get it read as such.
 */
function fromTransformationType(value: string | undefined): Transformation {
  if (!value) return {};
  const upper = value.toUpperCase();
  if (upper === 'MASKED') {
    return {
      transformation: 'DIRECT',
      subtype: 'TRANSFORMATION',
      masking: true,
    };
  }
  if (DIRECT_SUBTYPES.has(upper))
    return { transformation: 'DIRECT', subtype: upper };
  if (INDIRECT_SUBTYPES.has(upper))
    return { transformation: 'INDIRECT', subtype: upper };
  if (kindOf(upper)) return { transformation: kindOf(upper) };
  return { subtype: value };
}

function inputsOf(
  input: InputField,
  fallback: Transformation,
  naming: TableNamingOptions,
): ColumnInput[] {
  const table = toTableIdentifier(input.namespace, input.name, naming);
  const base = {
    namespace: input.namespace,
    name: input.name,
    ...(table ? { table } : {}),
    field: input.field,
  };
  const transformations = input.transformations?.length
    ? input.transformations.map(t => ({
        transformation: kindOf(t.type),
        subtype: t.subtype,
        masking: t.masking || undefined,
      }))
    : [fallback];
  return transformations.map(t => {
    const entry: ColumnInput = { ...base };
    if (t.transformation) entry.transformation = t.transformation;
    if (t.subtype) entry.subtype = t.subtype;
    if (t.masking) entry.masking = true;
    return entry;
  });
}

const keyOf = (input: ColumnInput) =>
  [
    input.namespace,
    input.name,
    input.field,
    input.transformation,
    input.subtype,
  ].join('\u0000');

/**
 * The column edges of an output dataset from its `columnLineage` facet
 * (already validated against the facet's schema). Fields the facet lists
 * under `dataset` affect every output column, so each output column gets
 * them too, including columns (`otherColumns`, from the `schema` facet)
 * the facet names no fields for.
 */
export function columnLineageEdges(
  facet: OpenLineageFacet,
  naming: TableNamingOptions = {},
  otherColumns: string[] = [],
): OpenLineageColumnEdge[] {
  const { fields, dataset = [] } = facet as unknown as ColumnLineageFacet;
  // Whole-dataset dependencies decide rows, not values, unless they say otherwise.
  const datasetWide = dataset.flatMap(input =>
    inputsOf(input, { transformation: 'INDIRECT' }, naming),
  );
  const outputs = [...new Set([...Object.keys(fields), ...otherColumns])];
  const edges: OpenLineageColumnEdge[] = [];
  for (const output of outputs) {
    const lineage = fields[output];
    const fallback = fromTransformationType(lineage?.transformationType);
    const inputs = new Map<string, ColumnInput>();
    for (const input of [
      ...(lineage?.inputFields ?? []).flatMap(i =>
        inputsOf(i, fallback, naming),
      ),
      ...datasetWide,
    ]) {
      if (!inputs.has(keyOf(input))) inputs.set(keyOf(input), input);
    }
    if (inputs.size) edges.push({ output, inputs: [...inputs.values()] });
  }
  return edges;
}

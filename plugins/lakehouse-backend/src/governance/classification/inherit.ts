import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ColumnClassification,
  DatasetClassifications,
  Declassification,
} from '@internal/plugin-lakehouse-common';
import { IndexedEdge, LineageIndex } from '../../lineage/graph/LineageIndex';
import { refKey } from '../entityFacts';
import { declaredClassifications } from './declared';

/** A column of a lineage node: a dataset's column or a feature view's feature. */
interface ColumnRef {
  node: string;
  column: string;
}

const columnKey = (node: string, column: string) => `${node}\u0000${column}`;
const declassifiedKey = (entityRef: string, column: string) =>
  `${refKey(entityRef)}\u0000${column}`;

/**
 * Whether a column edge carries a classification: DIRECT ones do (the value
 * flows into the column), INDIRECT ones do not (the value only decides which
 * rows or how they group). An edge whose producer did not say which is
 * treated as DIRECT, so that unknown lineage never unprotects data.
 */
const carries = (edge: IndexedEdge) => edge.transformation !== 'INDIRECT';

function compare(a: string, b: string) {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

const byRefAndColumn = (
  a: { entityRef: string; column: string },
  b: { entityRef: string; column: string },
) => compare(a.entityRef, b.entityRef) || compare(a.column, b.column);

/** What {@link computeClassifications} derives the classifications from. */
export interface ClassificationInput {
  /** The lineage of the whole lakehouse, with its column edges. */
  index: LineageIndex;
  /** The entities the index was built from, for what they declare. */
  entities: Entity[];
  /** Columns where owners stopped inherited classifications. */
  declassifications: Declassification[];
  /** The tags that count as classifications, lower case. */
  classifications: readonly string[];
}

/**
 * The effective classifications of every entity of the lakehouse, in one
 * pass: what each declares, and what each column inherits by following
 * column lineage that carries classifications downstream from every
 * declared column, stopping at declassified columns. A classification of a
 * dataset as a whole protects that dataset only: it does not say which
 * columns hold the data, so it does not flow.
 *
 * Keyed by {@link refKey} of the entity ref (the lineage node id).
 */
export function computeClassifications(
  input: ClassificationInput,
): Map<string, DatasetClassifications> {
  const { index } = input;
  const configured = new Set(input.classifications);
  const results = new Map<string, DatasetClassifications>();
  const entry = (entityRef: string) => {
    const key = refKey(entityRef);
    let found = results.get(key);
    if (!found) {
      found = { entityRef, classifications: [], declassified: [], flowsTo: [] };
      results.set(key, found);
    }
    return found;
  };

  const declaredByNode = new Map<string, ColumnClassification[]>();
  for (const entity of input.entities) {
    const declared = declaredClassifications(entity, configured);
    if (declared.length === 0) continue;
    const ref = stringifyEntityRef(entity);
    declaredByNode.set(ref, declared);
    entry(ref).classifications.push(...declared);
  }
  const declassified = new Set(
    input.declassifications.map(d => declassifiedKey(d.entityRef, d.column)),
  );

  // Per classification, every column that carries it: declared or reached.
  const carriersOf = new Map<string, Map<string, ColumnRef>>();
  for (const classification of configured) {
    const carriers = new Map<string, ColumnRef>();
    const queue: ColumnRef[] = [];
    for (const [node, declared] of declaredByNode) {
      for (const d of declared) {
        if (d.column === undefined || d.classification !== classification)
          continue;
        const carrier = { node, column: d.column };
        carriers.set(columnKey(node, d.column), carrier);
        queue.push(carrier);
      }
    }
    const declaredKeys = new Set(carriers.keys());
    // Breadth first; the visited map keeps cycles from looping.
    for (let i = 0; i < queue.length; i++) {
      const { node, column } = queue[i];
      for (const edge of index.columnEdgesFrom(node, column)) {
        if (!carries(edge)) continue;
        const target = { node: edge.target, column: edge.targetColumn! };
        const key = columnKey(target.node, target.column);
        if (carriers.has(key)) continue;
        if (declassified.has(declassifiedKey(target.node, target.column)))
          continue;
        carriers.set(key, target);
        queue.push(target);
      }
    }
    carriersOf.set(classification, carriers);

    const inheritedByNode = new Map<string, ColumnClassification[]>();
    for (const [key, { node, column }] of carriers) {
      if (declaredKeys.has(key)) continue;
      const from = new Map<string, { entityRef: string; column: string }>();
      for (const edge of index.columnEdgesInto(node, column)) {
        if (!carries(edge)) continue;
        const sourceKey = columnKey(edge.source, edge.sourceColumn!);
        if (carriers.has(sourceKey) && !from.has(sourceKey)) {
          from.set(sourceKey, {
            entityRef: edge.source,
            column: edge.sourceColumn!,
          });
        }
      }
      const list = inheritedByNode.get(node) ?? [];
      list.push({
        column,
        classification,
        origin: 'inherited',
        from: [...from.values()].sort(byRefAndColumn),
      });
      inheritedByNode.set(node, list);
    }
    for (const [node, inherited] of inheritedByNode) {
      const order = index.getNode(node)?.columns ?? [];
      const position = (c: ColumnClassification) => {
        const at = order.indexOf(c.column!);
        return at === -1 ? order.length : at;
      };
      inherited.sort(
        (a, b) => position(a) - position(b) || compare(a.column!, b.column!),
      );
      entry(node).classifications.push(...inherited);
    }
  }

  for (const declassification of input.declassifications) {
    entry(declassification.entityRef).declassified.push(declassification);
  }
  for (const result of results.values()) {
    result.declassified.sort((a, b) => compare(a.column, b.column));
    result.flowsTo = flowsFrom(result.entityRef, index, carriersOf);
  }
  return results;
}

/**
 * Where the classified columns of `node` flow: every column of another
 * node reached from them through edges that carry their classification.
 */
function flowsFrom(
  node: string,
  index: LineageIndex,
  carriersOf: Map<string, Map<string, ColumnRef>>,
): Array<{ entityRef: string; column: string }> {
  const reached = new Map<string, { entityRef: string; column: string }>();
  for (const carriers of carriersOf.values()) {
    const queue = [...carriers.values()].filter(c => c.node === node);
    const seen = new Set(queue.map(c => columnKey(c.node, c.column)));
    for (let i = 0; i < queue.length; i++) {
      const { node: from, column } = queue[i];
      for (const edge of index.columnEdgesFrom(from, column)) {
        if (!carries(edge)) continue;
        const key = columnKey(edge.target, edge.targetColumn!);
        const target = carriers.get(key);
        if (!target || seen.has(key)) continue;
        seen.add(key);
        queue.push(target);
        if (target.node !== node) {
          reached.set(key, { entityRef: target.node, column: target.column });
        }
      }
    }
  }
  return [...reached.values()].sort(byRefAndColumn);
}

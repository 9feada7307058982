import { Entity } from '@backstage/catalog-model';
import {
  ColumnClassification,
  LakehouseAnnotation,
} from '@internal/plugin-lakehouse-common';
import { columnsOf } from '../entityFacts';

const lower = (value: string) => value.trim().toLocaleLowerCase('en-US');

/** Comma-separated values, lower case, the empty ones left out. */
const listOf = (value: unknown): string[] =>
  typeof value === 'string' ? value.split(',').map(lower).filter(Boolean) : [];

/**
 * The classifications of one column as its source declares them: dataset
 * columns carry tags (the dbt provider turns `meta.classification` and
 * `meta.pii` into tags), Feast features carry key-value tags, where a
 * `classification` tag names them or a tag named after one is `true`.
 */
function columnTags(column: unknown): string[] {
  const tags = (column as { tags?: unknown })?.tags;
  if (Array.isArray(tags)) {
    return tags.filter((t): t is string => typeof t === 'string').map(lower);
  }
  if (tags && typeof tags === 'object') {
    const record = tags as Record<string, unknown>;
    return [
      ...listOf(record.classification),
      ...Object.entries(record)
        .filter(([, value]) => lower(String(value)) === 'true')
        .map(([key]) => lower(key)),
    ];
  }
  return [];
}

/**
 * What an entity declares itself: the `lakehouse.dev/classification`
 * annotation (the whole dataset) and each column's tags, counting only the
 * configured classifications. Whole-dataset entries come first, then
 * columns in their order.
 */
export function declaredClassifications(
  entity: Entity,
  classifications: ReadonlySet<string>,
): ColumnClassification[] {
  const declared: ColumnClassification[] = [];
  const annotation =
    entity.metadata.annotations?.[LakehouseAnnotation.classification];
  for (const classification of new Set(listOf(annotation))) {
    if (classifications.has(classification)) {
      declared.push({ classification, origin: 'declared' });
    }
  }
  for (const column of columnsOf(entity)) {
    const name = (column as { name?: unknown })?.name;
    if (typeof name !== 'string') continue;
    for (const classification of new Set(columnTags(column))) {
      if (classifications.has(classification)) {
        declared.push({ column: name, classification, origin: 'declared' });
      }
    }
  }
  return declared;
}

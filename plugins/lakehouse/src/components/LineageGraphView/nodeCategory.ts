import { LineageNode } from '@internal/plugin-lakehouse-common';

/**
 * What a node is, for its colour and the legend: datasets by medallion
 * layer, the ML entities by type, and what only OpenLineage knows.
 */
export type NodeCategory =
  | 'raw'
  | 'bronze'
  | 'silver'
  | 'gold'
  | 'dataset'
  | 'feature-view'
  | 'feature-service'
  | 'ai-model'
  | 'model-server'
  | 'pipeline'
  | 'openlineage-dataset'
  | 'openlineage-job'
  | 'other';

interface CategoryStyle {
  label: string;
  color: string;
}

/**
 * Colours readable on light and dark themes; the layers go from earth to
 * metal as the data gets refined.
 */
export const CATEGORY_STYLES: Record<NodeCategory, CategoryStyle> = {
  raw: { label: 'Raw dataset', color: '#8d6e63' },
  bronze: { label: 'Bronze dataset', color: '#c77c36' },
  silver: { label: 'Silver dataset', color: '#90a4ae' },
  gold: { label: 'Gold dataset', color: '#e0a800' },
  dataset: { label: 'Dataset', color: '#5c7cfa' },
  'feature-view': { label: 'Feature view', color: '#20a39e' },
  'feature-service': { label: 'Feature service', color: '#2e7d32' },
  'ai-model': { label: 'Model', color: '#8e44ad' },
  'model-server': { label: 'Deployment', color: '#d6336c' },
  pipeline: { label: 'Pipeline', color: '#546e7a' },
  'openlineage-dataset': { label: 'Dataset (OpenLineage)', color: '#9e9e9e' },
  'openlineage-job': { label: 'Job (OpenLineage)', color: '#616161' },
  other: { label: 'Other', color: '#78909c' },
};

/** The order of the legend: along the flow from raw data to deployments. */
export const CATEGORY_ORDER = Object.keys(CATEGORY_STYLES) as NodeCategory[];

const LAYERS = new Set<string>(['raw', 'bronze', 'silver', 'gold']);

/** The category of a node, from its type, its layer and whether the catalog knows it. */
export function nodeCategory(node: LineageNode): NodeCategory {
  const type = node.type?.toLocaleLowerCase('en-US');
  const kind = node.kind?.toLocaleLowerCase('en-US');
  if (!node.entityRef) {
    if (kind === 'job' || type === 'job') return 'openlineage-job';
    return 'openlineage-dataset';
  }
  switch (type) {
    case 'dataset':
      return node.layer && LAYERS.has(node.layer)
        ? (node.layer as NodeCategory)
        : 'dataset';
    case 'feature-view':
    case 'feature-service':
    case 'ai-model':
    case 'model-server':
      return type;
    case 'data-pipeline':
    case 'ml-pipeline':
      return 'pipeline';
    default:
      return 'other';
  }
}

const TYPE_LABELS: Record<string, string> = {
  dataset: 'Dataset',
  'feature-view': 'Feature view',
  'feature-service': 'Feature service',
  'ai-model': 'Model',
  'model-server': 'Deployment',
  'data-pipeline': 'Data pipeline',
  'ml-pipeline': 'ML pipeline',
};

/** What a node is, in words: `Dataset · gold`, `Model`, `Job (OpenLineage)`. */
export function nodeTypeLabel(node: {
  entityRef?: string;
  kind?: string;
  type?: string;
  layer?: string;
}): string {
  if (!node.entityRef) {
    const kind = node.kind ?? node.type;
    return kind?.toLocaleLowerCase('en-US') === 'job'
      ? 'Job (OpenLineage)'
      : 'Dataset (OpenLineage)';
  }
  const label =
    (node.type && TYPE_LABELS[node.type]) ?? node.type ?? node.kind ?? 'Entity';
  return node.layer ? `${label} · ${node.layer}` : label;
}

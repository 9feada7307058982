import { Entity } from '@backstage/catalog-model';
import {
  isAiModel,
  isDataset,
  isLakehouseEntity,
  isModelServer,
} from './predicates';

const entity = (kind: string, type: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: { type },
});

describe('lakehouse predicates', () => {
  it('recognise each type only in its stock kind', () => {
    expect(isDataset(entity('Resource', 'dataset'))).toBe(true);
    expect(isDataset(entity('Component', 'dataset'))).toBe(false);
    expect(isAiModel(entity('Resource', 'ai-model'))).toBe(true);
    expect(isModelServer(entity('Component', 'model-server'))).toBe(true);
    expect(isModelServer(entity('Resource', 'model-server'))).toBe(false);
  });

  it('match kinds case-insensitively as the catalog does', () => {
    expect(isDataset(entity('resource', 'dataset'))).toBe(true);
  });

  it('tell lakehouse entities from the rest', () => {
    expect(isLakehouseEntity(entity('Component', 'ml-pipeline'))).toBe(true);
    expect(isLakehouseEntity(entity('Component', 'service'))).toBe(false);
  });
});

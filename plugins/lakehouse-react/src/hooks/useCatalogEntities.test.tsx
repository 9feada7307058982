import { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { useCatalogEntities } from './useCatalogEntities';

const featureService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'commerce.churn_model_features', namespace: 'default' },
  spec: { type: 'feature-service', owner: 'ml-engineering' },
};

const SERVICE_REF = 'resource:default/commerce.churn_model_features';
const MISSING_REF = 'resource:default/retired_features';

function renderUseCatalogEntities(
  catalogApi: ReturnType<typeof catalogApiMock>,
  refs: string[],
) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(() => useCatalogEntities(refs, ['kind', 'spec.type']), {
    wrapper,
  });
}

describe('useCatalogEntities', () => {
  it('gives each ref its entity, and nothing for a ref the catalog lacks', async () => {
    const catalogApi = catalogApiMock({ entities: [featureService] });
    const getEntitiesByRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');

    const { result } = renderUseCatalogEntities(catalogApi, [
      SERVICE_REF,
      MISSING_REF,
    ]);

    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error).toBeUndefined();
    expect(result.current.entities.get(SERVICE_REF)?.spec?.type).toBe(
      'feature-service',
    );
    expect(result.current.entities.has(MISSING_REF)).toBe(true);
    expect(result.current.entities.get(MISSING_REF)).toBeUndefined();
    expect(getEntitiesByRefs).toHaveBeenCalledWith({
      entityRefs: [SERVICE_REF, MISSING_REF],
      fields: ['kind', 'spec.type'],
    });
  });

  it('neither asks the catalog nor shows progress for no refs', () => {
    const catalogApi = catalogApiMock.mock();

    const { result } = renderUseCatalogEntities(catalogApi, []);

    expect(result.current.loading).toBe(false);
    expect(result.current.entities.size).toBe(0);
    expect(catalogApi.getEntitiesByRefs).not.toHaveBeenCalled();
  });

  it('passes on why the catalog could not be read', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('catalog down')),
    });

    const { result } = renderUseCatalogEntities(catalogApi, [SERVICE_REF]);

    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error?.message).toBe('catalog down');
    expect(result.current.entities.size).toBe(0);
  });
});

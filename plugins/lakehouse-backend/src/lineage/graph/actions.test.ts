import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { registerLineageActions } from './actions';
import { LineageService } from './LineageService';

const dataset = (name: string, dependsOn: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'lakehouse.dev/table': name },
  },
  spec: {
    type: 'dataset',
    owner: 'group:default/data-platform',
    columns: [{ name: 'id' }],
  },
  relations: dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
});

describe('lineage actions', () => {
  const silver = dataset('lakehouse.silver.orders');
  const gold = dataset('lakehouse.gold.fct_orders', [
    'resource:default/lakehouse.silver.orders',
  ]);

  function setUp(visibleToUser: string[]) {
    const registry = actionsRegistryServiceMock({
      logger: mockServices.logger.mock(),
    });
    const service = LineageService.create({
      sources: {
        readEntities: async () => [silver, gold],
        sqlLineage: () => [],
        jobs: async () => [],
        visibleTo: async refs =>
          new Set(refs.filter(r => visibleToUser.includes(r))),
      },
      logger: mockServices.logger.mock(),
      maxAgeMs: 60_000,
    });
    registerLineageActions(registry, service);
    return registry;
  }

  it('offers lineage and impact to agents as read-only actions', async () => {
    const registry = setUp([]);
    const { actions } = await registry.list();
    expect(actions.map(a => [a.name, a.attributes.readOnly])).toEqual([
      ['get-lineage', true],
      ['get-impact', true],
    ]);
  });

  it('answers with what the calling user may see', async () => {
    const everything = setUp([
      'resource:default/lakehouse.silver.orders',
      'resource:default/lakehouse.gold.fct_orders',
    ]);
    const credentials = mockCredentials.user('user:default/ada');
    const { output } = await everything.invoke({
      id: 'test:get-impact',
      input: { entityRef: 'resource:default/lakehouse.silver.orders' },
      credentials,
    });
    expect(output).toEqual({
      items: [
        expect.objectContaining({
          entityRef: 'resource:default/lakehouse.gold.fct_orders',
          distance: 1,
        }),
      ],
    });
    const onlySilver = setUp(['resource:default/lakehouse.silver.orders']);
    const hidden = await onlySilver.invoke({
      id: 'test:get-lineage',
      input: {
        entityRef: 'resource:default/lakehouse.silver.orders',
        direction: 'downstream',
      },
      credentials,
    });
    expect((hidden.output as any).nodes.map((n: any) => n.id)).toEqual([
      'resource:default/lakehouse.silver.orders',
    ]);
  });
});

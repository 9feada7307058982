import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { EntityLinkGroups, EntityLinkGroupsProps } from './EntityLinkGroups';

const groups = [
  {
    title: 'Feature services',
    refs: ['resource:default/commerce.churn_model_features'],
  },
  {
    title: 'Models',
    refs: ['resource:default/customer-churn', 'resource:default/upsell'],
  },
];

function renderGroups(props: EntityLinkGroupsProps) {
  return renderInTestApp(<EntityLinkGroups {...props} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

function links(listName: string) {
  return within(screen.getByRole('list', { name: listName }))
    .getAllByRole('link')
    .map(a => a.getAttribute('href'));
}

describe('EntityLinkGroups', () => {
  it('lists the links of each group under its heading, in order', async () => {
    await renderGroups({ groups });

    expect(screen.getAllByRole('heading').map(h => h.textContent)).toEqual([
      'Feature services',
      'Models',
    ]);
    expect(links('Feature services')).toEqual([
      '/catalog/default/resource/commerce.churn_model_features',
    ]);
    expect(links('Models')).toEqual([
      '/catalog/default/resource/customer-churn',
      '/catalog/default/resource/upsell',
    ]);
  });

  it('counts the entities of each group in its heading when asked', async () => {
    await renderGroups({ groups, showCounts: true });

    expect(
      screen.getByRole('heading', { name: 'Feature services (1)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Models (2)' }),
    ).toBeInTheDocument();
    // The list keeps the plain title as its name.
    expect(links('Models')).toHaveLength(2);
  });
});

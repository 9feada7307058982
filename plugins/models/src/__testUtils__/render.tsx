import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';

/** Renders a card of an entity page, with entity links resolvable. */
export function renderOnEntityPage(
  element: JSX.Element,
  entity: Entity,
  apis: readonly any[] = [],
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: apis as any,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The value next to a label of a card's facts. */
export function fact(label: string) {
  const row = screen.getByRole('row', { name: new RegExp(`^${label}\\b`) });
  return within(row).getAllByRole('cell')[1];
}

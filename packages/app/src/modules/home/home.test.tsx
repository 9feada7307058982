import { Route, Routes } from 'react-router-dom';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { catalogRedirectPage } from './index';

describe('start page', () => {
  it('sends users from / to the catalog at /catalog', async () => {
    const tester = createExtensionTester(catalogRedirectPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/');

    await renderInTestApp(
      <Routes>
        <Route path="/" element={tester.get(coreExtensionData.reactElement)} />
        <Route path="/catalog" element={<p>The catalog</p>} />
      </Routes>,
      { initialRouteEntries: ['/'] },
    );
    expect(await screen.findByText('The catalog')).toBeInTheDocument();
  });
});

import {
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { DocsStatusNotice } from './DocsStatusNotice';
import { docsPageWithStatus, searchPageWithStatus } from './index';

const withoutMkdocs = {
  builder: 'local',
  generator: 'local',
  mkdocs: {
    available: false,
    problem: 'mkdocs is not on the PATH of the backend',
  },
  built: [],
  failed: [],
  message:
    'Docs sites are built with mkdocs, and mkdocs is not on the PATH of the backend. Until an administrator installs mkdocs and its Material theme (on Debian or Ubuntu: apt-get install -y mkdocs mkdocs-material; elsewhere: pip install mkdocs mkdocs-material) and restarts the portal, docs that were never built cannot be opened and search does not find their text.',
};

function backendAnswering(status: object | undefined) {
  const requests: string[] = [];
  const fetchApi = mockApis.fetch({
    baseImplementation: (async (input: RequestInfo | URL) => {
      requests.push(String(input));
      return status
        ? new Response(JSON.stringify(status), {
            headers: { 'Content-Type': 'application/json' },
          })
        : new Response('{"error":{"message":"boom"}}', { status: 500 });
    }) as typeof fetch,
  });
  const apis = [
    [fetchApiRef, fetchApi],
    [
      discoveryApiRef,
      { getBaseUrl: async (id: string) => `http://backstage.test/api/${id}` },
    ],
  ] as const;
  return { apis, requests };
}

describe('DocsStatusNotice', () => {
  it('explains that docs cannot be built and how mkdocs is installed', async () => {
    const { apis, requests } = backendAnswering(withoutMkdocs);
    await renderInTestApp(<DocsStatusNotice />, { apis });

    expect(
      await screen.findByText('Info: Docs cannot be built on this server'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/apt-get install -y mkdocs mkdocs-material/),
    ).toBeInTheDocument();
    expect(requests).toEqual([
      'http://backstage.test/api/techdocs/docs-status',
    ]);
  });

  it('names the sites that failed to build', async () => {
    const { apis } = backendAnswering({
      ...withoutMkdocs,
      mkdocs: { available: true, version: '1.4.2' },
      failed: [{ entityRef: 'component:default/x', error: 'broken nav' }],
      message:
        'The docs of component:default/x could not be built; the backend log says why. Search does not find their pages.',
    });
    await renderInTestApp(<DocsStatusNotice />, { apis });

    expect(
      await screen.findByText('Warning: Some docs could not be built'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The docs of component:default\/x could not be built/),
    ).toBeInTheDocument();
  });

  it.each([
    ['docs are built', { built: ['component:default/x'], failed: [] }],
    ['the status cannot be read', undefined],
  ])('shows nothing when %s', async (_, status) => {
    const { apis, requests } = backendAnswering(status);
    await renderInTestApp(
      <>
        <DocsStatusNotice />
        <p>page content</p>
      </>,
      { apis },
    );

    expect(await screen.findByText('page content')).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 50));
    expect(requests).toHaveLength(1);
    expect(screen.queryByText(/could not be built|cannot be built/)).toBeNull();
  });
});

describe('docs status modules', () => {
  it.each([
    ['Docs', docsPageWithStatus, '/docs'],
    ['Search', searchPageWithStatus, '/search'],
  ])(
    'keep the %s page where it is, with the notice above it',
    async (_, page, path) => {
      const tester = createExtensionTester(page as any);
      expect(tester.get(coreExtensionData.routePath)).toBe(path);

      const { apis } = backendAnswering(withoutMkdocs);
      await renderInTestApp(tester.get(coreExtensionData.reactElement), {
        apis,
      });
      expect(
        await screen.findByText('Info: Docs cannot be built on this server'),
      ).toBeInTheDocument();
    },
  );
});

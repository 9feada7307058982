import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import searchBackend from '@backstage/plugin-search-backend';
import searchTechdocsModule from '@backstage/plugin-search-backend-module-techdocs';
import techdocsBackend from '@backstage/plugin-techdocs-backend';
import request from 'supertest';
import { techdocsModuleLakehouse } from './module';

jest.setTimeout(90_000);

// The generator runs mkdocs with the environment of the test process itself
// (Jest's process.env is a copy), so the builds use the mkdocs installed on
// the machine; .ci/run installs it before the unit tests.
function requireMkdocs() {
  if (spawnSync('mkdocs', ['--version']).status !== 0) {
    throw new Error(
      'These tests build docs with mkdocs: apt-get install -y mkdocs mkdocs-material (or pip install mkdocs mkdocs-material)',
    );
  }
}

const repoRoot = path.resolve(__dirname, '../../..');

async function writeSite(dir: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
}

function docsComponent(name: string, siteDir: string): Entity {
  const location = `file:${path.join(siteDir, 'catalog-info.yaml')}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'backstage.io/techdocs-ref': 'dir:.',
      },
    },
    spec: { type: 'documentation', lifecycle: 'production', owner: 'guest' },
    relations: [],
  };
}

const MKDOCS_YML = `# The learning path's site; this comment must survive builds.
site_name: Learning path
docs_dir: docs
nav:
  - Home: index.md
  - Stateful applications: kubernetes/stateful.md
`;

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('techdocsModuleLakehouse', () => {
  let work: string;
  let originalPath: string | undefined;
  let backend: TestBackend | undefined;

  beforeEach(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-module-'));
    originalPath = process.env.PATH;
  });

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    process.env.PATH = originalPath;
    await fs.rm(work, { recursive: true, force: true });
  });

  async function start(entities: Entity[]) {
    backend = await startTestBackend({
      features: [
        techdocsBackend,
        techdocsModuleLakehouse,
        searchBackend,
        searchTechdocsModule,
        catalogServiceMock.factory({ entities }),
        // The real scheduler: it runs the tasks on their schedules and
        // serves the trigger endpoint the module asks search through.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            techdocs: {
              builder: 'local',
              generator: {
                runIn: 'local',
                mkdocs: {
                  omitTechdocsCorePlugin: true,
                  defaultPlugins: ['search'],
                },
              },
              publisher: {
                type: 'local',
                local: { publishDirectory: path.join(work, 'published') },
              },
            },
            search: {
              collators: {
                techdocs: {
                  // Once at start (before any site exists), then only when asked.
                  schedule: {
                    frequency: { hours: 12 },
                    timeout: { minutes: 5 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    return backend;
  }

  describe('with mkdocs installed', () => {
    beforeAll(requireMkdocs);

    it('builds every docs site at start from a copy, and search finds their text without any page opened', async () => {
      const learning = path.join(work, 'learning');
      await writeSite(learning, {
        'mkdocs.yml': MKDOCS_YML,
        'docs/index.md': '# Learning path\n\nStart here.\n',
        'docs/kubernetes/stateful.md':
          '# Stateful applications\n\nA StatefulSet keeps each replica its volume.\n',
      });
      const broken = path.join(work, 'broken');
      await writeSite(broken, {
        'mkdocs.yml': 'site_name: Broken\ntheme:\n  name: no-such-theme\n',
        'docs/index.md': '# Broken\n',
      });
      const { server } = await start([
        docsComponent('learning-path', learning),
        docsComponent('broken-docs', broken),
      ]);

      const found = await eventually(async () => {
        const res = await request(server).get(
          '/api/search/query?term=StatefulSet&types[0]=techdocs',
        );
        return res.status === 200 && res.body.results.length > 0
          ? res.body.results
          : undefined;
      });
      expect(found[0].document).toMatchObject({
        location: expect.stringMatching(
          /^\/docs\/default\/component\/learning-path\/kubernetes\/stateful\//,
        ),
        kind: 'component',
        name: 'learning-path',
      });

      // The published site is served as if it had been opened.
      const page = await request(server).get(
        '/api/techdocs/static/docs/default/component/learning-path/index.html',
      );
      expect(page.status).toBe(200);
      // The site's own files were not rewritten by the generator.
      expect(await fs.readFile(path.join(learning, 'mkdocs.yml'), 'utf8')).toBe(
        MKDOCS_YML,
      );
      expect(await fs.readdir(learning)).toEqual(['docs', 'mkdocs.yml']);

      const status = await request(server).get('/api/techdocs/docs-status');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        builder: 'local',
        generator: 'local',
        mkdocs: { available: true, version: expect.stringMatching(/^\d+\./) },
        built: ['component:default/learning-path'],
        failed: [
          {
            entityRef: 'component:default/broken-docs',
            error: expect.stringMatching(/Unrecognised theme name/),
          },
        ],
        message: expect.stringContaining('component:default/broken-docs'),
      });
    });
    it('finds every guide of the learning path by a rare word of its body, on a fresh start', async () => {
      const site = path.join(repoRoot, 'learning');
      const docsDir = path.join(site, 'docs');
      const pages = (await fs.readdir(docsDir, { recursive: true }))
        .filter(f => f.endsWith('.md'))
        .sort();
      const words = new Map<string, Set<string>>();
      const bodies = new Map<string, string>();
      for (const page of pages) {
        // The body: what a reader reads, without links, code and headings.
        const body = (await fs.readFile(path.join(docsDir, page), 'utf8'))
          .replace(/```[\s\S]*?```/g, ' ')
          .replace(/`[^`]*`/g, ' ')
          .replace(/\]\([^)]*\)/g, '] ')
          .replace(/^#.*$/gm, ' ');
        bodies.set(page, body);
        for (const word of new Set(body.toLowerCase().match(/[a-z]{7,}/g))) {
          words.set(word, (words.get(word) ?? new Set()).add(page));
        }
      }
      const { server } = await start([
        docsComponent('lakehouse-learning-path', site),
      ]);
      const missing: string[] = [];
      let first = true;
      for (const page of pages) {
        // The word of its body fewest other guides use.
        const word = [...words.entries()]
          .filter(([, where]) => where.has(page))
          .sort(
            ([a, x], [b, y]) =>
              x.size - y.size ||
              bodies.get(page)!.split(b).length -
                bodies.get(page)!.split(a).length,
          )[0]?.[0];
        expect({ page, word }).toEqual({ page, word: expect.any(String) });
        const location = `/docs/default/component/lakehouse-learning-path/${page
          .replace(/(^|\/)index\.md$/, '$1')
          .replace(/\.md$/, '/')}`;
        const probe = async () => {
          const res = await request(server).get(
            `/api/search/query?term=${word}&types[0]=techdocs`,
          );
          return res.status === 200 &&
            res.body.results.some((r: any) =>
              r.document.location.startsWith(location),
            )
            ? true
            : undefined;
        };
        // The first answer waits for the builds and the indexing.
        const found = first ? await eventually(probe, 120_000) : await probe();
        first = false;
        if (!found) missing.push(`${page} (searched "${word}")`);
      }
      expect(missing).toEqual([]);
      expect(pages.length).toBeGreaterThanOrEqual(27);
    });
  });

  it('explains how to install mkdocs when it is missing, and builds nothing', async () => {
    const learning = path.join(work, 'learning');
    await writeSite(learning, {
      'mkdocs.yml': MKDOCS_YML,
      'docs/index.md': '# Learning path\n',
    });
    // What the module sees of the PATH (Jest's copy of the environment).
    process.env.PATH = path.join(work, 'no-such-bin');
    const { server } = await start([docsComponent('learning-path', learning)]);

    const status = await request(server).get('/api/techdocs/docs-status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      mkdocs: {
        available: false,
        problem: 'mkdocs is not on the PATH of the backend',
      },
      built: [],
      failed: [],
      message: expect.stringContaining(
        'apt-get install -y mkdocs mkdocs-material',
      ),
    });

    // The first run of the builds (5 s after start) finds no mkdocs either.
    await new Promise(r => setTimeout(r, 7000));
    const page = await request(server).get(
      '/api/techdocs/static/docs/default/component/learning-path/index.html',
    );
    expect(page.status).toBe(404);
  });
});

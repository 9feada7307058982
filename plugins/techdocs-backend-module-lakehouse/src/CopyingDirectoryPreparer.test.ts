import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { copySiteSources } from './CopyingDirectoryPreparer';

describe('copySiteSources', () => {
  let work: string;
  beforeEach(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'site-sources-'));
  });
  afterEach(async () => {
    await fs.rm(work, { recursive: true, force: true });
  });

  async function site(files: Record<string, string>) {
    const dir = path.join(work, 'site');
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), content);
    }
    return dir;
  }

  it('copies the config, the docs_dir it names and README.md, nothing else', async () => {
    // A site at the root of a repository sits next to everything else.
    const dir = await site({
      'mkdocs.yml':
        'site_name: Portal\ndocs_dir: pages\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n',
      'README.md': '# Portal\n',
      'pages/index.md': '# Home\n',
      'pages/guides/setup.md': '# Setup\n',
      'node_modules/big/index.js': 'module.exports = 1;\n',
      'docs/stale.md': '# Not this site\n',
      'package.json': '{}\n',
    });
    const copy = path.join(work, 'copy');
    await fs.mkdir(copy);

    await copySiteSources(dir, copy);

    const files = (await fs.readdir(copy, { recursive: true })).sort();
    expect(files).toEqual([
      'README.md',
      'mkdocs.yml',
      'pages',
      'pages/guides',
      'pages/guides/setup.md',
      'pages/index.md',
    ]);
  });

  it('takes docs/ when the config names no docs_dir', async () => {
    const dir = await site({
      'mkdocs.yml': 'site_name: Guide\n',
      'docs/index.md': '# Guide\n',
    });
    const copy = path.join(work, 'copy');
    await fs.mkdir(copy);

    await copySiteSources(dir, copy);

    expect((await fs.readdir(copy, { recursive: true })).sort()).toEqual([
      'docs',
      'docs/index.md',
      'mkdocs.yml',
    ]);
  });

  it('refuses a docs_dir outside the site', async () => {
    const dir = await site({
      'mkdocs.yml': 'site_name: Escape\ndocs_dir: ../elsewhere\n',
    });
    await expect(copySiteSources(dir, path.join(work, 'copy'))).rejects.toThrow(
      /outside/i,
    );
  });
});

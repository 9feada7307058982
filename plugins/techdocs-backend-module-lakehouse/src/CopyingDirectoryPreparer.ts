import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  LoggerService,
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  DirectoryPreparer,
  getLocationForEntity,
  PreparerBase,
  PreparerOptions,
  PreparerResponse,
} from '@backstage/plugin-techdocs-node';
import YAML from 'yaml';

const CONFIG_FILES = ['mkdocs.yml', 'mkdocs.yaml'];

async function exists(file: string) {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The `docs_dir` a site's mkdocs config names, `docs` when it names none. */
async function docsDirOf(sourceDir: string): Promise<string> {
  for (const name of CONFIG_FILES) {
    const file = path.join(sourceDir, name);
    if (!(await exists(file))) continue;
    // Sites may use Python tags (!!python/name:...); they only warn here.
    const docsDir = YAML.parseDocument(await fs.readFile(file, 'utf8')).get(
      'docs_dir',
    );
    return typeof docsDir === 'string' && docsDir.trim()
      ? docsDir.trim()
      : 'docs';
  }
  return 'docs';
}

/**
 * Copies what mkdocs reads from a site's directory: its config, its
 * `docs_dir` and README.md (which TechDocs may use as the index page).
 * Symbolic links stay as they are, so TechDocs still refuses those that
 * leave the site.
 */
export async function copySiteSources(sourceDir: string, targetDir: string) {
  const docsDir = await docsDirOf(sourceDir);
  const entries = [...CONFIG_FILES, 'README.md', docsDir];
  for (const entry of new Set(entries)) {
    const from = resolveSafeChildPath(sourceDir, entry);
    if (!(await exists(from))) continue;
    await fs.cp(from, path.join(targetDir, path.relative(sourceDir, from)), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
}

/**
 * The `dir:` preparer of TechDocs, building from a copy.
 *
 * TechDocs' own preparer hands the generator the site's directory itself,
 * and the generator rewrites that directory's mkdocs.yml before each build
 * (it drops comments and unsupported keys and adds plugins). For sites in
 * this repository that would change tracked files at every start of the
 * portal, so local sites are copied to a temporary directory first; sites
 * read from a URL already arrive in one.
 */
export class CopyingDirectoryPreparer implements PreparerBase {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; reader: UrlReaderService },
  ) {
    return new CopyingDirectoryPreparer(
      DirectoryPreparer.fromConfig(config, options),
      ScmIntegrations.fromConfig(config),
      config.getOptionalString('backend.workingDirectory') ?? os.tmpdir(),
    );
  }

  constructor(
    private readonly remote: PreparerBase,
    private readonly integrations: ScmIntegrationRegistry,
    private readonly workingDirectory: string,
  ) {}

  /** Both the copies and the downloaded trees are temporary. */
  shouldCleanPreparedDirectory() {
    return true;
  }

  async prepare(
    entity: Entity,
    options?: PreparerOptions,
  ): Promise<PreparerResponse> {
    const location = getLocationForEntity(entity, this.integrations);
    if (location.type !== 'dir') {
      return this.remote.prepare(entity, options);
    }
    const copy = await fs.mkdtemp(
      path.join(await fs.realpath(this.workingDirectory), 'techdocs-source-'),
    );
    try {
      await copySiteSources(location.target, copy);
    } catch (error) {
      await fs.rm(copy, { recursive: true, force: true });
      throw error;
    }
    options?.logger?.debug(
      `Copied the docs sources of ${location.target} to ${copy}`,
    );
    // Local sources have no version to compare, as with TechDocs' own preparer.
    return { preparedDir: copy, etag: '' };
  }
}

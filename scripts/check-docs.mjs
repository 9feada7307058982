// Checks every docs site of the repository against its navigation: each
// markdown page under a site's docs_dir must be in its nav, and each page the
// nav names must exist. `mkdocs build --strict` catches broken links between
// pages, but mkdocs 1.4 only reports a page left out of the nav at INFO level,
// so a guide nobody can reach would pass it.
//
// Usage: node scripts/check-docs.mjs [path/to/mkdocs.yml ...]
// Without arguments it checks mkdocs.yml, templates/*/mkdocs.yml and
// learning/mkdocs.yml. Exits 1 and names each problem when there is one.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);

function defaultSites() {
  const templates = fs
    .readdirSync(path.join(root, 'templates'), { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => path.join('templates', d.name, 'mkdocs.yml'));
  return ['mkdocs.yml', ...templates, path.join('learning', 'mkdocs.yml')]
    .map(file => path.join(root, file))
    .filter(file => fs.existsSync(file));
}

/** Every page a nav names, in order: `- index.md`, `- Title: page.md`, nested sections. */
function navPages(nav, trail = []) {
  const pages = [];
  const visit = (entry, where) => {
    if (typeof entry === 'string') {
      pages.push({ page: entry, where: where.join(' > ') || entry });
    } else if (Array.isArray(entry)) {
      entry.forEach(item => visit(item, where));
    } else if (entry && typeof entry === 'object') {
      for (const [title, value] of Object.entries(entry)) {
        visit(value, [...where, title]);
      }
    }
  };
  visit(nav, trail);
  return pages;
}

/** Links to other sites (http:, https:, mailto:) or absolute paths are not pages. */
const isExternal = target => /^([a-z][a-z0-9+.-]*:|\/)/i.test(target);

function markdownFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && /\.(md|markdown)$/.test(entry.name))
    .map(entry =>
      path
        .relative(dir, path.join(entry.parentPath ?? entry.path, entry.name))
        .split(path.sep)
        .join('/'),
    );
}

function checkSite(configFile) {
  const problems = [];
  const siteDir = path.dirname(configFile);
  const label = path.relative(root, configFile) || configFile;
  // Sites may use Python tags (!!python/name:...); they only warn here.
  const document = YAML.parseDocument(fs.readFileSync(configFile, 'utf8'));
  if (document.errors.length > 0) {
    return [`${label}: not valid YAML: ${document.errors[0].message}`];
  }
  const config = document.toJS() ?? {};
  const docsDir = path.resolve(siteDir, config.docs_dir ?? 'docs');
  if (!fs.existsSync(docsDir)) {
    return [
      `${label}: docs_dir ${path.relative(root, docsDir)} does not exist`,
    ];
  }
  const files = markdownFiles(docsDir);
  if (config.nav === undefined) {
    // mkdocs builds a nav of every page itself: nothing can be left out.
    return [];
  }
  const named = new Set();
  for (const { page, where } of navPages(config.nav)) {
    if (isExternal(page)) continue;
    const normalised = path.posix.normalize(page.split('#')[0]);
    named.add(normalised);
    if (!files.includes(normalised)) {
      problems.push(
        `${label}: the nav entry "${where}" names ${page}, which is not in ${path.relative(
          root,
          docsDir,
        )}/`,
      );
    }
  }
  for (const file of files) {
    if (!named.has(file)) {
      problems.push(
        `${label}: ${path.relative(
          root,
          path.join(docsDir, file),
        )} is not in the nav, so readers cannot reach it`,
      );
    }
  }
  return problems;
}

const sites = process.argv.slice(2).length
  ? process.argv.slice(2).map(file => path.resolve(file))
  : defaultSites();
const problems = sites.flatMap(checkSite);
for (const site of sites) {
  console.log(`checked ${path.relative(root, site) || site}`);
}
if (problems.length > 0) {
  console.error(`\n${problems.length} docs problem(s):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`every page of ${sites.length} docs site(s) is in its nav`);

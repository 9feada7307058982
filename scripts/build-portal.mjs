// Builds the portal for production into dist-portal/: the app's static
// bundle, and the backend with every workspace package it needs compiled to
// CommonJS.
//
// The Backstage CLI's own backend bundling (`backstage-cli package build` on
// the backend) packs workspaces with yarn; this repository uses npm
// workspaces, so the same dist workspace is assembled here instead: each
// package's compiled `dist/` with its package.json pointing at it, and a
// node_modules that links the workspace packages to their built copies and
// everything else to the installed dependencies.
//
// Needs `npm run tsc` first (package builds read the declarations in dist-types).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const out = path.join(root, 'dist-portal');
const cli = path.join(root, 'node_modules', '.bin', 'backstage-cli');

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const workspaces = ['packages', 'plugins'].flatMap(dir =>
  fs.readdirSync(path.join(root, dir)).map(name => {
    const pkgDir = path.join(root, dir, name);
    return {
      dir: pkgDir,
      rel: path.join(dir, name),
      pkg: readJson(path.join(pkgDir, 'package.json')),
    };
  }),
);
const byName = new Map(workspaces.map(w => [w.pkg.name, w]));

// The backend and the workspace packages it depends on, transitively.
function backendClosure(name, seen = new Set()) {
  if (seen.has(name) || !byName.has(name)) return seen;
  seen.add(name);
  for (const dep of Object.keys(byName.get(name).pkg.dependencies ?? {}))
    backendClosure(dep, seen);
  return seen;
}
const needed = [...backendClosure('backend')].map(n => byName.get(n));

function build(workspace, extraArgs = []) {
  const started = Date.now();
  execFileSync(cli, ['package', 'build', ...extraArgs], {
    cwd: workspace.dir,
    stdio: 'inherit',
  });
  console.log(
    `built ${workspace.pkg.name} in ${((Date.now() - started) / 1000).toFixed(
      1,
    )} s`,
  );
}

for (const workspace of needed) {
  const role = workspace.pkg.backstage?.role;
  if (role === 'frontend') build(workspace);
  // The backend's own build would bundle through yarn; compiling it like a
  // plugin gives the same dist/index.cjs.js.
  else if (role === 'backend') build(workspace, ['--role', 'backend-plugin']);
  else build(workspace);
}

fs.rmSync(out, { recursive: true, force: true });
for (const workspace of needed) {
  const target = path.join(out, workspace.rel);
  fs.mkdirSync(target, { recursive: true });
  // What the package would publish: its `files` (dist, migrations, config
  // schema, and data such as Feast's .proto files).
  for (const entry of new Set([
    ...(workspace.pkg.files ?? ['dist']),
    'config.d.ts',
  ])) {
    const source = path.join(workspace.dir, entry);
    if (fs.existsSync(source))
      fs.cpSync(source, path.join(target, entry), { recursive: true });
  }
  const pkg = { ...workspace.pkg };
  if (pkg.backstage?.role !== 'frontend') {
    pkg.main = 'dist/index.cjs.js';
    pkg.types = undefined;
  }
  fs.writeFileSync(
    path.join(target, 'package.json'),
    `${JSON.stringify(pkg, null, 2)}\n`,
  );
}

const modules = path.join(out, 'node_modules');
fs.mkdirSync(path.join(modules, '@internal'), { recursive: true });
for (const entry of fs.readdirSync(path.join(root, 'node_modules'))) {
  if (entry === '@internal' || entry === '.bin' || byName.has(entry)) continue;
  fs.symlinkSync(
    path.join(root, 'node_modules', entry),
    path.join(modules, entry),
  );
}
for (const workspace of needed) {
  fs.symlinkSync(
    path.join(out, workspace.rel),
    path.join(modules, workspace.pkg.name),
  );
}
console.log(
  `dist-portal ready: node dist-portal/packages/backend (from packages/backend)`,
);

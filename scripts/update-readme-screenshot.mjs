// Renews the README's screenshots from a browser test run: copies the
// screenshots e2e/portal.e2e.mjs wrote (`bash .ci/run` puts them in
// artefacts/e2e/) into docs/images/, and rewrites the caption under each
// image in README.md with the day the test took it.
//
// Usage: node scripts/update-readme-screenshot.mjs [artefacts directory]
// The directory defaults to E2E_ARTEFACTS, else artefacts/e2e. It refuses
// screenshots of a run that failed (failure.png newer than them) and files
// that are not PNG images, and changes nothing then.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const artefacts = path.resolve(
  process.argv[2] ??
    process.env.E2E_ARTEFACTS ??
    path.join(root, 'artefacts', 'e2e'),
);

/** Each README image, the browser test's screenshot and the step that takes it. */
const SCREENSHOTS = [
  {
    image: 'docs/images/dataset-page.png',
    screenshot: 'dataset-page.png',
    step: 'open a gold dataset from the lakehouse page',
  },
  {
    image: 'docs/images/lineage-graph.png',
    screenshot: 'lineage.png',
    step: "follow the fact table's lineage to the served model, and a column's",
  },
];

function fail(message) {
  console.error(`update-readme-screenshot: ${message}; nothing changed`);
  process.exit(1);
}

/** Width and height of a PNG, or undefined when the bytes are not a PNG. */
function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) {
    return undefined;
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const failure = path.join(artefacts, 'failure.png');
const found = SCREENSHOTS.map(entry => {
  const file = path.join(artefacts, entry.screenshot);
  if (!fs.existsSync(file)) {
    fail(`${file} is missing: run the browser test first (bash .ci/run)`);
  }
  const bytes = fs.readFileSync(file);
  const size = pngSize(bytes);
  if (!size) fail(`${file} is not a PNG image`);
  const taken = fs.statSync(file).mtime;
  if (fs.existsSync(failure) && fs.statSync(failure).mtime >= taken) {
    fail(
      `the browser test run that wrote ${entry.screenshot} failed (${failure} is newer)`,
    );
  }
  return { ...entry, bytes, size, taken };
});

/**
 * The commit the browser test ran on: HEAD of the clone the artefacts lie
 * in (.ci/run writes them into its clone), marked when that clone had
 * uncommitted changes; undefined outside a Git work tree.
 */
function testedCommit() {
  const git = (...args) =>
    execFileSync('git', ['-C', artefacts, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const changed = git('status', '--porcelain', '--untracked-files=no') !== '';
    return changed ? `${commit} with uncommitted changes` : commit;
  } catch {
    return undefined;
  }
}
const commit = testedCommit();

const readmePath = path.join(root, 'README.md');
let readme = fs.readFileSync(readmePath, 'utf8');
const captionStart = '_Screenshot taken by the browser test';
for (const entry of found) {
  fs.writeFileSync(path.join(root, entry.image), entry.bytes);
  const day = entry.taken.toISOString().slice(0, 10);
  const caption =
    `${captionStart} (\`e2e/portal.e2e.mjs\`, step "${entry.step}") on ${day}` +
    `${commit ? `, commit ${commit}` : ''}; ` +
    '`node scripts/update-readme-screenshot.mjs` copies a newer one from ' +
    '`artefacts/e2e/` after `bash .ci/run`._';
  const lines = readme.split('\n');
  const at = lines.findIndex(line => line.includes(`](${entry.image})`));
  if (at >= 0) {
    // The caption is the paragraph right under the image: replace it, or
    // add one.
    if (lines[at + 1] === '' && lines[at + 2]?.startsWith(captionStart)) {
      lines[at + 2] = caption;
    } else {
      lines.splice(at + 1, 0, '', caption);
    }
    readme = lines.join('\n');
  }
  console.log(
    `${entry.image} ← ${path.relative(
      root,
      path.join(artefacts, entry.screenshot),
    )} ` +
      `(${entry.size.width}×${
        entry.size.height
      }, taken ${entry.taken.toISOString()})` +
      (at >= 0 ? '' : ' — not shown in README.md'),
  );
}
fs.writeFileSync(readmePath, readme);

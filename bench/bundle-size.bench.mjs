// The JavaScript the built app makes Chromium load for its first page (`/`,
// the sign-in page) — scripts, raw bytes and gzip bytes — against a plain
// Backstage 1.55 app made with create-app, and whether the SQL editor, the
// graph layout and the charts stay out of it (loaded lazily).
//
//   npm run bench -- bundle-size
//   BUNDLE_DIST=/path/to/packages/app/dist node bench/bundle-size.bench.mjs
//
// Needs a production build of the app (`npm run build --workspace app`) and
// Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
//
// The dist directory is served the way @backstage/plugin-app-backend serves
// it: files as they are, index.html.tmpl rendered with the frontend config
// and that config injected as <script type="backstage.io/config">, and
// index.html for every other path. No backend answers: /api/* replies 401
// (auth) or 404, as a backend does to a visitor without a session, so the
// app stays on its sign-in page.
//
// Gzip bytes are each script's body compressed with zlib at level 9, so the
// figure does not depend on how a server or proxy compresses. KB = 1,000
// bytes, MB = 1,000,000 bytes.
import { chromium } from 'playwright-core';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const dist = path.resolve(
  root,
  process.env.BUNDLE_DIST ?? path.join('packages', 'app', 'dist'),
);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(path.join(dist, 'static'))) {
  console.error(
    `No built app in ${dist}: run \`npm run build --workspace app\` first, or set BUNDLE_DIST`,
  );
  process.exit(1);
}

/**
 * A plain Backstage 1.55 app (create-app) on its first page in Chromium, as
 * issue 14 gives it (measured there, not by this bench).
 */
const PLAIN_APP = { scripts: 20, raw: 3_000_000, gzip: 868_000 };
const GOAL_ADDED_GZIP = 90_000;

/**
 * Packages whose code must only load on the pages that use it. `codemirror`
 * is both CodeMirror 6 (the SQL editor) and CodeMirror 5 (GraphiQL of the
 * API docs); d3 comes with the xyflow graphs and Backstage's dependency graph.
 */
const LAZY_FEATURES = [
  {
    name: 'SQL editor',
    packages:
      /^(@codemirror\/|@uiw\/react-codemirror|@uiw\/codemirror|codemirror$|@lezer\/)/,
  },
  {
    name: 'graph layout',
    packages: /^(elkjs|reactflow|@reactflow\/|@xyflow\/)/,
  },
  {
    name: 'charts',
    packages:
      /^(recharts|victory|chart\.js|react-chartjs|d3$|d3-|@nivo\/|echarts)/,
  },
];

const kb = bytes => `${(bytes / 1000).toFixed(1)} KB`;
const mb = bytes => `${(bytes / 1_000_000).toFixed(2)} MB`;
const gzipSize = buffer => zlib.gzipSync(buffer, { level: 9 }).length;
const pad = (text, width) => String(text).padEnd(width);
const padStart = (text, width) => String(text).padStart(width);

// ---------------------------------------------------------------- serving

/** The frontend config the build put into index.html, if any. */
function buildTimeConfigs() {
  const indexPath = path.join(dist, 'index.html');
  if (!fs.existsSync(indexPath)) return [];
  const match =
    /<script type="backstage\.io\/config">([\s\S]*?)<\/script>/.exec(
      fs.readFileSync(indexPath, 'utf8'),
    );
  return match ? JSON.parse(match[1]) : [];
}

/**
 * index.html as the app backend renders it: the template filled in with the
 * config and the public path, and the config injected before </head>.
 */
function renderIndexHtml(origin) {
  const appConfigs = [
    ...buildTimeConfigs(),
    {
      context: 'bundle-size bench',
      data: { app: { baseUrl: origin }, backend: { baseUrl: origin } },
    },
  ];
  const templatePath = path.join(dist, 'index.html.tmpl');
  if (!fs.existsSync(templatePath)) {
    // An older build without a template: its index.html already has a config.
    return fs.readFileSync(path.join(dist, 'index.html'));
  }
  const config = ConfigReader.fromConfigs(appConfigs);
  const publicPath = new URL(
    config.getOptionalString('app.baseUrl') ?? '/',
    origin,
  ).pathname.replace(/\/+$/, '');
  const html = fs
    .readFileSync(templatePath, 'utf8')
    .replace(/<%=([\s\S]+?)%>/g, (_, expression) =>
      String(
        // eslint-disable-next-line no-new-func
        new Function('config', 'publicPath', `return (${expression});`)(
          config,
          publicPath,
        ) ?? '',
      ),
    );
  const injected = JSON.stringify(appConfigs, null, 2)
    .replaceAll('</script', '')
    .replaceAll('<!--', '');
  return Buffer.from(
    html.replace(
      '</head>',
      `<script type="backstage.io/config">\n${injected}\n</script>\n</head>`,
    ),
  );
}

const contentTypes = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

async function serve() {
  let indexHtml;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://bench');
    const pathname = decodeURIComponent(url.pathname);
    if (pathname.startsWith('/api/')) {
      // No session: what the backend answers a visitor who has not signed in.
      const auth = pathname.startsWith('/api/auth/');
      res.writeHead(auth ? 401 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: auth
            ? { name: 'AuthenticationError', message: 'No session' }
            : { name: 'NotFoundError', message: 'No backend in this bench' },
        }),
      );
      return;
    }
    const file = path.join(dist, pathname);
    const inside = file.startsWith(dist + path.sep);
    if (
      inside &&
      !file.endsWith('.tmpl') &&
      pathname !== '/index.html' &&
      fs.existsSync(file) &&
      fs.statSync(file).isFile()
    ) {
      res.writeHead(200, {
        'content-type':
          contentTypes[path.extname(file)] ?? 'application/octet-stream',
      });
      fs.createReadStream(file).pipe(res);
      return;
    }
    if (pathname.startsWith('/static/')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(indexHtml);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  indexHtml = renderIndexHtml(origin);
  const entryScripts = new Set(
    [...String(indexHtml).matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map(m =>
      path.basename(m[1]),
    ),
  );
  return { server, origin, entryScripts };
}

// ---------------------------------------------------------------- browser

/** Every script Chromium fetches for `/` until the sign-in page is idle. */
async function loadFirstPage(origin) {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    const page = await context.newPage();
    // Who asked for each script: the call stack of the request, async parts
    // included, to name the lazy import that loaded a chunk at start.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.setAsyncCallStackDepth', { maxDepth: 32 });
    const initiators = new Map();
    cdp.on('Network.requestWillBeSent', event => {
      const frames = [];
      for (let stack = event.initiator.stack; stack; stack = stack.parent) {
        frames.push(...stack.callFrames);
      }
      initiators.set(new URL(event.request.url).pathname, frames);
    });
    const scripts = new Map();
    const pending = [];
    let lastScriptAt = Date.now();
    const errors = [];
    page.on('pageerror', error => errors.push(error.message));
    page.on('response', response => {
      const request = response.request();
      const url = new URL(response.url());
      const isScript =
        request.resourceType() === 'script' ||
        /javascript/.test(response.headers()['content-type'] ?? '') ||
        url.pathname.endsWith('.js');
      if (!isScript || url.origin !== origin) return;
      lastScriptAt = Date.now();
      pending.push(
        response.body().then(body => {
          scripts.set(url.pathname, {
            file: path.basename(url.pathname),
            raw: body.length,
            gzip: gzipSize(body),
            worker: request.resourceType() !== 'script',
            initiator: initiators.get(url.pathname) ?? [],
          });
        }),
      );
    });
    const started = Date.now();
    await page.goto(`${origin}/`, {
      waitUntil: 'networkidle',
      timeout: 120_000,
    });
    // The guest sign-in page of the app is up when its Enter button is.
    const signIn = page.getByRole('button', { name: 'Enter' });
    await signIn.waitFor({ timeout: 120_000 });
    const renderedMs = Date.now() - started;
    // Nothing more is fetched once the page rests: wait for 2 s without scripts.
    while (Date.now() - lastScriptAt < 2000) {
      await new Promise(r => setTimeout(r, 250));
    }
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    return {
      scripts: [...scripts.values()],
      renderedMs,
      url: page.url(),
      errors,
    };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- chunks

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;

/**
 * Characters of the generated code per source of a source map, from its
 * mappings: each segment covers its generated line from its column up to
 * the next segment's.
 */
function charactersBySource(map, code) {
  const lineLengths = code.split('\n').map(line => line.length);
  const counts = new Float64Array(map.sources.length);
  let unmapped = 0;
  const mappings = map.mappings;
  let line = 0;
  let source = 0;
  let i = 0;
  // Per line: [column, source or -1] pairs.
  let segments = [];
  const flushLine = () => {
    const length = lineLengths[line] ?? 0;
    if (segments.length === 0) unmapped += length;
    else unmapped += segments[0][0];
    for (let s = 0; s < segments.length; s++) {
      const end = s + 1 < segments.length ? segments[s + 1][0] : length;
      const span = Math.max(0, end - segments[s][0]);
      if (segments[s][1] >= 0) counts[segments[s][1]] += span;
      else unmapped += span;
    }
    segments = [];
    line++;
  };
  let column = 0;
  while (i <= mappings.length) {
    const c = mappings[i];
    if (i === mappings.length || c === ';') {
      flushLine();
      column = 0;
      i++;
      continue;
    }
    if (c === ',') {
      i++;
      continue;
    }
    const fields = [];
    while (i < mappings.length && mappings[i] !== ',' && mappings[i] !== ';') {
      let value = 0;
      let shift = 0;
      let digit;
      do {
        digit = BASE64_VALUE[mappings.charCodeAt(i++)];
        value += (digit & 31) << shift;
        shift += 5;
      } while (digit & 32);
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    column += fields[0];
    if (fields.length >= 4) {
      source += fields[1];
      segments.push([column, source]);
    } else {
      segments.push([column, -1]);
    }
  }
  return { counts, unmapped };
}

/** The source position of a generated one (0-based line and column). */
function originalPosition(map, line, column) {
  let generatedLine = 0;
  let generatedColumn = 0;
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let best;
  const mappings = map.mappings;
  let i = 0;
  while (i < mappings.length && generatedLine <= line) {
    const c = mappings[i];
    if (c === ';') {
      generatedLine++;
      generatedColumn = 0;
      i++;
      continue;
    }
    if (c === ',') {
      i++;
      continue;
    }
    const fields = [];
    while (i < mappings.length && mappings[i] !== ',' && mappings[i] !== ';') {
      let value = 0;
      let shift = 0;
      let digit;
      do {
        digit = BASE64_VALUE[mappings.charCodeAt(i++)];
        value += (digit & 31) << shift;
        shift += 5;
      } while (digit & 32);
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    generatedColumn += fields[0];
    if (fields.length >= 4) {
      source += fields[1];
      sourceLine += fields[2];
      sourceColumn += fields[3];
      if (generatedLine === line && generatedColumn <= column) {
        best = { source: map.sources[source], line: sourceLine + 1 };
      }
    }
  }
  return best;
}

/** The package (node_modules) or workspace folder a source belongs to. */
function ownerOf(source) {
  const file = source.replace(/^webpack:\/\/[^/]*\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const workspace = /(?:^|\/)(plugins|packages)\/([^/]+)\//.exec(file);
  if (workspace) return `${workspace[1]}/${workspace[2]} (portal)`;
  if (file.startsWith('./src/')) return 'packages/app (portal)';
  if (file.startsWith('webpack/')) return '(bundler runtime)';
  return file;
}

/** What a chunk file holds: bytes per package and per source file. */
function readChunk(file) {
  const codePath = path.join(dist, 'static', file);
  const mapPath = `${codePath}.map`;
  const code = fs.readFileSync(codePath, 'utf8');
  const bytes = Buffer.byteLength(code);
  const result = { file, raw: bytes, packages: new Map(), sources: [] };
  if (!fs.existsSync(mapPath)) {
    result.packages.set('(no source map)', bytes);
    return result;
  }
  const map = JSON.parse(fs.readFileSync(mapPath, 'utf8'));
  const { counts, unmapped } = charactersBySource(map, code);
  // Minified code is nearly all ASCII: scale characters to bytes.
  const scale = bytes / Math.max(1, code.length);
  map.sources.forEach((source, index) => {
    const owner = ownerOf(source);
    const size = counts[index] * scale;
    result.packages.set(owner, (result.packages.get(owner) ?? 0) + size);
    result.sources.push({
      source: source.replace(/^webpack:\/\/[^/]*\//, ''),
      owner,
      size,
      content: map.sourcesContent?.[index],
    });
  });
  if (unmapped > 0) result.packages.set('(unmapped)', unmapped * scale);
  return result;
}

function top(entries, count) {
  return [...entries].sort((a, b) => b[1] - a[1]).slice(0, count);
}

// ---------------------------------------------------------------- run

const { server, origin, entryScripts } = await serve();
let page;
try {
  page = await loadFirstPage(origin);
} finally {
  server.close();
}

const initial = page.scripts.sort((a, b) => b.raw - a.raw);
const raw = initial.reduce((sum, s) => sum + s.raw, 0);
const gzip = initial.reduce((sum, s) => sum + s.gzip, 0);
const added = gzip - PLAIN_APP.gzip;

console.log(`app build: ${path.relative(root, dist) || dist}`);
console.log(
  `first page: ${
    page.url.replace(origin, '') || '/'
  } (sign-in page rendered after ${(page.renderedMs / 1000).toFixed(1)} s)`,
);
if (page.errors.length) console.log(`page errors: ${page.errors.join(' | ')}`);
console.log('');
console.log(
  `${pad('', 28)}${padStart('scripts', 8)}${padStart('raw', 12)}${padStart(
    'gzip -9',
    12,
  )}`,
);
console.log(
  `${pad('this portal', 28)}${padStart(initial.length, 8)}${padStart(
    mb(raw),
    12,
  )}${padStart(kb(gzip), 12)}`,
);
console.log(
  `${pad('plain create-app (issue 14)', 28)}${padStart(
    PLAIN_APP.scripts,
    8,
  )}${padStart(mb(PLAIN_APP.raw), 12)}${padStart(kb(PLAIN_APP.gzip), 12)}`,
);
console.log(
  `\nthis suite adds ${kb(added)} gzip (goal ≤ ${kb(GOAL_ADDED_GZIP)}): ${
    added <= GOAL_ADDED_GZIP ? 'met' : 'NOT met'
  }; ${initial.length - PLAIN_APP.scripts >= 0 ? '+' : ''}${
    initial.length - PLAIN_APP.scripts
  } scripts, ${raw - PLAIN_APP.raw >= 0 ? '+' : ''}${mb(
    raw - PLAIN_APP.raw,
  )} raw`,
);

// What the chunks hold, from their source maps.
const staticDir = path.join(dist, 'static');
const chunkFiles = fs
  .readdirSync(staticDir, { recursive: true })
  .map(String)
  .filter(f => f.endsWith('.js'));
const initialFiles = new Set(initial.map(s => s.file));
const chunks = new Map();
for (const file of chunkFiles) chunks.set(path.basename(file), file);
const read = new Map();
const chunkInfo = file => {
  if (!read.has(file)) read.set(file, readChunk(chunks.get(file) ?? file));
  return read.get(file);
};

console.log(
  '\nlazy features (chunks holding their packages; ≈ bytes from source maps):',
);
let lazyViolations = 0;
const featureFindings = [];
for (const feature of LAZY_FEATURES) {
  const holders = [];
  for (const file of chunks.keys()) {
    const info = chunkInfo(file);
    const hits = [...info.packages.entries()].filter(([owner]) =>
      feature.packages.test(owner),
    );
    if (hits.length === 0) continue;
    holders.push({
      file,
      initial: initialFiles.has(file),
      size: hits.reduce((sum, [, size]) => sum + size, 0),
      packages: hits.map(([owner]) => owner),
    });
  }
  holders.sort(
    (a, b) => Number(b.initial) - Number(a.initial) || b.size - a.size,
  );
  const eager = holders.filter(h => h.initial);
  lazyViolations += eager.length;
  console.log(
    `  ${feature.name}: ${holders.length} chunk(s), ${
      holders.length === 0
        ? 'not in the build'
        : eager.length === 0
        ? 'none initial (lazy)'
        : `${eager.length} INITIAL`
    }`,
  );
  for (const holder of holders.slice(0, 6)) {
    console.log(
      `    ${holder.initial ? 'INITIAL ' : 'lazy    '}${pad(
        holder.file,
        44,
      )} ≈${padStart(kb(holder.size), 10)}  ${[...new Set(holder.packages)]
        .slice(0, 6)
        .join(', ')}${holder.packages.length > 6 ? ', …' : ''}`,
    );
  }
  if (holders.length > 6) console.log(`    … ${holders.length - 6} more`);
  for (const holder of eager) featureFindings.push({ feature, holder });
}

const describe = script => {
  const info = chunkInfo(script.file);
  const holds = top(info.packages.entries(), 5)
    .map(([owner, size]) => `${owner} ${Math.round((100 * size) / info.raw)}%`)
    .join(', ');
  console.log(
    `  ${pad(script.file, 46)}${padStart(kb(script.raw), 11)}${padStart(
      kb(script.gzip),
      11,
    )} gz  ${holds}`,
  );
};
const fromIndex = initial.filter(s => entryScripts.has(s.file));
const atStart = initial.filter(s => !entryScripts.has(s.file));
const sum = (list, key) => list.reduce((total, s) => total + s[key], 0);
console.log(
  `\nscripts of index.html: ${fromIndex.length}, ${mb(
    sum(fromIndex, 'raw'),
  )}, ${kb(
    sum(fromIndex, 'gzip'),
  )} gzip; the biggest (what they hold, ≈ share of raw bytes):`,
);
fromIndex.slice(0, 10).forEach(describe);
console.log(
  `\nchunks the app loads while starting: ${atStart.length}, ${mb(
    sum(atStart, 'raw'),
  )}, ${kb(sum(atStart, 'gzip'))} gzip`,
);
const maps = new Map();
const mapOf = file => {
  if (!maps.has(file)) {
    const mapPath = path.join(staticDir, chunks.get(file) ?? file) + '.map';
    maps.set(
      file,
      fs.existsSync(mapPath)
        ? JSON.parse(fs.readFileSync(mapPath, 'utf8'))
        : undefined,
    );
  }
  return maps.get(file);
};
/** The source line of the first call outside the bundler runtime. */
const loadedBy = script => {
  const frame = script.initiator.find(
    f => f.url.startsWith(origin) && !/\/runtime\.[^/]*\.js$/.test(f.url),
  );
  if (!frame) return 'an unknown caller';
  const file = path.basename(new URL(frame.url).pathname);
  const map = mapOf(file);
  const position =
    map && originalPosition(map, frame.lineNumber, frame.columnNumber);
  return position
    ? `${position.source
        .replace(/^webpack:\/\/[^/]*\//, '')
        .replace(/^(\.\.\/)+/, '')}:${position.line}`
    : `${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
};
const groups = new Map();
for (const script of atStart) {
  const by = loadedBy(script);
  groups.set(by, [...(groups.get(by) ?? []), script]);
}
for (const [by, scripts] of groups) {
  console.log(
    `  ${scripts.length} chunk(s), ${kb(
      sum(scripts, 'gzip'),
    )} gzip, loaded by the import at ${by}:`,
  );
  scripts.forEach(describe);
}

// The packages of the first page, gzip share estimated per chunk.
const byPackage = new Map();
for (const script of initial) {
  const info = chunkInfo(script.file);
  for (const [owner, size] of info.packages) {
    const entry = byPackage.get(owner) ?? { raw: 0, gzip: 0 };
    entry.raw += size;
    entry.gzip += (size / info.raw) * script.gzip;
    byPackage.set(owner, entry);
  }
}
const portalOwn = [...byPackage.entries()].filter(([owner]) =>
  owner.endsWith('(portal)'),
);
// Why a package is on the first page: a chain of imports, read from the
// sources of the scripts of index.html, from one of the package's files up
// to the app. An import of a package's index ("barrel") counts for one of
// its files when the importer names the file's component (its base name);
// otherwise any import of the package does. A package is "baseline" when
// such a chain avoids the portal's own code (its plugins and app modules,
// not the app's index.tsx and App.tsx, which every app has) and reaches the
// app or a plugin package it discovers (app.packages: all); otherwise it is
// on the first page because of the portal's code. A heuristic: it follows
// names, not the bundler's module graph.
const entrySources = fromIndex.flatMap(s =>
  chunkInfo(s.file).sources.filter(source => source.content),
);
const atStartOwners = new Set(
  atStart.flatMap(s => chunkInfo(s.file).sources.map(source => source.owner)),
);
const entryOwners = new Set(entrySources.map(source => source.owner));
const escape = text => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const baseName = source =>
  path.basename(source).replace(/(\.esm)?\.(m?js|cjs|tsx?|jsx)$/, '');
const isPortal = source => source.owner.endsWith('(portal)');
const isAppShell = source => /^\.\/src\/(index|App)\.tsx?$/.test(source.source);
const isDiscovery = source =>
  source.source.includes('__backstage-autodetected-plugins__');
const importersCache = new Map();
function importersOf(file) {
  if (importersCache.has(file.source)) return importersCache.get(file.source);
  const name = baseName(file.source);
  const packageSpecifier = new RegExp(
    `(?:\\bfrom|\\bimport|\\brequire)\\s*\\(?\\s*['"]${escape(
      file.owner,
    )}(?:/[^'"]*)?['"]`,
  );
  const relativeSpecifier = new RegExp(
    `['"]\\.{1,2}/(?:[^'"]*/)?${escape(
      name,
    )}(?:\\.esm)?(?:\\.m?js|\\.tsx?)?['"]`,
  );
  const naming = new RegExp(`\\b${escape(name)}\\b`);
  const samePackage = [];
  const otherPackages = [];
  for (const s of entrySources) {
    if (s === file) continue;
    if (s.owner === file.owner) {
      if (s.content.includes(name) && relativeSpecifier.test(s.content))
        samePackage.push(s);
    } else if (
      s.content.includes(file.owner) &&
      packageSpecifier.test(s.content)
    ) {
      otherPackages.push(s);
    }
  }
  const naming_ = otherPackages.filter(s => naming.test(s.content));
  const result = [
    ...samePackage,
    ...(naming_.length ? naming_ : samePackage.length ? [] : otherPackages),
  ];
  importersCache.set(file.source, result);
  return result;
}
/** The shortest chain from a file of the package to a root, or undefined. */
function importChain(owner, { baseline }) {
  const files = entrySources.filter(s => s.owner === owner);
  const via = new Map(files.map(f => [f.source, undefined]));
  const queue = [...files];
  const isRoot = s =>
    baseline ? isAppShell(s) || isDiscovery(s) : isPortal(s) || isDiscovery(s);
  while (queue.length) {
    const current = queue.shift();
    if (isRoot(current)) {
      const chain = [];
      for (let at = current; at; at = via.get(at.source)) chain.push(at.source);
      return chain.reverse();
    }
    for (const importer of importersOf(current)) {
      if (via.has(importer.source)) continue;
      if (baseline && isPortal(importer) && !isAppShell(importer)) continue;
      via.set(importer.source, current);
      queue.push(importer);
    }
  }
  return undefined;
}
const short = source =>
  source
    .replace(/^(\.\.\/)+/, '')
    .replace(/^node_modules\/(?:.*\/node_modules\/)?/, '')
    .replace(/\/dist\//, '/…/');
const whyCache = new Map();
function why(owner) {
  if (!whyCache.has(owner)) {
    let answer = { kind: 'other', text: '' };
    if (isPortal({ owner })) {
      answer = { kind: 'portal', text: 'the portal' };
    } else if (!owner.startsWith('(')) {
      if (!entryOwners.has(owner) && atStartOwners.has(owner)) {
        const loaders = [...groups.entries()]
          .filter(([, scripts]) =>
            scripts.some(script => chunkInfo(script.file).packages.has(owner)),
          )
          .map(([by]) => by);
        answer = {
          kind: 'baseline',
          text: `in the chunks loaded at start by the import at ${loaders.join(
            ', ',
          )}`,
        };
      } else {
        const baseline = importChain(owner, { baseline: true });
        const chain = baseline ?? importChain(owner, { baseline: false });
        answer = {
          kind: baseline ? 'baseline' : chain ? 'portal' : 'unknown',
          text: chain
            ? `${baseline ? '' : 'PORTAL: '}${chain.map(short).join(' ← ')}`
            : '(no import found: injected by the bundler, or a dynamic require)',
        };
      }
    }
    whyCache.set(owner, answer);
  }
  return whyCache.get(owner);
}
console.log(
  '\nbiggest packages of the first page (≈ raw, ≈ gzip; one import chain: file ← importer ← … ← app):',
);
const packagesByGzip = [...byPackage.entries()].sort(
  (a, b) => b[1].gzip - a[1].gzip,
);
for (const [owner, size] of packagesByGzip.slice(
  0,
  Number(process.env.BUNDLE_TOP ?? 20),
)) {
  console.log(
    `  ${pad(owner, 34)}${padStart(kb(size.raw), 10)}${padStart(
      kb(size.gzip),
      10,
    )}  ${why(owner).text}`,
  );
}
const portalPulled = packagesByGzip.filter(
  ([owner]) => why(owner).kind === 'portal' && !isPortal({ owner }),
);
const unknown = packagesByGzip.filter(
  ([owner]) => why(owner).kind === 'unknown',
);
console.log(
  `\nthird-party packages on the first page only through the portal's code (heuristic): ${
    portalPulled.length
  }, ≈${kb(portalPulled.reduce((sum, [, s]) => sum + s.gzip, 0))} gzip${
    portalPulled.length ? ':' : ''
  }`,
);
for (const [owner, size] of portalPulled.slice(0, 15)) {
  console.log(
    `  ${pad(owner, 34)}${padStart(kb(size.raw), 10)}${padStart(
      kb(size.gzip),
      10,
    )}  ${why(owner).text.replace(/^PORTAL: /, '')}`,
  );
}
console.log(
  `packages with no import chain found (bundler-injected polyfills, dynamic requires): ${
    unknown.length
  }, ≈${kb(unknown.reduce((sum, [, s]) => sum + s.gzip, 0))} gzip (${unknown
    .slice(0, 6)
    .map(([owner]) => owner)
    .join(', ')}${unknown.length > 6 ? ', …' : ''})`,
);
console.log(
  `\nthe portal's own code on the first page: ≈${kb(
    portalOwn.reduce((sum, [, s]) => sum + s.raw, 0),
  )} raw, ≈${kb(portalOwn.reduce((sum, [, s]) => sum + s.gzip, 0))} gzip`,
);
for (const [owner, size] of portalOwn.sort((a, b) => b[1].raw - a[1].raw)) {
  const files = initial
    .flatMap(s => chunkInfo(s.file).sources)
    .filter(s => s.owner === owner)
    .sort((a, b) => b.size - a.size);
  console.log(
    `  ${pad(owner, 46)}${padStart(kb(size.raw), 11)}${padStart(
      kb(size.gzip),
      11,
    )}  largest: ${files
      .slice(0, 3)
      .map(f => `${f.source.replace(/^(\.\.\/)+/, '')} ${kb(f.size)}`)
      .join(', ')}`,
  );
}
if (featureFindings.length) {
  console.log(
    '\nSQL editor, graph layout or chart packages on the first page, and why:',
  );
  for (const { feature, holder } of featureFindings) {
    for (const owner of new Set(holder.packages)) {
      console.log(
        `  ${feature.name}: ${owner} (${holder.file}) ${why(owner).text}`,
      );
    }
  }
}
console.log(
  `\nSQL editor, graph layout and charts: ${
    lazyViolations === 0
      ? 'all lazy'
      : `${lazyViolations} initial chunk(s) hold them`
  }`,
);

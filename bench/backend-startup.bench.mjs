// Starts the built backend (dist-portal) with the embedded defaults and
// reports how long it takes to become ready and to ingest the demo catalog,
// and its resident memory at both points.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const entry = path.join(root, 'dist-portal', 'packages', 'backend');
if (!fs.existsSync(entry)) {
  console.error(
    'No built backend: run `npm run tsc && npm run build:portal` first',
  );
  process.exit(1);
}
const token = 'bench-static-token-0123456789';
const configOverride = path.join(root, 'artefacts', 'bench-app-config.yaml');
fs.mkdirSync(path.dirname(configOverride), { recursive: true });
fs.writeFileSync(
  configOverride,
  `backend:\n  auth:\n    externalAccess:\n      - type: static\n        options:\n          token: ${token}\n          subject: bench\n`,
);

const rssMb = pid =>
  Math.round(
    Number(
      /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1],
    ) / 1024,
  );
const sleep = ms => new Promise(r => setTimeout(r, ms));

const started = Date.now();
const backend = spawn(
  process.execPath,
  [entry, '--config', '../../app-config.yaml', '--config', configOverride],
  {
    cwd: path.join(root, 'packages', 'backend'),
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'ignore',
  },
);

async function until(probe, what) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (backend.exitCode !== null)
      throw new Error(`backend exited with ${backend.exitCode}`);
    if (await probe().catch(() => false)) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

try {
  const ready = await until(
    async () =>
      (
        await fetch('http://localhost:7007/.backstage/health/v1/readiness')
      ).ok,
    'readiness',
  );
  const readyRss = rssMb(backend.pid);
  const ingested = await until(async () => {
    const response = await fetch(
      'http://localhost:7007/api/catalog/entities/by-query?filter=kind=resource,spec.type=dataset&limit=1&fields=metadata.name',
      { headers: { Authorization: `Bearer ${token}` } },
    );
    return response.ok && (await response.json()).totalItems >= 15;
  }, 'the demo catalog');
  await sleep(5000);
  console.log(
    `backend ready after        ${(ready / 1000).toFixed(
      1,
    )} s, RSS ${readyRss} MB`,
  );
  console.log(`demo catalog ingested after ${(ingested / 1000).toFixed(1)} s`);
  console.log(`RSS 5 s after ingestion     ${rssMb(backend.pid)} MB`);
} finally {
  backend.kill();
}

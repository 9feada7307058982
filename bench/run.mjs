// Runs every bench/*.bench.{mjs,ts} one after another and prints their
// figures: `npm run bench`, or `npm run bench -- <part of a name>`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv[2];
const benches = fs
  .readdirSync(dir)
  .filter(f => /\.bench\.(mjs|ts)$/.test(f) && (!only || f.includes(only)))
  .sort();
for (const bench of benches) {
  console.log(`\n## ${bench}`);
  // TypeScript benchmarks run through the Backstage CLI's Node transform,
  // like the backend in development.
  const loader = bench.endsWith('.ts')
    ? ['--require', '@backstage/cli-node/config/nodeTransform.cjs']
    : [];
  execFileSync(process.execPath, [...loader, path.join(dir, bench)], {
    stdio: 'inherit',
  });
}

// Runs every bench/*.bench.mjs one after another and prints their figures.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv[2];
const benches = fs
  .readdirSync(dir)
  .filter(f => f.endsWith('.bench.mjs') && (!only || f.includes(only)))
  .sort();
for (const bench of benches) {
  console.log(`\n## ${bench}`);
  execFileSync(process.execPath, [path.join(dir, bench)], { stdio: 'inherit' });
}

import fs from 'node:fs/promises';
import path from 'node:path';
import {
  encodeFeastRegistry,
  FeastRegistryDocument,
} from '@internal/plugin-feature-store-node';

/**
 * The demo feature repository's registry (`feast/registry.json`, the form
 * protobuf's MessageToDict prints a `feast.core.Registry` in) written as the
 * binary `feast/registry.db` a Feast file registry holds, with Feast's own
 * message definitions. The catalog's Feast provider reads that file like
 * any real registry.db. The file is rewritten only when the JSON changed.
 */
export async function writeDemoFeastRegistry(
  projectDir: string,
): Promise<{ file: string; written: boolean } | undefined> {
  const source = path.join(projectDir, 'feast', 'registry.json');
  const file = path.join(projectDir, 'feast', 'registry.db');
  let json: string;
  try {
    json = await fs.readFile(source, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let document: FeastRegistryDocument;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  const bytes = Buffer.from(encodeFeastRegistry(document));
  const current = await fs.readFile(file).catch(() => undefined);
  if (current?.equals(bytes)) return { file, written: false };
  await fs.writeFile(file, bytes);
  return { file, written: true };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeFeastRegistry } from '@internal/plugin-feature-store-node';
import { writeDemoFeastRegistry } from './feastRegistry';

const demoFeast = path.resolve(
  __dirname,
  '../../../../examples/lakehouse/feast',
);

describe('the demo Feast registry', () => {
  it('is committed as the encoding of registry.json', () => {
    const json = JSON.parse(
      fs.readFileSync(path.join(demoFeast, 'registry.json'), 'utf8'),
    );
    const committed = fs.readFileSync(path.join(demoFeast, 'registry.db'));
    // When this fails, registry.json changed: start the backend (or run this
    // module's writer) to write registry.db again, and commit both.
    expect(decodeFeastRegistry(committed)).toEqual(json);
  });

  it('is written when missing or stale and left alone when current', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-feast-'));
    fs.mkdirSync(path.join(dir, 'feast'));
    fs.copyFileSync(
      path.join(demoFeast, 'registry.json'),
      path.join(dir, 'feast', 'registry.json'),
    );
    try {
      expect(await writeDemoFeastRegistry(dir)).toMatchObject({
        written: true,
      });
      expect(await writeDemoFeastRegistry(dir)).toMatchObject({
        written: false,
      });
      const written = fs.readFileSync(path.join(dir, 'feast', 'registry.db'));
      expect(
        written.equals(fs.readFileSync(path.join(demoFeast, 'registry.db'))),
      ).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file when registry.json is not JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-feast-'));
    fs.mkdirSync(path.join(dir, 'feast'));
    fs.writeFileSync(
      path.join(dir, 'feast', 'registry.json'),
      '{"projects": [',
    );
    try {
      await expect(writeDemoFeastRegistry(dir)).rejects.toThrow(
        /feast\/registry\.json is not JSON/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

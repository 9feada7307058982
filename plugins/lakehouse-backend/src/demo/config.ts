import path from 'node:path';
import fs from 'node:fs';
import { Config } from '@backstage/config';

/** Where the demo lakehouse comes from and where its Parquet files go. */
export interface DemoLakehouseConfig {
  projectDir: string;
  warehouseDir: string;
}

/**
 * Reads `lakehouse.demo`; undefined when no demo is configured. A configured
 * directory that does not exist is a start-up error naming the key.
 */
export function readDemoLakehouseConfig(
  config: Config,
): DemoLakehouseConfig | undefined {
  const demo = config.getOptionalConfig('lakehouse.demo');
  if (!demo) return undefined;
  const projectDir = path.resolve(demo.getString('projectDir'));
  if (!fs.existsSync(path.join(projectDir, 'dbt', 'dbt_project.yml'))) {
    throw new Error(
      `lakehouse.demo.projectDir: ${projectDir} has no dbt/dbt_project.yml (paths resolve from ${process.cwd()})`,
    );
  }
  const warehouseDir = path.resolve(
    demo.getOptionalString('warehouseDir') ??
      path.join(projectDir, 'warehouse'),
  );
  return { projectDir, warehouseDir };
}

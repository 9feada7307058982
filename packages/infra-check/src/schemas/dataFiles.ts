import path from 'node:path';

/** This package's folder, found the way Node resolves the package. */
export function packageDir(): string {
  return path.dirname(require.resolve('@internal/infra-check/package.json'));
}

/** A file of src/schemas/data, the schemas copied from upstream projects. */
export function dataFile(name: string): string {
  return path.join(packageDir(), 'src', 'schemas', 'data', name);
}

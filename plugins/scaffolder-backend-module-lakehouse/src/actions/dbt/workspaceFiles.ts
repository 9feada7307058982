import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** A text file read from the scaffolder workspace. */
export interface WorkspaceFile {
  /** The path as the template gave it, normalised, for messages. */
  name: string;
  /** The real path on disk, inside the workspace. */
  realPath: string;
  text: string;
}

function leavesWorkspace(field: string, name: string): NotAllowedError {
  return new NotAllowedError(
    `${field}: ${name} leads out of the workspace through a symbolic link`,
  );
}

/** Generated files are small; a dbt manifest of a large project is not. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Checks a path a template step gave and refuses anything that could read
 * outside the workspace: absolute paths, `..` segments, and symbolic links
 * (of the file or of a folder on the way) that lead out of it.
 *
 * @throws NotAllowedError when the path leaves the workspace
 * @returns the normalised relative name and the checked absolute path
 */
export function checkWorkspacePath(
  workspacePath: string,
  given: string,
  field: string,
): { name: string; absolutePath: string } {
  if (given.trim() === '') {
    throw new InputError(
      `${field}: is empty; give a path inside the workspace`,
    );
  }
  if (given.includes('\0')) {
    throw new NotAllowedError(`${field}: contains a NUL character`);
  }
  if (path.posix.isAbsolute(given) || path.win32.isAbsolute(given)) {
    throw new NotAllowedError(
      `${field}: "${given}" is an absolute path; give a path relative to the workspace`,
    );
  }
  if (given.split(/[\\/]/).includes('..')) {
    throw new NotAllowedError(
      `${field}: "${given}" contains a ".." segment; give a path inside the workspace`,
    );
  }
  const name = path.posix.normalize(given.replace(/\\/g, '/'));
  try {
    // With `..` and absolute paths refused, only a symbolic link on the
    // way can make this fail.
    return { name, absolutePath: resolveSafeChildPath(workspacePath, given) };
  } catch (error) {
    if (error instanceof NotAllowedError) throw leavesWorkspace(field, name);
    throw error;
  }
}

/**
 * Reads a text file of the workspace after {@link checkWorkspacePath} and a
 * check that its real path, symbolic links resolved, is still inside the
 * workspace.
 *
 * @throws NotAllowedError when the path or a link on it leaves the workspace
 * @throws InputError when the file is missing, not a file, or too large
 */
export async function readWorkspaceFile(
  workspacePath: string,
  given: string,
  field: string,
  options: { maxBytes?: number } = {},
): Promise<WorkspaceFile> {
  const { name, absolutePath } = checkWorkspacePath(
    workspacePath,
    given,
    field,
  );
  const realRoot = await fs.realpath(workspacePath);
  let realPath: string;
  try {
    realPath = await fs.realpath(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(`${field}: ${name} does not exist in the workspace`);
    }
    if (code === 'ELOOP') {
      throw new NotAllowedError(`${field}: ${name} is a symbolic link loop`);
    }
    throw error;
  }
  if (realPath !== realRoot && !isChildPath(realRoot, realPath)) {
    throw leavesWorkspace(field, name);
  }
  const stat = await fs.stat(realPath);
  if (!stat.isFile()) {
    throw new InputError(`${field}: ${name} is not a file`);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (stat.size > maxBytes) {
    throw new InputError(
      `${field}: ${name} has ${stat.size} bytes, more than the ${maxBytes} allowed`,
    );
  }
  const text = await fs.readFile(realPath, 'utf8');
  return { name, realPath, text };
}

/**
 * Like {@link readWorkspaceFile}, but a missing or unreadable file becomes
 * one more problem in the list instead of an error, so that the user sees
 * every problem at once. Paths that leave the workspace still throw.
 */
export async function readWorkspaceFileOrReport(
  workspacePath: string,
  given: string,
  field: string,
  problems: string[],
  options?: { maxBytes?: number },
): Promise<WorkspaceFile | undefined> {
  try {
    return await readWorkspaceFile(workspacePath, given, field, options);
  } catch (error) {
    if (error instanceof InputError) {
      problems.push(error.message);
      return undefined;
    }
    throw error;
  }
}

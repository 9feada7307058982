import { execFile } from 'node:child_process';

/** Whether the `mkdocs` the TechDocs generator runs can be started. */
export interface MkdocsProbe {
  available: boolean;
  /** e.g. `1.4.2`, when mkdocs printed it. */
  version?: string;
  /** Why it cannot be used, when it cannot. */
  problem?: string;
}

/** How to get mkdocs and the theme every docs site of the portal uses. */
export const MKDOCS_INSTALL_HINT =
  'on Debian or Ubuntu: apt-get install -y mkdocs mkdocs-material; elsewhere: pip install mkdocs mkdocs-material';

/**
 * Runs `mkdocs --version` the way the TechDocs generator runs mkdocs: by name,
 * found on the backend's PATH.
 */
export function probeMkdocs(
  options: { command?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<MkdocsProbe> {
  const command = options.command ?? 'mkdocs';
  return new Promise(resolve => {
    execFile(
      command,
      ['--version'],
      { timeout: 30_000, env: options.env ?? process.env },
      (error, stdout) => {
        if (!error) {
          const version = /version\s+(\S+)/.exec(String(stdout))?.[1];
          resolve({ available: true, ...(version ? { version } : {}) });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        resolve({
          available: false,
          problem:
            code === 'ENOENT'
              ? `${command} is not on the PATH of the backend`
              : `${command} --version failed: ${error.message.trim()}`,
        });
      },
    );
  });
}

import { execFile } from 'node:child_process';
import { SUMMARY_SCRIPT } from './summaryScript';

/** How a definition refers to an entity or a data source. */
export type PythonReference =
  | { kind: 'string'; value: string }
  | { kind: 'variable'; name: string }
  | { kind: 'attribute'; object: string; name: string }
  | { kind: 'call'; callee: string | null; name: string | null; text: string }
  | { kind: 'expression'; text: string };

/** A `Field(name=..., dtype=...)` of a feature view's schema. */
export type PythonField =
  | {
      line: number;
      name: string | null;
      isIdentifier: boolean;
      dtype: string | null;
      dtypeText: string | null;
    }
  | { line: number | null; expression: string };

/** What a `*FeatureView(...)` call says, read from its literals. */
export interface PythonFeatureView {
  callee: string;
  line: number;
  /** The names it is assigned to at module level. */
  variables: string[];
  name: string | null;
  nameText: string | null;
  entities: PythonReference[] | { kind: 'expression'; text: string } | null;
  schema: PythonField[] | { kind: 'expression'; text: string } | null;
  source: PythonReference | null;
  ttl:
    | { kind: 'missing' }
    | { kind: 'none' }
    | { kind: 'timedelta'; seconds: number; text: string }
    | { kind: 'expression'; text: string };
  online:
    | { kind: 'missing' }
    | { kind: 'bool'; value: boolean }
    | { kind: 'expression'; text: string };
}

/** An `Entity(...)` or `*Source(...)` definition. */
export interface PythonDefinition {
  line: number;
  variables: string[];
  name: string | null;
  callee?: string;
}

/** The summary of one Python file. */
export type PythonFileSummary =
  | {
      path: string;
      imports: Array<{
        local: string;
        module: string | null;
        name: string | null;
        level: number;
      }>;
      entities: PythonDefinition[];
      sources: PythonDefinition[];
      featureViews: PythonFeatureView[];
    }
  | {
      path: string;
      syntaxError: {
        line: number | null;
        column: number | null;
        message: string;
      };
    }
  | { path: string; error: string };

/** Where to find Python and how long to let it work. */
export interface PythonOptions {
  /** The interpreter; `python3` on the PATH by default. */
  python?: string;
  timeoutMs?: number;
}

/** Environment of the child: enough to find Python, none of the backend's secrets. */
function childEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'SYSTEMROOT', 'LANG', 'LC_ALL'];
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (keep.includes(key.toUpperCase()) || key.startsWith('PYENV_')) {
      env[key] = value;
    }
  }
  return env;
}

/**
 * Parses Python files with `ast.parse` in a child Python process and
 * returns a summary of the Feast objects they define. The files are parsed,
 * never run: their text goes to a fixed program on stdin. Python runs in
 * isolated mode (`-I`), so nothing in the working directory or the
 * environment can change what it imports.
 *
 * @throws Error when Python is missing, fails, or times out
 */
export function summarisePython(
  files: Array<{ path: string; source: string }>,
  options: PythonOptions = {},
): Promise<PythonFileSummary[]> {
  const python = options.python ?? 'python3';
  return new Promise((resolve, reject) => {
    const child = execFile(
      python,
      ['-I', '-B', '-c', SUMMARY_SCRIPT],
      {
        env: childEnv(),
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 32 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            reject(
              new Error(
                `${python} was not found; Python 3 is needed on the Backstage backend host to parse Feast definitions (set lakehouse.scaffolder.feast.python to its path)`,
              ),
            );
          } else if (error.killed) {
            reject(
              new Error(
                `${python} did not finish parsing the Feast definitions within ${
                  options.timeoutMs ?? 30_000
                } ms`,
              ),
            );
          } else {
            const detail =
              stderr.trim().split('\n').slice(-1)[0] || error.message;
            reject(
              new Error(
                `${python} failed to parse the Feast definitions: ${detail}`,
              ),
            );
          }
          return;
        }
        try {
          resolve((JSON.parse(stdout) as { files: PythonFileSummary[] }).files);
        } catch {
          reject(
            new Error(
              `${python} did not print the expected summary of the Feast definitions`,
            ),
          );
        }
      },
    );
    // A failed start also emits an error on stdin; the callback reports it.
    child.stdin?.on('error', () => {});
    child.stdin?.end(JSON.stringify({ files }));
  });
}

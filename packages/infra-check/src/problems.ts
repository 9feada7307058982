/** One thing wrong with infra/, said so a person can find and fix it. */
export interface Problem {
  /** The file, relative to the folder above infra/ (`infra/trino/coordinator.yaml`). */
  file: string;
  /** The object the problem is in, as `Kind name`, when there is one. */
  object?: string;
  message: string;
}

/** `infra/x.yaml: Service trino: <message>`. */
export function formatProblem(problem: Problem): string {
  const where = problem.object
    ? `${problem.file}: ${problem.object}`
    : problem.file;
  return `${where}: ${problem.message}`;
}

/** Problems in a stable order: by file, then as found. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        a.problem.file.localeCompare(b.problem.file) || a.index - b.index,
    )
    .map(({ problem }) => problem);
}

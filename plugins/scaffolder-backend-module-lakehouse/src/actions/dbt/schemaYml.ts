import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** The names of the data tests of a column (`data_tests` and the older `tests`). */
function testNames(column: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const key of ['data_tests', 'tests']) {
    const tests = column[key];
    if (!Array.isArray(tests)) continue;
    for (const test of tests) {
      let name: string | undefined;
      if (typeof test === 'string') {
        name = test;
      } else if (test && typeof test === 'object' && !Array.isArray(test)) {
        name = Object.keys(test)[0];
      }
      if (name) names.add(name.replace(/^dbt\./, ''));
    }
  }
  return names;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the properties file (schema.yml) generated for a model: it parses,
 * has `version: 2`, declares the model with at least one column, every
 * column has a description, and one column, the primary key, is tested both
 * `unique` and `not_null`.
 *
 * @param file - the file's name in the workspace, used in messages
 * @returns one message per problem, each starting with `file:line:`
 */
export function checkSchemaYml(
  text: string,
  file: string,
  modelName: string,
): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (node: unknown) => {
    const offset = (node as Node | undefined)?.range?.[0];
    return offset === undefined
      ? file
      : `${file}:${lineCounter.linePos(offset).line}`;
  };
  if (doc.errors.length > 0) {
    return doc.errors.map(
      e =>
        `${file}:${lineCounter.linePos(e.pos[0]).line}: is not valid YAML: ${
          e.message.split('\n')[0]
        }`,
    );
  }
  const problems: string[] = [];
  const content = doc.toJS();
  if (!isRecord(content)) {
    return [`${file}: must be a YAML mapping with version and models`];
  }
  if (content.version !== 2) {
    problems.push(
      `${at(
        doc.get('version', true),
      )}: version must be 2 (found ${JSON.stringify(content.version ?? null)})`,
    );
  }
  const modelsNode = doc.get('models', true);
  const models = Array.isArray(content.models) ? content.models : [];
  const index = models.findIndex(m => isRecord(m) && m.name === modelName);
  if (index < 0) {
    problems.push(
      `${at(
        modelsNode ?? doc.contents,
      )}: declares no model named "${modelName}" under models`,
    );
    return problems;
  }
  const model = models[index] as Record<string, unknown>;
  const modelNode = isSeq(modelsNode) ? modelsNode.items[index] : undefined;
  const columnsNode = isMap(modelNode)
    ? modelNode.get('columns', true)
    : undefined;
  const columns = Array.isArray(model.columns) ? model.columns : [];
  if (columns.length === 0) {
    problems.push(
      `${at(
        modelNode,
      )}: model ${modelName} declares no columns; document every column it selects`,
    );
    return problems;
  }
  let hasPrimaryKey = false;
  columns.forEach((column, i) => {
    const columnNode = isSeq(columnsNode) ? columnsNode.items[i] : undefined;
    if (!isRecord(column) || typeof column.name !== 'string' || !column.name) {
      problems.push(
        `${at(columnNode)}: model ${modelName}, columns[${i}]: has no name`,
      );
      return;
    }
    if (
      typeof column.description !== 'string' ||
      column.description.trim() === ''
    ) {
      problems.push(
        `${at(columnNode)}: model ${modelName}, column ${
          column.name
        }: description is missing or empty`,
      );
    }
    const tests = testNames(column);
    if (tests.has('unique') && tests.has('not_null')) hasPrimaryKey = true;
  });
  if (!hasPrimaryKey) {
    problems.push(
      `${at(
        modelNode,
      )}: model ${modelName} has no primary key column tested both unique and not_null (add data_tests: [unique, not_null] to it)`,
    );
  }
  return problems;
}

import { LineCounter, parseAllDocuments } from 'yaml';

/** One non-empty document of a multi-document YAML manifest. */
export interface ManifestDocument {
  /** 1-based position among the documents of the file. */
  index: number;
  /** 1-based line where the document starts. */
  line: number;
  value: unknown;
}

/**
 * Parses a YAML file that may hold several documents (`---`), as
 * `kubectl apply -f` reads it. Empty documents are left out.
 *
 * @param file - the file's name in the workspace, used in messages
 * @returns the documents, and one message per YAML error
 */
export function readManifestDocuments(
  text: string,
  file: string,
): { documents: ManifestDocument[]; problems: string[] } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const all = Array.isArray(parsed) ? parsed : [];
  const documents: ManifestDocument[] = [];
  const problems: string[] = [];
  all.forEach((doc, i) => {
    for (const error of doc.errors) {
      problems.push(
        `${file}:${
          lineCounter.linePos(error.pos[0]).line
        }: is not valid YAML: ${error.message.split('\n')[0]}`,
      );
    }
    if (doc.errors.length > 0 || doc.contents === null) return;
    const line = lineCounter.linePos(doc.contents.range[0]).line;
    try {
      // Bounded alias expansion: a "billion laughs" document fails here.
      documents.push({
        index: i + 1,
        line,
        value: doc.toJS({ maxAliasCount: 100 }),
      });
    } catch (error) {
      problems.push(
        `${file}:${line}: cannot be read: ${(error as Error).message}`,
      );
    }
  });
  return { documents, problems };
}

/*
 * YAML bodies as the Kubernetes API server decodes them. Apply patches (`application/apply-patch+yaml`) and
 * `application/yaml` bodies go through sigs.k8s.io/yaml, whose Unmarshal converts YAML to JSON with go-yaml
 * v2 (vendored as sigs.k8s.io/yaml/goyaml.v2, a fork of v2.4.0). go-yaml v2 resolves plain scalars by YAML
 * 1.1 rules: `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0755` is octal, `0b101` binary. The `yaml`
 * package's 1.1 schema does the same, with three exceptions removed here so values come out as go-yaml v2
 * hands them to the API server:
 * - base-60 numbers (`1:20`): go-yaml v2 leaves them strings ("purposefully not supported");
 * - timestamps (`2025-01-01`): go-yaml v2 returns the original text when decoding into interface{} "for
 *   backward compatibility", so they stay strings;
 * - duplicate keys: sigs.k8s.io/yaml.Unmarshal (not UnmarshalStrict) lets the last one win; the API server
 *   only adds a warning, under the default fieldValidation=Warn.
 * Only the first document is read, as go-yaml v2's Unmarshal does; errors in later documents go unseen.
 */
import { parseAllDocuments } from 'yaml';

/** A body that is not YAML; the message is what follows `error decoding YAML: ` in the API server's 400. */
export class YamlDecodeError extends Error {}

/**
 * The first document of `text` as JSON values (`null` for an empty body). Throws {@link YamlDecodeError}
 * with sigs.k8s.io/yaml's wording for text that does not parse.
 */
export function decodeYaml(text: string): unknown {
  const [first] = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    // The 1.1 schema without the tags go-yaml v2 does not resolve plain scalars to.
    customTags: tags =>
      tags.filter(
        t =>
          typeof t === 'string' ||
          (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME'),
      ),
  });
  if (!first) {
    return null;
  }
  const [error] = first.errors;
  if (error) {
    // The library's message ends with the position and a snippet; go-yaml puts the line first.
    const line = error.linePos?.[0].line;
    const message = error.message.split(/ at line \d+/)[0];
    throw new YamlDecodeError(
      `error converting YAML to JSON: yaml: ${
        line ? `line ${line}: ` : ''
      }${message}`,
    );
  }
  return first.toJS();
}

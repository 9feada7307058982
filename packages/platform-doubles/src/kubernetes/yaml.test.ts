/*
 * decodeYaml resolves what manifests contain as the API server's sigs.k8s.io/yaml (go-yaml v2) does:
 * YAML 1.1 scalars, the first document only, duplicate keys without error, and a 400-worthy error naming the
 * line for text that is not YAML. The parsing itself is the `yaml` package's.
 */
import { YamlDecodeError, decodeYaml } from './yaml';

describe('decodeYaml', () => {
  it('resolves plain scalars by YAML 1.1 rules and keeps quoted ones as strings', () => {
    expect(
      decodeYaml(
        [
          'int: 42',
          'float: 2.5',
          'exp: 1e3',
          'hex: 0x1F',
          'octal: 0755',
          'enabled: yes',
          'disabled: off',
          'short: y',
          'null1: ~',
          'null2:',
          'quotedNumber: "42"',
          'quotedBool: "yes"',
          'url: s3://bucket/path#frag',
          'hash: a # comment',
        ].join('\n'),
      ),
    ).toEqual({
      int: 42,
      float: 2.5,
      exp: 1000,
      hex: 31,
      octal: 493,
      enabled: true,
      disabled: false,
      short: true,
      null1: null,
      null2: null,
      quotedNumber: '42',
      quotedBool: 'yes',
      url: 's3://bucket/path#frag',
      hash: 'a',
    });
  });

  it('turns keys that resolve to booleans or numbers into their JSON text, as sigs.k8s.io/yaml does', () => {
    // The classic surprise: an unquoted `y` (or `on`) key is the boolean true.
    expect(decodeYaml('x: 1\ny: 2\non: 3\n8080: http')).toEqual({
      x: 1,
      true: 3,
      8080: 'http',
    });
  });

  it('leaves base-60 numbers and timestamps as strings, as go-yaml v2 does', () => {
    expect(
      decodeYaml('time: 1:20\ndate: 2025-09-02\nat: 2025-09-02T08:00:00Z'),
    ).toEqual({
      time: '1:20',
      date: '2025-09-02',
      at: '2025-09-02T08:00:00Z',
    });
  });

  it('reads the first document only and lets the last duplicate key win', () => {
    expect(decodeYaml('--- # first\na: 1\na: 2\n---\nb: [unclosed\n')).toEqual({
      a: 2,
    });
    expect(decodeYaml('')).toBeNull();
  });

  it('takes JSON as it is, and anchors and merge keys as YAML 1.1 does', () => {
    expect(decodeYaml('{"a": [1, {"b": null}], "c": "yes"}')).toEqual({
      a: [1, { b: null }],
      c: 'yes',
    });
    expect(decodeYaml('base: &b {x: 1}\nderived:\n  <<: *b\n  z: 2')).toEqual({
      base: { x: 1 },
      derived: { x: 1, z: 2 },
    });
  });

  it.each([
    ['bad indentation', 'a: 1\n   b: 2', 1],
    ['an unclosed flow sequence', 'a:\n  b: [1, 2', 2],
    ['tabs as indentation', 'a:\n\tb: 1', 2],
    ['unterminated quotes', 'a: "open', 1],
  ])('refuses %s, naming the line', (_, text, line) => {
    expect(() => decodeYaml(text)).toThrow(YamlDecodeError);
    expect(() => decodeYaml(text)).toThrow(
      new RegExp(`^error converting YAML to JSON: yaml: line ${line}: `),
    );
  });
});

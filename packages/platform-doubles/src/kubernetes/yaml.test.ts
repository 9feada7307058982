/*
 * Tests of the apply-patch YAML reader against YAML 1.1 as sigs.k8s.io/yaml (go-yaml v2) decodes manifests:
 * block and flow collections, scalar resolution, quoting, block scalars, first document only, and errors
 * for the constructs it does not read.
 */
import { YamlDecodeError, parseYaml } from './yaml';

describe('parseYaml', () => {
  it('reads a manifest with nested maps, sequences of maps and comments', () => {
    const text = [
      '--- # first document',
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: churn-sa   # trailing comment',
      '  labels:',
      '    app.kubernetes.io/name: churn',
      'secrets:',
      '- name: minio-credentials',
      '  namespace: ml-serving',
      '-   name: other',
      'imagePullSecrets:',
      '  - name: registry',
      'empty:',
      'list: []',
      'map: {}',
      '---',
      'kind: Ignored',
    ].join('\n');
    expect(parseYaml(text)).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'churn-sa',
        labels: { 'app.kubernetes.io/name': 'churn' },
      },
      secrets: [
        { name: 'minio-credentials', namespace: 'ml-serving' },
        { name: 'other' },
      ],
      imagePullSecrets: [{ name: 'registry' }],
      empty: null,
      list: [],
      map: {},
    });
  });

  it('resolves scalars as YAML 1.1 does and keeps quoted ones as strings', () => {
    expect(
      parseYaml(
        [
          'int: 42',
          'negative: -7',
          'float: 2.5',
          'exp: 1e3',
          'hex: 0x1F',
          'enabled: yes',
          'disabled: off',
          'null1: ~',
          'null2: null',
          'quotedNumber: "42"',
          "single: 'it''s'",
          'double: "tab\\tnewline\\n\\u00e9"',
          'url: s3://bucket/path#frag',
          'colon: a:b',
          'hash: a # comment',
        ].join('\n'),
      ),
    ).toEqual({
      int: 42,
      negative: -7,
      float: 2.5,
      exp: 1000,
      hex: 31,
      enabled: true,
      disabled: false,
      null1: null,
      null2: null,
      quotedNumber: '42',
      single: "it's",
      double: 'tab\tnewline\n\u00e9',
      url: 's3://bucket/path#frag',
      colon: 'a:b',
      hash: 'a',
    });
  });

  it('reads literal and folded block scalars with chomping', () => {
    expect(
      parseYaml(
        [
          'literal: |',
          '  line one',
          '    indented',
          '',
          '  line three',
          'strip: |-',
          '  no newline',
          'keep: |+',
          '  kept',
          '',
          'folded: >',
          '  folded',
          '  text',
          '',
          '  para',
          'after: 1',
        ].join('\n'),
      ),
    ).toEqual({
      literal: 'line one\n  indented\n\nline three\n',
      strip: 'no newline',
      keep: 'kept\n\n',
      folded: 'folded text\npara\n',
      after: 1,
    });
  });

  it('reads flow collections, also over several lines', () => {
    expect(
      parseYaml(
        'args: [--port, 8080, "a, b"]\nenv: {A: 1, B: "two",\n  C: [x]}\nspec: {}',
      ),
    ).toEqual({
      args: ['--port', 8080, 'a, b'],
      env: { A: 1, B: 'two', C: ['x'] },
      spec: {},
    });
  });

  it('takes JSON as it is', () => {
    expect(parseYaml('{"a": [1, {"b": null}], "c": "yes"}')).toEqual({
      a: [1, { b: null }],
      c: 'yes',
    });
  });

  it.each([
    ['bad indentation', 'a: 1\n   b: 2'],
    ['unclosed flow', 'a: [1, 2'],
    ['anchors', 'a: &x 1\nb: *x'],
    ['tabs', 'a:\n\tb: 1'],
    ['duplicate keys', 'a: 1\na: 2'],
    ['unterminated quotes', 'a: "open'],
  ])('refuses %s', (_, text) => {
    expect(() => parseYaml(text)).toThrow(YamlDecodeError);
  });
});

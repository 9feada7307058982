import { parseYamlDocuments } from './yamlFiles';

describe('parseYamlDocuments', () => {
  it('reads every document and leaves out empty ones', () => {
    const parsed = parseYamlDocuments(
      '---\n# a comment\n---\nkind: A\n---\nkind: B\n',
    );
    expect(parsed).toEqual({
      ok: true,
      documents: [{ kind: 'A' }, { kind: 'B' }],
    });
  });

  it('names the line of a syntax error', () => {
    const parsed = parseYamlDocuments('kind: A\nspec:\n  ports: [\n');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]).toMatch(/^line \d+: /);
  });
});

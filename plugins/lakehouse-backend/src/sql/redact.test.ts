import { redactSql, REDACTED_LITERAL } from './index';

describe('redactSql', () => {
  it.each([
    ["SELECT 'a', 'b''c'", "SELECT '?', '?'"],
    ["SELECT E'x\\'y', N'n', B'101', X'FF'", "SELECT '?', '?', '?', '?'"],
    ["SELECT U&'x!0041' UESCAPE '!'", "SELECT '?' UESCAPE '?'"],
    ['SELECT $$a$$, $t$b$t$', "SELECT '?', '?'"],
    [
      "SELECT \"it's\", 12 -- 'comment'\n/* 'x' */",
      "SELECT \"it's\", 12 -- 'comment'\n/* 'x' */",
    ],
    ["SELECT 'open", "SELECT '?'"],
    ["SELECT 'a' /* never closed 'x'", "SELECT '?' /* never closed 'x'"],
    ['', ''],
  ])('redacts %j', (sql, redacted) => {
    expect(redactSql(sql)).toBe(redacted);
  });

  it("uses '?' for a literal", () => {
    expect(REDACTED_LITERAL).toBe("'?'");
  });
});

import { describe, expect, it } from 'vitest';
import { analyseStatement, batchText } from '../../server/seed/statement-analysis.ts';
import {
  parseSeedChunks,
  parseSeedText,
  SeedParseError,
  type SeedItem,
  type SeedStatement,
} from '../../server/cypher/statement-splitter.ts';
import { SeedChecksum } from '../../server/seed/seed-checksum.ts';

const statements = (text: string) =>
  parseSeedText(text).filter((item): item is SeedStatement => item.kind === 'statement');

const checksum = (items: SeedItem[]) => {
  const sum = new SeedChecksum();
  for (const item of items) sum.add(item);
  return sum.digest();
};

function parseError(text: string): SeedParseError {
  try {
    parseSeedText(text);
  } catch (error) {
    if (error instanceof SeedParseError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('splitting a seed file into statements', () => {
  it('when semicolons sit inside strings, backtick names and comments, then they do not end the statement', () => {
    const text = [
      'CREATE (:A {s: \'a;b\', d: "c;d"});',
      'CREATE (:`odd;label` {x: 1}); // trailing; comment',
      '/* block; comment */ MATCH (n) /* inner; */ RETURN n;',
    ].join('\n');
    expect(statements(text).map((s) => s.text)).toEqual([
      'CREATE (:A {s: \'a;b\', d: "c;d"})',
      'CREATE (:`odd;label` {x: 1})',
      'MATCH (n) /* inner; */ RETURN n',
    ]);
  });

  it('when quotes are escaped with a backslash, then the string continues past them', () => {
    const text =
      "CREATE (:A {s: 'it\\'s; fine', t: \"say \\\"hi;\\\"\", u: 'back\\\\'});\nRETURN 2;";
    const parsed = statements(text);
    expect(parsed).toHaveLength(2);
    expect(parsed[0]!.text).toBe(
      "CREATE (:A {s: 'it\\'s; fine', t: \"say \\\"hi;\\\"\", u: 'back\\\\'})",
    );
    expect(parsed[1]!.text).toBe('RETURN 2');
  });

  it('when a backtick name doubles its backtick, then the name continues', () => {
    expect(statements('MATCH (n:`a``;b`) RETURN n; RETURN 1').map((s) => s.text)).toEqual([
      'MATCH (n:`a``;b`) RETURN n',
      'RETURN 1',
    ]);
  });

  it('when the last statement has no semicolon, then it is still a statement', () => {
    expect(statements('RETURN 1;\nRETURN 2\n').map((s) => s.text)).toEqual([
      'RETURN 1',
      'RETURN 2',
    ]);
  });

  it('when the file is empty or only comments, then there are no statements', () => {
    expect(parseSeedText('')).toEqual([]);
    expect(parseSeedText('\n  // nothing here\n/* or here; */\n')).toEqual([]);
  });

  it('when statements start after comments and blank lines, then each keeps the line and column of its first character', () => {
    const text = '// header\n\n  MATCH (n)\n  RETURN n;   CREATE (:B);\n';
    const parsed = statements(text);
    expect(parsed.map(({ line, col, index }) => ({ line, col, index }))).toEqual([
      { line: 3, col: 3, index: 0 },
      { line: 4, col: 15, index: 1 },
    ]);
  });

  it('when the file uses CRLF or CR-only line endings, then statements, positions and checksum match the LF file', () => {
    const lf = "// a seed\nCREATE (:A {s: 'x'});\n\nMATCH (n)\nRETURN n;\n:param limit => 10\n";
    const crlf = lf.replace(/\n/g, '\r\n');
    const cr = lf.replace(/\n/g, '\r');
    const expected = parseSeedText(lf);
    expect(expected).toHaveLength(3);
    expect(parseSeedText(crlf)).toEqual(expected);
    expect(parseSeedText(cr)).toEqual(expected);
    expect(checksum(parseSeedText(crlf))).toBe(checksum(expected));
    expect(checksum(parseSeedText(cr))).toBe(checksum(expected));
  });

  it('when only comments or spacing between statements change, then the checksum does not; when a statement changes, it does', () => {
    const base = checksum(parseSeedText('CREATE (:A);\nCREATE (:B);'));
    expect(checksum(parseSeedText('// note\nCREATE (:A);\n\n\n  CREATE (:B)'))).toBe(base);
    expect(checksum(parseSeedText('CREATE (:A);\nCREATE (:C);'))).not.toBe(base);
  });

  it('when the text arrives in chunks split anywhere (even inside CRLF), then the result is the same as whole', async () => {
    const text =
      "// x\r\nCREATE (:A {s: 'a;b'});\r\n/* c */ MATCH (n:`x y`)\r\nRETURN n;\r\n:begin\r\nRETURN 'é';\r\n:commit\r\n";
    const whole = parseSeedText(text);
    for (const size of [1, 2, 3, 7]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const items: SeedItem[] = [];
      for await (const item of parseSeedChunks(chunks)) items.push(item);
      expect(items).toEqual(whole);
    }
  });

  it('when a file starts with a byte order mark, then it is ignored', () => {
    expect(statements('\uFEFFRETURN 1;')[0]).toMatchObject({ text: 'RETURN 1', line: 1, col: 1 });
  });
});

describe('cypher-shell commands', () => {
  it('when :param sets one value with =>, then the name and expression are kept with the expression position', () => {
    const [item] = parseSeedText('\n:param  limit => 10 * 2\nRETURN $limit;');
    expect(item).toEqual({
      kind: 'param',
      line: 2,
      col: 1,
      name: 'limit',
      expression: '10 * 2',
      expressionLine: 2,
      expressionCol: 18,
    });
  });

  it('when :param sets a map spanning lines, then it is one command holding the whole map', () => {
    const items = parseSeedText(":param {\n  a: 1,\n  b: 'x;y'\n}\nRETURN $a, $b;");
    expect(items[0]).toMatchObject({
      kind: 'param',
      name: undefined,
      expression: "{\n  a: 1,\n  b: 'x;y'\n}",
    });
    expect(items[1]).toMatchObject({ kind: 'statement', text: 'RETURN $a, $b', line: 5 });
  });

  it('when a :param name is backticked, then the backticks are removed', () => {
    expect(parseSeedText(':param `the limit` => 5')[0]).toMatchObject({
      name: 'the limit',
      expression: '5',
    });
  });

  it('when :begin and :commit wrap statements, then they come out in order', () => {
    const items = parseSeedText(
      ':begin\nCREATE (:A);\nCREATE (:B);\n:commit\n:begin\nCREATE (:C);\n:rollback\n',
    );
    expect(items.map((i) => (i.kind === 'statement' ? i.text : `:${i.kind}`))).toEqual([
      ':begin',
      'CREATE (:A)',
      'CREATE (:B)',
      ':commit',
      ':begin',
      'CREATE (:C)',
      ':rollback',
    ]);
  });

  it('when an unknown :command appears, then the error names it at its line and column', () => {
    const error = parseError('RETURN 1;\n  :use neo4j\nRETURN 2;');
    expect(error.message).toMatch(/unknown command :use/);
    expect([error.line, error.col]).toEqual([2, 3]);
  });

  it('when :param has neither a name nor a map, then it is an error at its position', () => {
    const error = parseError('\n:param 42');
    expect(error.message).toMatch(/:param name => value/);
    expect([error.line, error.col]).toEqual([2, 1]);
  });

  it('when a string is never closed, then the error points at its opening quote', () => {
    const error = parseError("RETURN 1;\nCREATE (:A {s: 'oops});\n");
    expect(error.message).toMatch(/unterminated string/);
    expect([error.line, error.col]).toEqual([2, 16]);
  });

  it('when a block comment is never closed, then the error points at its opening /*', () => {
    const error = parseError('RETURN 1;\nRETURN 2; /* note\nMATCH (n)\nRETURN n;\n');
    expect(error.message).toMatch(/unterminated \/\* comment/);
    expect([error.line, error.col]).toEqual([2, 11]);
  });
});

describe('what the loader learns about a statement', () => {
  it('when CALL { … } IN TRANSACTIONS is written in code, then it is detected; in a string, backtick name or comment, it is not', () => {
    expect(
      analyseStatement('MATCH (n) CALL (n) { SET n.x = 1 } IN TRANSACTIONS OF 10 ROWS')
        .inTransactions,
    ).toBe(true);
    expect(
      analyseStatement('MATCH (n) CALL { SET n.x = 1 } IN 4 CONCURRENT TRANSACTIONS')
        .inTransactions,
    ).toBe(true);
    expect(analyseStatement("RETURN '} IN TRANSACTIONS' AS s").inTransactions).toBe(false);
    expect(analyseStatement('MATCH (`} IN TRANSACTIONS`) RETURN 1').inTransactions).toBe(false);
    expect(analyseStatement('MATCH (n) /* } IN TRANSACTIONS */ RETURN n').inTransactions).toBe(
      false,
    );
    expect(analyseStatement('MATCH (n) WHERE n.id IN transactions RETURN n').inTransactions).toBe(
      false,
    );
  });

  it('when a statement reads files or URLs, then it is flagged; a mention in a plain string is not', () => {
    expect(
      analyseStatement("LOAD CSV FROM 'file:///x.csv' AS row RETURN row").fileAccess?.reason,
    ).toMatch(/LOAD CSV/);
    expect(
      analyseStatement("CALL apoc.load.json('http://x') YIELD value RETURN value").fileAccess
        ?.reason,
    ).toMatch(/apoc\.load\.json/);
    expect(analyseStatement("CALL apoc.cypher.runFile('x.cypher')").fileAccess).toBeDefined();
    expect(
      analyseStatement(
        "CALL apoc.periodic.iterate(\"LOAD CSV FROM 'file:///x' AS r RETURN r\", 'CREATE (:A)', {})",
      ).fileAccess,
    ).toBeDefined();
    expect(analyseStatement("CREATE (:Note {text: 'how to LOAD CSV'})").fileAccess).toBeUndefined();
  });

  it('when a statement creates an index or constraint, then it is schema; CREATE of nodes is not', () => {
    expect(
      analyseStatement('CREATE CONSTRAINT a IF NOT EXISTS FOR (n:A) REQUIRE n.id IS UNIQUE').schema,
    ).toBe(true);
    expect(analyseStatement('CREATE FULLTEXT INDEX f FOR (n:A) ON EACH [n.name]').schema).toBe(
      true,
    );
    expect(analyseStatement('DROP INDEX f IF EXISTS').schema).toBe(true);
    expect(analyseStatement('CREATE (:A {id: 1})').schema).toBe(false);
  });

  it('when literals are parameterised, then strings are decoded and numbers typed, and range bounds stay literal', () => {
    const analysis = analyseStatement(
      "MATCH (a:A {id: 1})-[:R*1..3]->(b {name: 'it\\'s \\u00e9'}) WHERE b.x > 2.5 AND b.y = 0x1F MERGE (a)-[:S {w: -3}]->(b)",
    );
    expect(analysis.parameterised?.text).toBe(
      'MATCH (a:A {id: $__seed0})-[:R*1..3]->(b {name: $__seed1}) WHERE b.x > $__seed2 AND b.y = $__seed3 MERGE (a)-[:S {w: -$__seed4}]->(b)',
    );
    expect(analysis.parameterised?.params).toEqual({
      __seed0: 1n,
      __seed1: "it's é",
      __seed2: 2.5,
      __seed3: 31n,
      __seed4: 3n,
    });
  });

  it('when a statement returns rows or limits, then it is not batched; a plain MERGE is', () => {
    expect(analyseStatement("MERGE (n:A {id: 1}) SET n.name = 'a'").coalescable).toBe(true);
    expect(analyseStatement('MATCH (n:A {id: 1}) RETURN n').coalescable).toBe(false);
    expect(analyseStatement('MATCH (n:A) WITH n LIMIT 1 SET n.x = 1').coalescable).toBe(false);
    expect(batchText('MERGE (n:A {id: $__seed0})')).toBe(
      'UNWIND $__seedRows AS __seedRow\nCALL {\nWITH __seedRow\nMERGE (n:A {id: __seedRow.__seed0})\n}',
    );
  });

  it('when a statement uses a quantified path or SHORTEST k, then those numbers stay literal', () => {
    const text = analyseStatement(
      "MATCH p = SHORTEST 2 (a {id: 'x'})((:A)-->(:B)){1,3}(b) RETURN p",
    ).parameterised?.text;
    expect(text).toBe('MATCH p = SHORTEST 2 (a {id: $__seed0})((:A)-->(:B)){1,3}(b) RETURN p');
  });
});

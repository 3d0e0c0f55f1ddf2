import { describe, expect, it } from 'vitest';
import { findAdministration } from '../../server/cypher/administration.ts';
import { positionIn } from '../../server/cypher/positions.ts';
import { scanCypher, wordOf } from '../../server/cypher/scanner.ts';
import { parseSeedText, type SeedStatement } from '../../server/cypher/statement-splitter.ts';
import { AppError } from '../../server/errors.ts';
import { analyseStatement } from '../../server/seed/statement-analysis.ts';
import { vetConsoleText } from '../../server/services/console-guard.ts';

const words = (text: string) =>
  scanCypher(text)
    .filter((t) => t.kind === 'ident')
    .map((t) => wordOf(t));

function consoleRefusal(cypher: string): string | null {
  try {
    vetConsoleText(cypher);
    return null;
  } catch (error) {
    if (error instanceof AppError && error.status === 403) {
      return (error.details as { reason: string }).reason;
    }
    throw error;
  }
}

/** Every character Neo4j 5's lexer skips as a space (its SPACE rule). */
const NEO4J_SPACES = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
  0x3000,
].map((code) => ({
  code: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
  ch: String.fromCharCode(code),
}));

describe('the Cypher scanner', () => {
  it('when text holds strings, comments and backtick names, then only the code outside them is words', () => {
    const tokens = scanCypher(
      "MATCH (n) // SHOW USERS\n/* LOAD CSV */ WHERE n.name = 'USE system' RETURN n AS `DROP USER x`",
    );
    expect(
      words(
        "MATCH (n) // SHOW USERS\n/* LOAD CSV */ WHERE n.name = 'USE system' RETURN n AS `DROP USER x`",
      ),
    ).toEqual(['MATCH', 'N', 'WHERE', 'N', 'NAME', 'RETURN', 'N', 'AS']);
    expect(tokens.find((t) => t.kind === 'string')?.value).toBe('USE system');
    expect(tokens.find((t) => t.kind === 'quoted')?.name).toBe('DROP USER x');
  });

  it('when a string escapes its quote, then the string does not end early', () => {
    const tokens = scanCypher("RETURN 'it\\'s; SHOW USERS' AS x");
    expect(tokens.filter((t) => t.kind === 'string')).toHaveLength(1);
    expect(tokens.some((t) => t.name === ';')).toBe(false);
  });

  it('when a backtick name doubles its backtick, then the name continues', () => {
    expect(scanCypher('RETURN 1 AS `a``b`').at(-1)).toMatchObject({ kind: 'quoted', name: 'a`b' });
  });

  it.each(NEO4J_SPACES)(
    'when $code stands between two words, then it separates them as Neo4j does',
    ({ ch }) => {
      expect(words(`LOAD${ch}CSV`)).toEqual(['LOAD', 'CSV']);
    },
  );

  it('when a // comment ends with a lone CR, then the next line is code again', () => {
    expect(words('RETURN 1 // note\rLOAD CSV')).toEqual(['RETURN', 'LOAD', 'CSV']);
  });

  it('when a full-width apostrophe appears, then it is not a quote and the words after it stay words', () => {
    expect(words('RETURN ＇ AS x LOAD CSV FROM ＇')).toEqual([
      'RETURN',
      'AS',
      'X',
      'LOAD',
      'CSV',
      'FROM',
    ]);
  });

  it('when names use full-width letters, then they read as the letters they imitate', () => {
    expect(words('ＳＨＯＷ ＵＳＥＲＳ')).toEqual(['SHOW', 'USERS']);
  });

  it('when an offset is mapped, then lines and columns count from the statement start', () => {
    expect(positionIn('MATCH (n)\nRETURN x', 17, { line: 4, col: 3 })).toEqual({ line: 5, col: 8 });
    expect(positionIn('MATCH (n)', 6, { line: 4, col: 3 })).toEqual({ line: 4, col: 9 });
  });
});

describe('the scanner closes the text-wall bypasses (console and seeds read alike)', () => {
  it.each(NEO4J_SPACES)(
    'when LOAD and CSV are separated by $code, then the console refuses it and a seed file needs file access',
    ({ ch }) => {
      const cypher = `LOAD${ch}CSV FROM 'http://127.0.0.1:7474/' AS l RETURN l`;
      expect(consoleRefusal(cypher)).toBe('load-csv');
      expect(analyseStatement(cypher).fileAccess?.reason).toMatch(/LOAD CSV/);
    },
  );

  it('when a CR ends a // comment before LOAD CSV, then the console refuses it', () => {
    expect(
      consoleRefusal(
        "RETURN 1 AS x // c\rUNION LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l AS x",
      ),
    ).toBe('load-csv');
  });

  it('when full-width apostrophes would hide LOAD CSV inside a string after NFKC, then the console still sees it', () => {
    expect(consoleRefusal("RETURN ＇ AS x LOAD CSV FROM 'file:///etc/passwd' AS y RETURN ＇")).toBe(
      'load-csv',
    );
  });

  it('when U+001C–U+001F separate administration words, then they are administration', () => {
    expect(consoleRefusal('SHOW\u001cUSERS')).toBe('administration');
    expect(consoleRefusal('CREATE\u001dUSER x SET PASSWORD "secret"')).toBe('administration');
    expect(consoleRefusal('CALL\u2028dbms.components()')).toBe('procedure');
  });

  it('when a seed file separates words with VT, U+2028 or U+001C, then its statements still read LOAD CSV', () => {
    const [statement] = parseSeedText(
      "\u000bLOAD\u2028CSV\u001cFROM 'http://x' AS l\nCREATE (:A {v: l[0]});",
    ).filter((item): item is SeedStatement => item.kind === 'statement');
    expect(analyseStatement(statement!.text).fileAccess).toBeDefined();
  });

  it('when administration is written with odd spacing, then it is found; CREATE of a :USER node is not administration', () => {
    expect(
      findAdministration(scanCypher('CREATE\u000bUSER mallory SET PASSWORD "x"'))?.command,
    ).toBe('CREATE USER');
    expect(findAdministration(scanCypher('ALTER\u2028USER neo4j SET PASSWORD "x"'))?.command).toBe(
      'ALTER USER',
    );
    expect(findAdministration(scanCypher('CREATE (u:USER {name: "x"})'))).toBeUndefined();
    expect(findAdministration(scanCypher('MERGE (r:ROLE {name: "admin"})'))).toBeUndefined();
  });
});

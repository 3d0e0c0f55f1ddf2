import { isPunct, type Token, wordOf } from './scanner.ts';

/**
 * Administration and system commands — users, roles, privileges, databases, aliases,
 * servers, settings, transactions — found in scanned Cypher. The console refuses them and
 * seed files never run them, in whatever block or spacing they are written. Only the
 * words right after a verb count (`CREATE USER`, `CREATE OR REPLACE DATABASE`), so a data
 * statement such as `CREATE (u:USER)` is not mistaken for one.
 */

const ADMIN_NOUNS = new Set([
  'USER',
  'USERS',
  'ROLE',
  'ROLES',
  'PRIVILEGE',
  'PRIVILEGES',
  'DATABASE',
  'DATABASES',
  'COMPOSITE',
  'ALIAS',
  'ALIASES',
  'SERVER',
  'SERVERS',
]);
const SHOW_ALLOWED = new Set([
  'INDEX',
  'INDEXES',
  'CONSTRAINT',
  'CONSTRAINTS',
  'PROCEDURE',
  'PROCEDURES',
  'FUNCTION',
  'FUNCTIONS',
]);
const SHOW_DENIED = new Set([
  ...ADMIN_NOUNS,
  'CURRENT',
  'HOME',
  'DEFAULT',
  'TRANSACTION',
  'TRANSACTIONS',
  'SETTING',
  'SETTINGS',
  'POPULATED',
  'SUPPORTED',
]);
const ADMIN_VERBS = new Set([
  'CREATE',
  'DROP',
  'ALTER',
  'RENAME',
  'START',
  'STOP',
  'ENABLE',
  'DEALLOCATE',
  'REALLOCATE',
  'DRYRUN',
]);

const word = (token: Token | undefined) => (token?.kind === 'ident' ? wordOf(token) : undefined);

/** The words after token `i` up to the first token that is not a plain word. */
function wordsAfter(tokens: Token[], i: number, limit: number): string[] {
  const words: string[] = [];
  for (let k = i + 1; k < tokens.length && words.length < limit; k++) {
    const next = word(tokens[k]);
    if (next === undefined) break;
    words.push(next);
  }
  return words;
}

/** The command (`CREATE USER`, `SHOW SETTINGS`…) when token `i` starts one, else undefined. */
export function administrationAt(tokens: Token[], i: number): string | undefined {
  const verb = word(tokens[i]);
  if (verb === undefined || isPunct(tokens[i - 1], '.', ':')) return undefined;
  const next = tokens[i + 1];
  const nextWord = word(next);
  switch (verb) {
    case 'TERMINATE':
      return nextWord === 'TRANSACTION' || nextWord === 'TRANSACTIONS' ? 'TERMINATE' : undefined;
    case 'GRANT':
    case 'DENY':
    case 'REVOKE':
      return next && (next.kind === 'ident' || next.kind === 'quoted') ? verb : undefined;
    case 'SHOW': {
      if (!nextWord) return undefined;
      const following = tokens
        .slice(i + 1, i + 6)
        .map(word)
        .filter((w): w is string => w !== undefined);
      const allowedAt = following.findIndex((w) => SHOW_ALLOWED.has(w));
      const deniedAt = following.findIndex((w) => SHOW_DENIED.has(w));
      // `SHOW USER DEFINED FUNCTIONS` is a listing of functions, not of users.
      const userDefined = following[0] === 'USER' && following[1] === 'DEFINED';
      if (allowedAt !== -1 && (deniedAt === -1 || userDefined || allowedAt < deniedAt)) {
        return undefined;
      }
      return `SHOW ${nextWord}`;
    }
    default:
      break;
  }
  if (!ADMIN_VERBS.has(verb) || nextWord === undefined) return undefined;
  if (verb === 'ALTER') return `ALTER ${nextWord}`;
  return wordsAfter(tokens, i, 4).some((w) => ADMIN_NOUNS.has(w))
    ? `${verb} ${nextWord}`
    : undefined;
}

/** The first administration command in `tokens`, with the offset where it starts. */
export function findAdministration(
  tokens: Token[],
): { command: string; offset: number } | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const command = administrationAt(tokens, i);
    if (command) return { command, offset: tokens[i]!.start };
  }
  return undefined;
}

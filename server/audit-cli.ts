import { parseArgs } from 'node:util';
import { AuditRepository } from './auth/audit-repository.ts';
import { cliConfig, runCommand, withDatabase } from './cli/open-database.ts';

const USAGE = `Export Entente's audit trail as JSON lines, oldest first.

Usage: npm run audit -- [--since <date-time>] [--until <date-time>] [--user <name>] [--action <name>]

  --since, --until     ISO dates or date-times, inclusive (e.g. 2026-11-30 or 2026-11-30T12:00:00Z)
  --user, --action     only this user's entries, only this action (sign-in, console-query, …)
  --uri, --user-db, --password, --database
                       the Neo4j to read (default: NEO4J_URI, else the local embedded Neo4j)
  -h, --help           show this help

Exit status: 0 ok, 1 failed, 2 usage.`;

const PAGE = 500;

/** A date alone means its midnight UTC. */
function dateTime(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (Number.isNaN(Date.parse(iso))) throw new Error(`${option}: not a date-time: ${value}`);
  return new Date(iso).toISOString();
}

async function main(argv: string[]): Promise<number> {
  let values;
  let since: string | undefined;
  let until: string | undefined;
  try {
    values = parseArgs({
      args: argv,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        user: { type: 'string' },
        action: { type: 'string' },
        uri: { type: 'string' },
        'user-db': { type: 'string' },
        password: { type: 'string' },
        database: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
    since = dateTime(values.since, '--since');
    until = dateTime(values.until, '--until');
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = cliConfig({ ...values, user: values['user-db'] });
  if (!config) return 2;
  return withDatabase(config, async ({ db }) => {
    const repository = new AuditRepository(db);
    const filter = { user: values.user, action: values.action, since, until };
    // Pages come newest first; the export reads them all, then prints oldest first.
    const all = [];
    for (let offset = 0; ; offset += PAGE) {
      const { entries } = await repository.list({ ...filter, limit: PAGE, offset });
      all.push(...entries);
      if (entries.length < PAGE) break;
    }
    for (const entry of all.reverse()) process.stdout.write(`${JSON.stringify(entry)}\n`);
    console.error(`${all.length} entries`);
    return 0;
  });
}

runCommand(main);

import { userInfo } from 'node:os';
import { AuditRepository } from './auth/audit-repository.ts';
import { AuditService } from './auth/audit-service.ts';
import { generatePassword, MIN_PASSWORD_LENGTH, PasswordHasher } from './auth/passwords.ts';
import { isRole, ROLES, type Role } from './auth/roles.ts';
import { resolveSecret } from './auth/secret.ts';
import { UserRepository } from './auth/user-repository.ts';
import {
  cliConfig,
  parseCommandLine,
  runCommand,
  UsageError,
  withDatabase,
} from './cli/open-database.ts';

const USAGE = `Manage the accounts of Entente (ENTENTE_AUTH=local).

Usage: npm run users -- <command> [options]

Commands:
  add <name> --role viewer|analyst|admin   create an account
  list                                     names, roles and creation dates
  set-role <name> --role viewer|analyst|admin
  reset-password <name>                    set a new password; signs the user out
  remove <name>                            delete the account and its sessions

A password is read from standard input when something is piped in
(echo "$PW" | npm run users -- add ada --role analyst); otherwise one is generated
and printed once. Passwords have at least ${MIN_PASSWORD_LENGTH} characters.

Options:
  --uri <uri>          the Neo4j to use (default: NEO4J_URI, else the local embedded Neo4j)
  --user <name>        default: NEO4J_USER or neo4j
  --password <secret>  default: NEO4J_PASSWORD
  --database <name>    default: NEO4J_DATABASE or the server's default
  -h, --help           show this help

Exit status: 0 ok, 1 failed (e.g. no such user), 2 usage.`;

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

function parse(argv: string[]) {
  return parseCommandLine(argv, {
    role: { type: 'string' },
  } as const);
}

function roleOption(value: string | undefined): Role {
  if (value === undefined) throw new UsageError(`--role is required: ${ROLES.join(', ')}`);
  if (!isRole(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return value;
}

function usernameArgument(value: string | undefined): string {
  if (value === undefined) throw new UsageError('a user name is required');
  if (!USERNAME.test(value)) {
    throw new UsageError('a user name is 1–64 letters, digits, ".", "_", "@" or "-"');
  }
  // The admin token acts as `token`; no account may take that name.
  if (value === 'token') throw new UsageError('"token" is reserved for the admin token');
  return value;
}

/** The piped password, or a generated one (then printed once). */
async function newPassword(): Promise<{ password: string; generated: boolean }> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const piped = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (piped !== '') {
      if (piped.length < MIN_PASSWORD_LENGTH) {
        throw new UsageError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
      }
      return { password: piped, generated: false };
    }
  }
  return { password: generatePassword(), generated: true };
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, name] = args.positionals;
  const config = cliConfig(args.values);
  if (!config) return 2;

  let run: (users: UserRepository) => Promise<number>;
  const hasher = () =>
    new PasswordHasher(resolveSecret(config.auth.secret, config.embedded.homeDir));
  const actor = `cli:${userInfo().username}`;
  let audit: AuditService | undefined;
  const record = (action: string, target: string, details: Record<string, unknown> | null) =>
    audit?.record({ user: actor, action, target, outcome: 'success', ip: null, details });
  try {
    switch (command) {
      case 'add': {
        const username = usernameArgument(name);
        const role = roleOption(args.values.role);
        run = async (users) => {
          const { password, generated } = await newPassword();
          if (!(await users.create(username, role, await hasher().hash(password)))) {
            console.error(`A user named ${username} already exists.`);
            return 1;
          }
          await record('user-add', username, { role });
          console.log(`Added ${username} (${role}).`);
          if (generated) console.log(`Password (shown once): ${password}`);
          return 0;
        };
        break;
      }
      case 'list':
        run = async (users) => {
          const all = await users.list();
          if (all.length === 0) console.log('No users yet.');
          for (const user of all) {
            console.log(`${user.username.padEnd(24)} ${user.role.padEnd(8)} ${user.createdAt}`);
          }
          return 0;
        };
        break;
      case 'set-role': {
        const username = usernameArgument(name);
        const role = roleOption(args.values.role ?? args.positionals[2]);
        run = async (users) => {
          if (!(await users.setRole(username, role))) return noSuchUser(username);
          await record('user-set-role', username, { role });
          console.log(`${username} is now ${role}.`);
          return 0;
        };
        break;
      }
      case 'reset-password': {
        const username = usernameArgument(name);
        run = async (users) => {
          const { password, generated } = await newPassword();
          if (!(await users.setPassword(username, await hasher().hash(password)))) {
            return noSuchUser(username);
          }
          await record('user-reset-password', username, null);
          console.log(`New password set for ${username}; their sessions have ended.`);
          if (generated) console.log(`Password (shown once): ${password}`);
          return 0;
        };
        break;
      }
      case 'remove': {
        const username = usernameArgument(name);
        run = async (users) => {
          if (!(await users.remove(username))) return noSuchUser(username);
          await record('user-remove', username, null);
          console.log(`Removed ${username}.`);
          return 0;
        };
        break;
      }
      default:
        throw new UsageError(command ? `unknown command: ${command}` : 'a command is required');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }

  return withDatabase(config, async ({ db }) => {
    try {
      const users = new UserRepository(db);
      await users.ensureSchema();
      audit = new AuditService(new AuditRepository(db));
      return await run(users);
    } catch (error) {
      if (error instanceof UsageError) {
        console.error(error.message);
        return 2;
      }
      throw error;
    }
  });
}

function noSuchUser(username: string): number {
  console.error(`No user named ${username}.`);
  return 1;
}

runCommand(main);

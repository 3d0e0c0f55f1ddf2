import type { z } from 'zod';
import { badRequest } from '../errors.ts';

/** Deeper input is refused before validation, whose recursion would overflow the stack. */
export const MAX_INPUT_DEPTH = 64;

/** Parses request input with a zod schema; a failure is a 400 naming the field. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'query' | 'body' | 'path',
): z.output<S> {
  if (nestedDeeperThan(input, MAX_INPUT_DEPTH)) {
    const message = `nested more than ${MAX_INPUT_DEPTH} levels deep`;
    throw badRequest('INVALID_REQUEST', `${where}: ${message}`, {
      in: where,
      issues: [{ field: where, message }],
    });
  }
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const keys =
      issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : [];
    const path = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])];
    return { field: path.length > 0 ? path.join('.') : where, message: issue.message };
  });
  const first = issues[0] ?? { field: where, message: 'invalid' };
  throw badRequest('INVALID_REQUEST', `${first.field}: ${first.message}`, { in: where, issues });
}

/** Walks arrays and objects without recursion, so any depth is measured safely. */
function nestedDeeperThan(input: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[input, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}

import type { z } from 'zod';
import { badRequest } from '../errors.ts';

/** Parses request input with a zod schema; a failure is a 400 naming the field. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'query' | 'body' | 'path',
): z.output<S> {
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

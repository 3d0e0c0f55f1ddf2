import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { JsonValue, QueryResponse, SavedQuery, SavedQueryParameter } from '../api-types.ts';
import { toDriverDate, toDriverInteger } from '../db/value-mapper.ts';
import { badRequest, notFound } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { QueryService } from './query-service.ts';
import { parseSavedQuery, SavedQueryFormatError } from './saved-query-header.ts';

const SAVED_QUERY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/**
 * Saved, parameterised analyst questions: one `.cypher` file each in a folder, read
 * afresh on every call so a new file shows up without a restart.
 */
export class SavedQueryService {
  constructor(
    private readonly dir: string,
    private readonly queries: QueryService,
    private readonly logger?: Logger,
  ) {}

  async list(): Promise<SavedQuery[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.cypher')).sort();
    } catch {
      return [];
    }
    const loaded = await Promise.all(names.map((file) => this.load(file.slice(0, -7))));
    return loaded.filter((q): q is SavedQuery => q !== null);
  }

  async run(
    name: string,
    params: Record<string, JsonValue>,
    limit?: number,
  ): Promise<QueryResponse> {
    const query = SAVED_QUERY_NAME.test(name) ? await this.load(name) : null;
    if (!query) throw notFound(`No saved query named "${name}".`);
    const parsed = parameterSchema(query.parameters).safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? `params.${issue.path.join('.')}` : 'params';
      throw badRequest(
        'INVALID_REQUEST',
        `${field}: ${issue?.message ?? 'invalid'}`,
        parsed.error.issues.map((i) => ({
          path: ['params', ...i.path].join('.'),
          message: i.message,
        })),
      );
    }
    return this.queries.runStatement(
      query.cypher,
      toDriverParameters(query.parameters, parsed.data),
      limit,
    );
  }

  private async load(name: string): Promise<SavedQuery | null> {
    const file = `${name}.cypher`;
    let text: string;
    try {
      text = await readFile(join(this.dir, file), 'utf8');
    } catch {
      return null;
    }
    try {
      return { name, ...parseSavedQuery(file, text) };
    } catch (error) {
      if (error instanceof SavedQueryFormatError) {
        this.logger?.warn({ file: error.file, line: error.line }, error.message);
        return null;
      }
      throw error;
    }
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
}

function valueSchema(type: SavedQueryParameter['type']): z.ZodType {
  switch (type) {
    case 'string':
      return z.string().max(10_000);
    case 'integer':
      return z.union(
        [
          z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
          z
            .string()
            .regex(/^-?\d{1,15}$/)
            .transform(Number),
        ],
        { error: 'expected a whole number' },
      );
    case 'float':
      return z.union(
        [
          z.number(),
          z
            .string()
            .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
            .transform(Number),
        ],
        { error: 'expected a number' },
      );
    case 'boolean':
      return z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
        error: 'expected true or false',
      });
    case 'date':
      return z
        .string()
        .regex(ISO_DATE, 'expected a date as YYYY-MM-DD')
        .refine(isCalendarDate, 'expected a real calendar date');
  }
}

/** The zod schema for a saved query's parameters, built from its header. */
export function parameterSchema(parameters: SavedQueryParameter[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const p of parameters) {
    const schema = valueSchema(p.type);
    shape[p.name] = p.default === undefined ? schema : schema.optional();
  }
  return z.strictObject(shape);
}

function toDriverParameters(
  parameters: SavedQueryParameter[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const mapped: Record<string, unknown> = {};
  for (const p of parameters) {
    const value = values[p.name] ?? p.default ?? null;
    if (value === null) {
      mapped[p.name] = null;
    } else if (p.type === 'integer') {
      mapped[p.name] = toDriverInteger(Number(value));
    } else if (p.type === 'float') {
      mapped[p.name] = Number(value);
    } else if (p.type === 'date') {
      mapped[p.name] = toDriverDate(String(value));
    } else {
      mapped[p.name] = value;
    }
  }
  return mapped;
}

import type { JsonValue, SavedQueryParameter } from '../api-types.ts';

/**
 * Saved questions are `.cypher` files whose leading comment lines say what they are:
 *
 *   // title: Who backs a state?
 *   // description: States and others that back the given state.
 *   // param: state string default="Russia" - the state being backed
 *
 * followed by one read-only Cypher statement.
 */

export interface SavedQueryFile {
  title: string;
  description: string;
  parameters: SavedQueryParameter[];
  cypher: string;
}

export class SavedQueryFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'SavedQueryFormatError';
  }
}

const PARAMETER_TYPES = ['string', 'integer', 'float', 'boolean', 'date'] as const;
type ParameterType = (typeof PARAMETER_TYPES)[number];

const HEADER_LINE = /^\s*\/\/\s*(title|description|param)\s*:\s*(.*?)\s*$/i;
const PARAM_HEAD = /^([\p{L}_][\p{L}\p{N}_]*)\s+([a-z]+)\s*(.*)$/iu;
const JSON_STRING = /^"(?:[^"\\]|\\.)*"/;

export function parseSavedQuery(file: string, text: string): SavedQueryFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let title = '';
  let description = '';
  const parameters: SavedQueryParameter[] = [];
  let body = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (!line.trim().startsWith('//')) {
      body = i;
      break;
    }
    const header = HEADER_LINE.exec(line);
    if (!header) continue;
    const key = (header[1] ?? '').toLowerCase();
    const value = header[2] ?? '';
    if (key === 'title') title = value;
    else if (key === 'description') description = value;
    else parameters.push(parseParameter(file, i + 1, value));
  }
  const cypher = lines.slice(body).join('\n').trim().replace(/;\s*$/, '').trim();
  if (cypher === '') throw new SavedQueryFormatError(file, lines.length, 'no Cypher statement');
  const seen = new Set<string>();
  for (const p of parameters) {
    if (seen.has(p.name)) throw new SavedQueryFormatError(file, 1, `parameter ${p.name} twice`);
    seen.add(p.name);
  }
  return { title: title || file, description, parameters, cypher };
}

function parseParameter(file: string, line: number, spec: string): SavedQueryParameter {
  const head = PARAM_HEAD.exec(spec);
  if (!head) {
    throw new SavedQueryFormatError(file, line, `expected "param: <name> <type> …", got "${spec}"`);
  }
  const name = head[1] ?? '';
  const type = (head[2] ?? '').toLowerCase();
  if (!isParameterType(type)) {
    throw new SavedQueryFormatError(
      file,
      line,
      `parameter ${name}: type must be one of ${PARAMETER_TYPES.join(', ')}, got "${type}"`,
    );
  }
  let rest = (head[3] ?? '').trim();
  const parameter: SavedQueryParameter = { name, type };
  if (rest.startsWith('default=')) {
    rest = rest.slice('default='.length);
    const raw = JSON_STRING.exec(rest)?.[0] ?? rest.split(/\s+/)[0] ?? '';
    rest = rest.slice(raw.length).trim();
    let value: JsonValue;
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      throw new SavedQueryFormatError(file, line, `parameter ${name}: default is not JSON: ${raw}`);
    }
    parameter.default = value;
  }
  if (rest.startsWith('-')) rest = rest.slice(1).trim();
  if (rest !== '') parameter.description = rest;
  return parameter;
}

function isParameterType(type: string): type is ParameterType {
  return (PARAMETER_TYPES as readonly string[]).includes(type);
}

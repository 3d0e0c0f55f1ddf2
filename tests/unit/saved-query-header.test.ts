import { describe, expect, it } from 'vitest';
import { parameterSchema } from '../../server/services/saved-query-service.ts';
import {
  parseSavedQuery,
  SavedQueryFormatError,
} from '../../server/services/saved-query-header.ts';

const file = `// title: What links two entities?
// description: The shortest paths between two entities.
// param: from string default="Viktor Khrenin" - the first entity
// param: to string default="Vladimir Putin - the president" - the second entity
// param: maxHops integer default=4 - the longest path (1 to 10)
// param: since date - the first day
// param: strict boolean default=false
// A comment that is not part of the header.
MATCH (a) WHERE a.name = $from
RETURN a;
`;

describe('saved query header', () => {
  it('when a file has a header, then title, description and typed parameters are read from it', () => {
    const parsed = parseSavedQuery('what-links.cypher', file);
    expect(parsed.title).toBe('What links two entities?');
    expect(parsed.description).toBe('The shortest paths between two entities.');
    expect(parsed.parameters).toEqual([
      { name: 'from', type: 'string', default: 'Viktor Khrenin', description: 'the first entity' },
      {
        name: 'to',
        type: 'string',
        default: 'Vladimir Putin - the president',
        description: 'the second entity',
      },
      { name: 'maxHops', type: 'integer', default: 4, description: 'the longest path (1 to 10)' },
      { name: 'since', type: 'date', description: 'the first day' },
      { name: 'strict', type: 'boolean', default: false },
    ]);
  });

  it('when the statement ends with a semicolon, then the Cypher is the statement without it', () => {
    expect(parseSavedQuery('q.cypher', file).cypher).toBe(
      'MATCH (a) WHERE a.name = $from\nRETURN a',
    );
  });

  it('when a parameter type is unknown, then the error names the file and line', () => {
    expect(() => parseSavedQuery('bad.cypher', '// title: x\n// param: n long\nRETURN 1')).toThrow(
      /bad\.cypher:2: parameter n: type must be one of/,
    );
    expect(() => parseSavedQuery('bad.cypher', '// title: x\n// param: n long\nRETURN 1')).toThrow(
      SavedQueryFormatError,
    );
  });

  it('when a default is not JSON, then the file is refused', () => {
    expect(() =>
      parseSavedQuery('bad.cypher', '// param: s string default=Belarus\nRETURN 1'),
    ).toThrow(/default is not JSON/);
  });

  it('when there is no statement, then the file is refused', () => {
    expect(() => parseSavedQuery('empty.cypher', '// title: nothing\n')).toThrow(/no Cypher/);
  });

  it('when parameters are validated, then types, required fields and unknown fields are checked', () => {
    const schema = parameterSchema(parseSavedQuery('q.cypher', file).parameters);
    expect(schema.safeParse({ since: '2023-07-01' }).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ since: '2023-02-30x' }).success).toBe(false);
    expect(schema.safeParse({ since: '2023-07-01', maxHops: 2.5 }).success).toBe(false);
    expect(schema.safeParse({ since: '2023-07-01', maxHops: '3' }).success).toBe(true);
    expect(schema.safeParse({ since: '2023-07-01', strict: 'yes' }).success).toBe(false);
    expect(schema.safeParse({ since: '2023-07-01', other: 1 }).success).toBe(false);
  });
});

describe('saved query parameter messages', () => {
  it('when a value has the wrong type, then the message says what was expected', () => {
    const schema = parameterSchema([
      { name: 'hops', type: 'integer' },
      { name: 'day', type: 'date' },
    ]);
    const wrong = schema.safeParse({ hops: 'two', day: '2023-13-45' });
    expect(wrong.success).toBe(false);
    const messages = wrong.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'hops: expected a whole number',
      'day: expected a real calendar date',
    ]);
    expect(schema.safeParse({ hops: 2, day: '2024-02-29' }).success).toBe(true);
    expect(schema.safeParse({ hops: 2, day: '2023-02-29' }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CONSOLE_LIMITS,
  checkExpressionWork,
  checkTextLength,
} from '../../server/services/console-limits.ts';

function vet(cypher: string, params: Record<string, unknown> = {}) {
  checkTextLength(cypher);
  checkExpressionWork(cypher, params);
}

function refusal(cypher: string, params: Record<string, unknown> = {}) {
  try {
    vet(cypher, params);
  } catch (error) {
    const appError = error as { code: string; status: number; details: { reason: string } };
    return { code: appError.code, status: appError.status, reason: appError.details.reason };
  }
  return undefined;
}

describe('console limits on work inside one expression', () => {
  it.each([
    ['RETURN size([x IN range(1,50000000) | x])', 'range-size'],
    ['RETURN reduce(s = 0, x IN range(1, 1500000000) | s + x)', 'range-size'],
    ["RETURN reduce(s = '', x IN range(1, 1500000000) | s + 'abcdef')", 'range-size'],
    ['RETURN range(1, 100000 * 100000)', 'range-size'],
    ['RETURN range(-0x7fffffff, 0x7fffffff)', 'range-size'],
    ['RETURN range(1, $n)', 'range-bounds'],
    ["RETURN range(1, toInteger('1500000000'))", 'range-bounds'],
    ['MATCH (n) RETURN range(1, n.count)', 'range-bounds'],
    ['RETURN range(1, 10, 0.5)', 'range-bounds'],
    ['UNWIND [x IN range(1, 200000) | x] AS a RETURN count(*)', 'range-size'],
    ['WITH range(1, 200000) AS r UNWIND r AS a RETURN count(*)', 'range-size'],
    [
      'UNWIND range(1, 50000000) AS i WITH collect(i) AS xs RETURN size([x IN xs | x])',
      'iteration-work',
    ],
    ['UNWIND range(1, $n) AS i WITH collect(i) AS xs RETURN [x IN xs | x]', 'iteration-work'],
    ['WITH range(1, 1000) AS r RETURN size([a IN r | [b IN r | [c IN r | 1]]])', 'iteration-work'],
    ['RETURN [a IN range(1, 2000) | [b IN range(1, 2000) | a * b]]', 'iteration-work'],
    ["RETURN size(reduce(s = 'aa', x IN range(1, 40) | s + s))", 'reduce-growth'],
    ['RETURN size(reduce(l = [1], x IN range(1, 40) | l + l))', 'reduce-growth'],
    ["RETURN size(reduce(s = 'a', x IN range(1, 40) | replace(s, 'a', 'aa')))", 'reduce-growth'],
  ])('when the console is sent %s, then it is refused as too complex (%s)', (cypher, reason) => {
    expect(refusal(cypher, { n: 'not an integer' })).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      status: 400,
      reason,
    });
  });

  it('when range() bounds come from integer parameters beyond the limit, then it is refused', () => {
    expect(refusal('RETURN range($from, $to)', { from: 1, to: 10_000_000 })?.reason).toBe(
      'range-size',
    );
  });

  it('when the text is longer than the limit, then it is refused before it is scanned', () => {
    const long = `RETURN '${'x'.repeat(CONSOLE_LIMITS.maxTextLength)}'`;
    expect(refusal(long)?.reason).toBe('text-length');
  });

  it('when brackets nest deeper than the limit, then it is refused', () => {
    const depth = CONSOLE_LIMITS.maxNestingDepth + 1;
    expect(refusal(`RETURN ${'('.repeat(depth)}1${')'.repeat(depth)}`)?.reason).toBe(
      'nesting-depth',
    );
    expect(refusal(`RETURN ${'['.repeat(depth)}1${']'.repeat(depth)}`)?.reason).toBe(
      'nesting-depth',
    );
  });

  it.each([
    'RETURN range(1, 10)',
    'RETURN [x IN range(0, 99) | x * x] AS squares',
    'UNWIND range(1, 1000) AS i RETURN sum(i)',
    'UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)',
    'UNWIND range(1, $to * 1000000) AS i RETURN count(i)',
    'RETURN reduce(total = 0, x IN range(1, 1000) | total + x)',
    "RETURN reduce(s = '', x IN ['a', 'b'] | s + x)",
    'RETURN range($from, $to)',
    'MATCH p = (a)-[*..3]-(b) RETURN [n IN nodes(p) | [k IN keys(n) | k]] LIMIT 5',
    "MATCH (n) WHERE n.name IN ['Iran', 'Belarus'] RETURN any(l IN labels(n) WHERE l IN ['State'])",
    "RETURN replace(replace('a-b_c', '-', ' '), '_', ' ')",
    "RETURN 'range(1, 1000000000)' AS text, `range` AS name",
  ])('when the console is sent %s, then it passes', (cypher) => {
    expect(() => vet(cypher, { from: 1, to: 100 })).not.toThrow();
  });
});

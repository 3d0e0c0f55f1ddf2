import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { translateDriverError } from '../../server/db/database.ts';
import type { AppError } from '../../server/errors.ts';

const translate = (message: string, code: string) =>
  translateDriverError(new Neo4jError(message, code, '50N42', 'error')) as AppError;

describe('driver errors under load', () => {
  it('when every pooled connection is taken for too long, then it is 503 DATABASE_BUSY, retriable', () => {
    const error = translate(
      'Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 100, Idle conn count = 0.',
      'N/A',
    );
    expect(error).toMatchObject({ status: 503, code: 'DATABASE_BUSY', retriable: true });
  });

  it('when one query passes its own memory limit, then it is 422 QUERY_MEMORY_LIMIT (the query, not the load)', () => {
    const error = translate(
      'The allocation of an extra 2.0 MiB would use more than the limit 256.0 MiB. Currently using 256.0 MiB. db.memory.transaction.max threshold reached',
      'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
    );
    expect(error).toMatchObject({ status: 422, code: 'QUERY_MEMORY_LIMIT' });
    expect(error.message).toContain('more memory');
  });

  it('when all queries together fill the memory pool, then it is 503 DATABASE_BUSY', () => {
    const error = translate(
      'The allocation of an extra 2.0 MiB would use more than the limit 512.0 MiB. Currently using 511.0 MiB. dbms.memory.transaction.total.max threshold reached',
      'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
    );
    expect(error).toMatchObject({ status: 503, code: 'DATABASE_BUSY' });
  });

  it('when Neo4j runs out of stack on a deeply nested query, then it is 400 QUERY_TOO_COMPLEX', () => {
    expect(
      translate('stack overflow', 'Neo.TransientError.General.StackOverFlowError'),
    ).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
  });
});

import { SeedError } from '../../server/seed/seed-errors.ts';

/** The SeedError a load fails with; anything else, or no failure, fails the test. */
export async function caught(promise: Promise<unknown>): Promise<SeedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SeedError) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

import { createHash, type Hash } from 'node:crypto';
import type { SeedItem } from '../cypher/statement-splitter.ts';

/**
 * The checksum of a file: sha256 over its statements and commands, each normalised
 * (line endings, surrounding whitespace), so comments and blank lines between statements
 * and the line-ending style do not change it.
 */
export class SeedChecksum {
  private readonly hash: Hash = createHash('sha256');

  add(item: SeedItem): void {
    this.hash.update(canonical(item));
    this.hash.update('\u0000');
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

function canonical(item: SeedItem): string {
  switch (item.kind) {
    case 'statement':
      return item.text;
    case 'param':
      return item.name === undefined
        ? `:param ${item.expression}`
        : `:param ${item.name} => ${item.expression}`;
    default:
      return `:${item.kind}`;
  }
}

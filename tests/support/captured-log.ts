import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/**
 * A logger at trace level with no redaction configured, writing into `lines`: what a test
 * finds missing there was never handed to the logger at all.
 */
export function capturedLog(): { logger: Logger; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines, text: () => lines.join('') };
}

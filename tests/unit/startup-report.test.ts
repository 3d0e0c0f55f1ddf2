import { describe, expect, it } from 'vitest';
import { startupReport } from '../../server/startup-report.ts';

describe('the start-up report', () => {
  it('when the server listens on 0.0.0.0, then it logs that address and warns that it is exposed', () => {
    const report = startupReport({ address: '0.0.0.0', family: 'IPv4', port: 3000 }, ['*']);
    expect(report.url).toBe('http://0.0.0.0:3000');
    expect(report.warnings.join(' ')).toContain('not loopback');
    expect(report.warnings.join(' ')).toContain('ENTENTE_ALLOWED_HOSTS');
  });

  it('when the server listens on loopback, then there is nothing to warn about', () => {
    const report = startupReport({ address: '127.0.0.1', family: 'IPv4', port: 3000 }, [
      'localhost',
    ]);
    expect(report).toEqual({ url: 'http://127.0.0.1:3000', warnings: [] });
  });

  it('when the server listens on IPv6 everywhere, then the address is bracketed', () => {
    expect(startupReport({ address: '::', family: 'IPv6', port: 8080 }, ['a.example']).url).toBe(
      'http://[::]:8080',
    );
  });
});

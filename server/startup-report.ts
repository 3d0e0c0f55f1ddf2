import type { AddressInfo } from 'node:net';
import { isLoopbackAddress } from './config.ts';

export interface StartupReport {
  /** Where the server really listens, e.g. http://0.0.0.0:3000. */
  url: string;
  /** Things an operator must know before others can reach the server. */
  warnings: string[];
}

/** What to log once the server listens: its real address, and what is exposed. */
export function startupReport(
  address: AddressInfo,
  allowedHosts: readonly string[],
): StartupReport {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const warnings: string[] = [];
  if (!isLoopbackAddress(address.address)) {
    warnings.push(
      `Listening on ${host}, not loopback: anyone who can reach this address can search the graph and use the console, with no login.`,
    );
    if (allowedHosts.includes('*')) {
      warnings.push(
        'Any Host header is answered; set ENTENTE_ALLOWED_HOSTS to the names this server is reached by, so other sites cannot read it through DNS rebinding.',
      );
    }
  }
  return { url: `http://${host}:${address.port}`, warnings };
}

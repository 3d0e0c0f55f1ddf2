/** Host names that always mean this machine (the default allowed hosts on loopback). */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** `localhost`, `127.x.x.x` or `::1` (bracketed or not): reachable only from this machine. */
export function isLoopbackAddress(host: string): boolean {
  const name = host.toLowerCase();
  return (
    ['localhost', '::1', '[::1]'].includes(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/**
 * A published read-only link opens the explorer at `/#link=<token>`. The token rides in the
 * fragment, which browsers never send to a server nor put in a Referer.
 */
export function publishedLinkToken(hash: string): string | null {
  const match = /^#link=([A-Za-z0-9_-]{20,200})$/.exec(hash);
  return match?.[1] ?? null;
}

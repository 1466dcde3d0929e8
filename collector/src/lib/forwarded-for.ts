/**
 * The client's address in an X-Forwarded-For header written through `trustedProxies` reverse
 * proxies of yours: the entry the outermost of them appended, the `trustedProxies`-th from the
 * right. Entries left of it are whatever the client sent, so trusting them would let anyone pick
 * the address their rate limit and country are taken from. A header with fewer entries (a
 * request that came round the proxies) gives its first; none, or no header: `undefined`.
 */
export function forwardedAddress(
  header: string | undefined,
  trustedProxies: number,
): string | undefined {
  if (trustedProxies <= 0) return undefined
  const hops = (header ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean)
  return hops[Math.max(0, hops.length - trustedProxies)] || undefined
}

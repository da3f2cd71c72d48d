// The browser bundle's stand-in for hostLookup.ts: a web worker cannot resolve names, and the browser
// applies its own rules to requests that reach private networks.
export function resolveHost(_hostname: string, _timeoutMs: number): Promise<readonly string[]> {
  return Promise.resolve([]);
}

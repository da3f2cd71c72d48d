// The addresses a host name resolves to, so that a name pointing inside (this computer, a private
// network) is refused like the address itself. Node only: the browser bundle swaps in
// hostLookup.web.ts (esbuild.js), where the browser resolves names and guards private networks itself.
// A check before the request, not a pin: a name that changes its answer in between is not caught.
// eslint-disable-next-line no-restricted-imports -- the Node bundles only; the browser bundle has hostLookup.web.ts.
import { lookup } from 'node:dns/promises';

/** The addresses, or none when the name does not resolve in time (the request then says why). */
export async function resolveHost(hostname: string, timeoutMs: number): Promise<readonly string[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    const answers = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timedOut]);
    return answers.map((answer) => answer.address);
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}

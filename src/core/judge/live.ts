// Whether a token is a credential someone could use now: a bearer token works for whoever holds it
// until "exp", so a signed token within its times is live whatever its signature says here (the
// keys at hand may not be its issuer's). Unsigned, malformed, encrypted or crit-rejected tokens are
// not: no server that checks anything accepts them.
import { oneLine } from '../text/display';
import { humanDuration, isoUtc, numericDate } from '../token/time';
import type { Verdict } from './verdict';

export interface Liveness {
  /** A key given to JWT Lens verified the signature: the token is certainly its issuer's. */
  readonly verified: boolean;
  /** "usable for 73 years (until 2099-01-01T00:00:00Z)" or "no exp: usable until revoked". */
  readonly usable: string;
  /** The key that verified it, when one did. */
  readonly keyLabel?: string;
}

const NOT_LIVE_SIGNATURES = new Set(['unsigned', 'malformed', 'rejected', 'encrypted', 'decrypted']);

/** The token's liveness at the verdict's time, or undefined when it is not usable now. */
export function liveness(verdict: Verdict): Liveness | undefined {
  const { decoded: token, time, signature: verify } = verdict;
  if (verdict.unjudged !== undefined || !token.header || token.error || token.kind !== 'jws') {
    return undefined;
  }
  const alg = token.header.alg;
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || (verify && NOT_LIVE_SIGNATURES.has(verify.status))) {
    return undefined;
  }
  if (time.state !== 'valid' && time.state !== 'no-expiry') {
    return undefined;
  }
  const claims = verdict.nested?.decoded.payload ?? token.payload;
  const exp = numericDate(claims, 'exp');
  const usable =
    time.state === 'no-expiry' || exp === undefined
      ? 'no exp: usable until revoked'
      : `usable for ${humanDuration(Math.max(1, time.secondsFromNow ?? 0))} (until ${isoUtc(exp)})`;
  const verified = verify?.status === 'valid';
  return { verified, usable, keyLabel: verified ? oneLine(verify.key?.label ?? 'a given key', 80) : undefined };
}

/** The finding's one line: what it is, how long it lasts, what to do. */
export function livenessMessage(live: Liveness): string {
  return live.verified
    ? `Verified live (signed by ${live.keyLabel}): ${live.usable}. Revoke it, then remove it.`
    : `Live token: ${live.usable}. Whoever reads it can use it: revoke it, then remove it.`;
}

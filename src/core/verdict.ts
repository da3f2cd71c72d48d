// One token, judged: time status, signature status and lints together, with the short texts the
// CodeLens, status bar and diagnostics show. Pure, so every wording is unit-tested.
import type { DecodedToken } from './decode';
import { lintToken, type LintFinding } from './lint';
import { timeStatus, type TimeStatus } from './time';
import type { VerifyResult } from './verify';

export interface Verdict {
  readonly token: DecodedToken;
  readonly time: TimeStatus;
  /** Undefined while verification is still running. */
  readonly verify?: VerifyResult;
  readonly lints: readonly LintFinding[];
}

export interface JudgeOptions {
  readonly now: number;
  readonly toleranceSeconds?: number;
  readonly maxLifetimeSeconds?: number;
}

export function judge(token: DecodedToken, verify: VerifyResult | undefined, options: JudgeOptions): Verdict {
  const hmacKeyBytes = verify?.status === 'valid' ? verify.key?.secretBytes : undefined;
  return {
    token,
    time: timeStatus(token.payload, options.now, options.toleranceSeconds),
    verify,
    lints: token.header ? lintToken(token, { ...options, hmacKeyBytes }) : [],
  };
}

const SIGNATURE_SYMBOLS: Record<VerifyResult['status'], string> = {
  valid: '✓', 'invalid-signature': '✗', 'no-key': '?', 'alg-not-allowed': '✗', unsigned: '⚠', encrypted: '🔒', malformed: '✗',
};

/**
 * "✓ signed by prod-key", "✗ bad signature", "? no key for kid abc", "⚠ unsigned", "🔒 encrypted".
 * Without the symbol where an icon already stands beside it (the hover).
 */
export function signatureText(verify: VerifyResult | undefined, options: { symbol?: boolean } = {}): string {
  if (!verify) return 'verifying…';
  const words = signatureWords(verify);
  return options.symbol === false ? words : `${SIGNATURE_SYMBOLS[verify.status]} ${words}`;
}

function signatureWords(verify: VerifyResult): string {
  switch (verify.status) {
    case 'valid': return `signed by ${verify.key?.label ?? 'a stored key'}`;
    case 'invalid-signature': return 'bad signature';
    case 'no-key': return verify.kid !== undefined ? `no key for kid ${verify.kid}` : `no key for ${verify.alg ?? 'this algorithm'}`;
    case 'alg-not-allowed': return `${verify.alg} not allowed for ${verify.key?.label ?? 'this key'}`;
    case 'unsigned': return 'unsigned';
    case 'encrypted': return 'encrypted';
    case 'malformed': return 'malformed';
  }
}

/** The kid a stored key must have for this token to verify, when the verdict says it is missing. */
export function missingKid(verdict: Verdict): string | undefined {
  return verdict.verify?.status === 'no-key' ? verdict.verify.kid : undefined;
}

/** The CodeLens line: "JWT RS256 · expires in 14 min · ✓ signed by prod-key". */
export function lensTitle(verdict: Verdict): string {
  const { token } = verdict;
  if (!token.header) return `JWT · ✗ malformed: ${token.error?.message ?? 'not a token'}`;
  const alg = String(token.header.alg);
  if (token.kind === 'jwe') return `JWE ${alg} ${String(token.header.enc ?? '')}`.trimEnd() + ' · 🔒 encrypted';
  const parts = [`JWT ${alg}`];
  if (token.error) return `${parts[0]} · ✗ malformed: ${token.error.message}`;
  parts.push(verdict.time.summary);
  parts.push(signatureText(verdict.verify));
  return parts.join(' · ');
}

export type Urgency = 'expired' | 'bad' | 'expiring' | 'not-yet-valid' | 'ok';

/** Most urgent first: expired, bad (signature, unsigned, malformed), expiring soon, not yet valid, fine. */
export const URGENCY_ORDER: readonly Urgency[] = ['expired', 'bad', 'expiring', 'not-yet-valid', 'ok'];

/** How urgently a token needs attention; `warningSeconds` is how soon before exp counts as expiring. */
export function urgency(verdict: Verdict, warningSeconds: number): Urgency {
  const { token, time, verify } = verdict;
  if (time.state === 'expired') return 'expired';
  if (!token.header || token.error || verify?.status === 'invalid-signature' || verify?.status === 'alg-not-allowed' || verify?.status === 'unsigned') return 'bad';
  if (time.state === 'valid' && (time.secondsFromNow ?? Infinity) <= warningSeconds) return 'expiring';
  if (time.state === 'not-yet-valid') return 'not-yet-valid';
  return 'ok';
}

/** True when the token needs attention: expired, not yet valid, bad or no signature, malformed. */
export function isProblem(verdict: Verdict): boolean {
  if (verdict.token.error || !verdict.token.header) return true;
  if (verdict.time.state === 'expired' || verdict.time.state === 'not-yet-valid') return true;
  const status = verdict.verify?.status;
  return status === 'invalid-signature' || status === 'unsigned' || status === 'alg-not-allowed' || status === 'no-key' || status === 'malformed';
}

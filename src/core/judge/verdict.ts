// One token, judged: time status, signature status and lints together, with the short texts the
// CodeLens, status bar and diagnostics show. Pure, so every wording is unit-tested.
import type { DecodedToken } from '../token/decode';
import { describeValue, escapeIcons, labelText, oneLine } from '../text/display';
import { lintToken, type LintFinding } from './lint';
import { lintCarrier } from './carrier';
import type { JudgingSettings } from './judgingSettings';
import { timeStatus, type TimeStatus } from '../token/time';
import type { SignatureCheck } from './verify';
import { isDpopProof } from '../token/sdJwt';
import { dpopTime, judgeDpop, type DpopVerdict } from './dpop';
import { judgeSdJwt, type SdJwtVerdict } from './sdJwtCheck';
import { judgeX5c, type X5cVerdict } from './x5c';

export interface Verdict {
  readonly decoded: DecodedToken;
  readonly time: TimeStatus;
  /** Undefined while verification is still running. */
  readonly signature?: SignatureCheck;
  readonly lints: readonly LintFinding[];
  /** Why this token could not be judged (its own failure, never its document's). */
  readonly unjudged?: string;
  /** The inner token of a nested JWT, judged on its own. */
  readonly nested?: Verdict;
  /** An SD-JWT presentation: its disclosures, the claims a verifier sees, its Key Binding JWT. */
  readonly sdJwt?: SdJwtVerdict;
  /** A DPoP proof: its claims, key thumbprint and the access token beside it. */
  readonly dpop?: DpopVerdict;
  /** The certificate chain of the header's x5c, read for display (never a trust source). */
  readonly x5c?: X5cVerdict;
}

export interface JudgeOptions {
  readonly now: number;
  readonly toleranceSeconds?: number;
  readonly maxLifetimeSeconds?: number;
}

/** The judge's options from the judging settings at `now`: the extension and the CLI judge alike. */
export function judgeOptions(settings: Pick<JudgingSettings, 'clockToleranceSeconds' | 'maxLifetimeSeconds'>, now: number): JudgeOptions {
  return { now, toleranceSeconds: settings.clockToleranceSeconds, maxLifetimeSeconds: settings.maxLifetimeSeconds };
}

/**
 * Judges one token. Never throws: a token whose judging fails (a hostile header that exhausts the
 * stack, say) gets a "could not be judged" verdict, so one poison token never silences the others
 * in its document.
 */
export function judge(decoded: DecodedToken, signature: SignatureCheck | undefined, options: JudgeOptions): Verdict {
  try {
    const hmacKeyBytes = signature?.status === 'valid' ? signature.key?.secretBytes : undefined;
    const nested = decoded.nested
      ? judge(decoded.nested, signature?.nested, options)
      : signature?.decrypted
        ? judge(
            signature.decrypted.decoded,
            signature.nested ?? { status: 'decrypted', message: signature.message, key: { id: '', label: signature.decrypted.keyLabel } },
            options,
          )
        : undefined;
    const lints = decoded.header ? [...lintToken(decoded, { ...options, hmacKeyBytes }), ...lintCarrier(decoded)] : [];
    const sd = decoded.error ? undefined : judgeSdJwt(decoded, signature?.keyBinding, options);
    const proof = decoded.payload && !decoded.error && isDpopProof(decoded.header) ? judgeDpop(decoded) : undefined;
    const chain = judgeX5c(decoded, options.now);
    return {
      decoded: decoded,
      // A nested JWT's times are its inner token's claims.
      time: nested
        ? nested.time
        : decoded.notJwt !== undefined
          ? { state: 'no-claims', summary: decoded.notJwt }
          : proof
            ? dpopTime(decoded.payload, options.now, options.toleranceSeconds)
            : timeStatus(decoded.payload, options.now, options.toleranceSeconds),
      signature: signature,
      lints: [...lints, ...(sd?.lints ?? []), ...(proof?.lints ?? []), ...(chain?.lints ?? [])],
      nested,
      ...(sd && { sdJwt: sd.sdJwt }),
      ...(proof && { dpop: proof.dpop }),
      ...(chain && { x5c: chain.x5c }),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    return {
      decoded: decoded,
      time: { state: 'no-expiry', summary: 'could not be judged' },
      signature: signature,
      lints: [],
      unjudged: oneLine(reason, 120),
    };
  }
}

const SIGNATURE_SYMBOLS: Record<SignatureCheck['status'], string> = {
  valid: '✓',
  'invalid-signature': '✗',
  'no-key': '?',
  'alg-not-allowed': '✗',
  unsigned: '⚠',
  encrypted: '🔒',
  decrypted: '🔓',
  malformed: '✗',
  rejected: '✗',
  unsupported: '?',
};

/**
 * "✓ signed by prod-key", "✗ bad signature", "? no key for kid abc", "⚠ unsigned", "🔒 encrypted".
 * Without the symbol where an icon already stands beside it (the hover).
 */
export function signatureText(signature: SignatureCheck | undefined, options: { symbol?: boolean } = {}): string {
  if (!signature) {
    return 'verifying…';
  }
  const words = signatureWords(signature);
  return options.symbol === false ? words : `${SIGNATURE_SYMBOLS[signature.status]} ${words}`;
}

/**
 * How a signature status reads at a glance (the decoded view's pills, the hover's icon): ok only
 * where a key vouches for the token; a decryption is as good as what it carried.
 */
export function signatureTone(signature: SignatureCheck | undefined): 'ok' | 'muted' | 'bad' {
  if (signature === undefined || signature.status === 'no-key' || signature.status === 'unsupported') {
    return 'muted';
  }
  if (signature.status === 'decrypted') {
    return signature.nested ? signatureTone(signature.nested) : 'ok';
  }
  return signature.status === 'valid' ? 'ok' : 'bad';
}

/** The key a JWE was decrypted with, as every surface names it. */
export function decryptionKeyLabel(signature: SignatureCheck | undefined): string {
  return signature?.decrypted?.keyLabel ?? signature?.key?.label ?? 'a stored key';
}

function signatureWords(signature: SignatureCheck): string {
  if (signature.words !== undefined) {
    return signature.words;
  }
  switch (signature.status) {
    case 'valid':
      return `signed by ${signature.key?.label ?? 'a stored key'}`;
    case 'invalid-signature':
      return 'bad signature';
    case 'no-key':
      return signature.kid !== undefined
        ? `no key for kid ${oneLine(signature.kid, 40)}`
        : `no key for ${oneLine(signature.alg ?? 'this algorithm', 20)}`;
    case 'alg-not-allowed':
      return `${oneLine(signature.alg ?? '', 20)} not allowed for ${signature.key?.label ?? 'this key'}`;
    case 'unsigned':
      return 'unsigned';
    case 'encrypted':
      return 'encrypted';
    case 'decrypted':
      return `decrypted with ${decryptionKeyLabel(signature)}`;
    case 'malformed':
      return 'malformed';
    case 'rejected':
      return 'rejected';
    case 'unsupported':
      return `this runtime cannot verify ${oneLine(signature.alg ?? 'this algorithm', 20)}`;
  }
}

/** The kid a stored key must have for this token to verify, when the verdict says it is missing. */
export function missingKid(verdict: Verdict): string | undefined {
  return verdict.signature?.status === 'no-key' ? verdict.signature.kid : undefined;
}

/**
 * The CodeLens line: "JWT RS256 · expires in 14 min · ✓ signed by prod-key". Also a QuickPick label
 * and status bar tooltip row, so every piece from the token is capped and its `$(` escaped.
 */
export function lensTitle(verdict: Verdict): string {
  const { decoded: token } = verdict;
  if (!token.header) {
    return `JWT · ✗ malformed: ${labelText(token.error?.message ?? 'not a token', 80)}`;
  }
  const alg = labelText(String(token.header.alg), 20);
  if (token.kind === 'jwe') {
    const title =
      `JWE ${alg} ${typeof token.header.enc === 'string' ? labelText(token.header.enc, 20) : describeValue(token.header.enc, 20)}`.trimEnd();
    const inner = verdict.nested;
    if (!inner) {
      return `${title} · ${escapeIcons(signatureText(verdict.signature?.status === 'encrypted' ? verdict.signature : { status: 'encrypted', message: '' }))}`;
    }
    const parts = [title, inner.decoded.error ? '✗ inner malformed' : inner.time.summary, escapeIcons(signatureText(verdict.signature))];
    if (verdict.signature?.nested) {
      parts.push(`inner ${escapeIcons(signatureText(inner.signature))}`);
    }
    return parts.join(' · ');
  }
  const parts = [`${tokenKind(verdict)} ${alg}`];
  if (token.error) {
    return `${parts[0]} · ✗ malformed: ${labelText(token.error.message, 80)}`;
  }
  if (verdict.unjudged) {
    return `${parts[0]} · ✗ could not be judged`;
  }
  if (verdict.nested) {
    const inner = verdict.nested;
    const innerAlg = labelText(String(inner.decoded.header?.alg ?? '?'), 20);
    parts[0] = `JWT ${alg} › ${innerAlg}`;
    parts.push(inner.decoded.error ? `✗ inner malformed` : inner.time.summary);
    parts.push(escapeIcons(signatureText(verdict.signature)));
    parts.push(`inner ${escapeIcons(signatureText(inner.signature))}`);
    return parts.join(' · ');
  }
  if (verdict.sdJwt) {
    parts.push(`${verdict.sdJwt.disclosures.filter((check) => check.path !== undefined).length} disclosed`);
  }
  parts.push(verdict.time.summary);
  parts.push(escapeIcons(signatureText(verdict.signature)));
  if (verdict.sdJwt?.keyBinding) {
    parts.push(keyBindingText(verdict.sdJwt.keyBinding));
  }
  if (verdict.signature?.knownSecret) {
    parts.push(KNOWN_SECRET_WORDS);
  }
  return parts.join(' · ');
}

/** What the token is, as titles name it: JWT, JWS (a payload that is not a claims set), SD-JWT, DPoP proof. */
export function tokenKind(verdict: Verdict): string {
  const { decoded: token } = verdict;
  if (token.kind === 'jwe') {
    return 'JWE';
  }
  if (token.sdJwt) {
    return 'SD-JWT';
  }
  if (verdict.dpop) {
    return 'DPoP proof';
  }
  return token.notJwt !== undefined && !token.nested ? 'JWS' : 'JWT';
}

/** "KB ✓" when the Key Binding JWT verifies with the holder key and covers this presentation. */
export function keyBindingText(keyBinding: NonNullable<SdJwtVerdict['keyBinding']>): string {
  if (keyBinding.sdHash === 'mismatch' || keyBinding.sdHash === 'missing') {
    return 'KB ✗ sd_hash';
  }
  return `KB ${keyBinding.signature ? SIGNATURE_SYMBOLS[keyBinding.signature.status] : '…'}`;
}

/** Lints that make a token unacceptable as a verifier reads it: its disclosures, key binding or DPoP binding. */
const REJECTING_LINTS: ReadonlySet<string> = new Set([
  'sd-unmatched-disclosure',
  'sd-repeated-digest',
  'sd-malformed',
  'kb-signature',
  'kb-sd-hash',
  'kb-claims',
  'dpop-claims',
  'dpop-binding',
]);

function rejectedByLint(verdict: Verdict): boolean {
  return verdict.lints.some((lint) => REJECTING_LINTS.has(lint.id));
}

/** The CodeLens and status words for a token signed with a publicly known secret. */
export const KNOWN_SECRET_WORDS = '✗ known secret: anyone can forge it';

/** True when this token, or a token it carries, was signed with a publicly known secret. */
export function forgeable(verdict: Verdict): boolean {
  return verdict.signature?.knownSecret !== undefined || (verdict.nested !== undefined && forgeable(verdict.nested));
}

export type Urgency = 'expired' | 'bad' | 'expiring' | 'not-yet-valid' | 'ok';

/** Most urgent first: expired, bad (signature, unsigned, malformed), expiring soon, not yet valid, fine. */
export const URGENCY_ORDER: readonly Urgency[] = ['expired', 'bad', 'expiring', 'not-yet-valid', 'ok'];

/** How urgently a token needs attention; `warningSeconds` is how soon before exp counts as expiring. */
export function urgency(verdict: Verdict, warningSeconds: number): Urgency {
  const { decoded: token, time, signature: verify } = verdict;
  if (time.state === 'expired') {
    return 'expired';
  }
  if (
    !token.header ||
    token.error ||
    verdict.unjudged !== undefined ||
    verify?.status === 'invalid-signature' ||
    verify?.status === 'alg-not-allowed' ||
    verify?.status === 'unsigned' ||
    verify?.status === 'rejected' ||
    rejectedByLint(verdict) ||
    forgeable(verdict) ||
    (verdict.nested !== undefined && urgency(verdict.nested, warningSeconds) === 'bad')
  ) {
    return 'bad';
  }
  if (time.state === 'valid' && (time.secondsFromNow ?? Infinity) <= warningSeconds) {
    return 'expiring';
  }
  if (time.state === 'not-yet-valid') {
    return 'not-yet-valid';
  }
  return 'ok';
}

/** True when the token needs attention: expired, not yet valid, bad or no signature, malformed. */
export function isProblem(verdict: Verdict): boolean {
  if (verdict.decoded.error || !verdict.decoded.header || verdict.unjudged !== undefined) {
    return true;
  }
  if (verdict.time.state === 'expired' || verdict.time.state === 'not-yet-valid') {
    return true;
  }
  if ((verdict.nested && isProblem(verdict.nested)) || rejectedByLint(verdict) || forgeable(verdict)) {
    return true;
  }
  const status = verdict.signature?.status;
  return (
    status === 'invalid-signature' ||
    status === 'unsigned' ||
    status === 'alg-not-allowed' ||
    status === 'no-key' ||
    status === 'malformed' ||
    status === 'rejected'
  );
}

/** Said where a file holds more tokens than are checked (the scan's maxTokens). */
export function truncationNotice(checked: number): string {
  return `Only the first ${checked.toLocaleString('en-US')} JWTs in a file are checked; later ones get no problems or status.`;
}

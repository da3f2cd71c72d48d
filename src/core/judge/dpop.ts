// DPoP proofs (RFC 9449): a JWT typed dpop+jwt, signed with the key in its own "jwk" header. Its
// signature proves possession of that key, not that anyone you trust sent it. Its claims say which
// request it is for (htm, htu), when (iat) and once (jti); beside an access token it must match the
// token's cnf.jkt (the key's thumbprint) and carry the token's hash in ath.
import type { DecodedToken, JsonObject } from '../token/decode';
import { decodeToken, isJsonObject, jwsText } from '../token/decode';
import { relativeDuration, timeStatus, type TimeStatus } from '../token/time';
import { describeValue, oneLine } from '../text/display';
import { sha256Text } from '../text/sha256';
import { jwkThumbprint } from '../keys/thumbprint';
import { holderKeyProblem, verifyWithHolderKey } from './holderKey';
import { unsupportedHere } from './signatureCheck';
import { LINT_RULES, type LintFinding, type LintId } from './lint';
import type { SignatureCheck } from './verify';

/** How long after its iat a proof is taken: servers accept a proof for a short window (RFC 9449 §11.1). */
export const DPOP_ACCEPTANCE_SECONDS = 300;

export interface DpopBinding {
  /** The proof's ath against the access token's SHA-256. */
  readonly ath: 'match' | 'mismatch' | 'absent';
  /** The access token's cnf.jkt against the proof key's thumbprint; 'opaque' when the token is not a JWT, 'absent' without cnf.jkt. */
  readonly jkt: 'match' | 'mismatch' | 'absent' | 'opaque';
}

export interface DpopVerdict {
  /** RFC 7638 thumbprint of the proof's jwk header: what an access token's cnf.jkt names. */
  readonly thumbprint?: string;
  readonly htm?: unknown;
  readonly htu?: unknown;
  readonly iat?: unknown;
  readonly jti?: unknown;
  /** The access token sent beside the proof, checked against it. */
  readonly accessToken?: DpopBinding;
}

/** The proof's signature, checked with the public key in its own "jwk" header (RFC 9449 §4.3). */
export async function verifyDpopProof(decoded: DecodedToken): Promise<SignatureCheck> {
  const alg = String(decoded.header?.alg);
  const jwk = decoded.header?.jwk;
  if (jwk === undefined) {
    return {
      status: 'rejected',
      alg,
      message: 'Rejected: a DPoP proof carries its public key in a "jwk" header, and this one has none (RFC 9449 §4.2).',
    };
  }
  const unsupported = await unsupportedHere(alg);
  if (unsupported) {
    return unsupported;
  }
  const problem = holderKeyProblem(jwk, alg, 'The "jwk" header');
  if (problem) {
    return { status: 'rejected', alg, words: 'rejected: unusable "jwk" header', message: `Rejected: ${problem}` };
  }
  const thumbprint = jwkThumbprint(jwk);
  const signature = await verifyWithHolderKey(jwsText(decoded), jwk as JsonObject, alg);
  if (signature === 'valid') {
    return {
      status: 'valid',
      alg,
      words: 'proof of possession of this key',
      message: `Signed with the key in its own "jwk" header${thumbprint ? ` (thumbprint ${thumbprint})` : ''}: this proves possession of that key, not that anyone you trust sent it.`,
    };
  }
  if (signature === 'invalid') {
    return { status: 'invalid-signature', alg, message: 'Invalid signature: it does not verify with the key in its own "jwk" header.' };
  }
  return {
    status: 'rejected',
    alg,
    words: 'rejected: unusable "jwk" header',
    message: `Rejected: the "jwk" header is not a usable ${alg} public key.`,
  };
}

/** The proof's time: fresh for a few minutes after iat, then stale. */
export function dpopTime(payload: JsonObject | undefined, now: number, toleranceSeconds = 0): TimeStatus {
  const iat = payload?.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    return { state: 'no-expiry', summary: 'no "iat"' };
  }
  const status = timeStatus({ iat }, now, toleranceSeconds);
  if (status.state === 'not-yet-valid') {
    return status;
  }
  const left = iat + DPOP_ACCEPTANCE_SECONDS - now;
  return left + toleranceSeconds >= 0
    ? // No secondsFromNow: a fresh proof is not "expiring", it is made for one request.
      { state: 'valid', summary: `fresh, issued ${relativeDuration(iat - now)}` }
    : { state: 'expired', secondsFromNow: left, summary: `stale, issued ${relativeDuration(iat - now)}` };
}

const REQUIRED_CLAIMS: ReadonlyArray<readonly [name: string, type: 'string' | 'number']> = [
  ['htm', 'string'],
  ['htu', 'string'],
  ['iat', 'number'],
  ['jti', 'string'],
];

/** Proofs judged already: a verdict is made again every second, the hashes and thumbprint once per decoded token. */
const JUDGED = new WeakMap<DecodedToken, { dpop: DpopVerdict; lints: readonly LintFinding[] }>();

/** What a DPoP proof's claims and the access token beside it say, and what is wrong with them. */
export function judgeDpop(decoded: DecodedToken): { dpop: DpopVerdict; lints: readonly LintFinding[] } {
  let judged = JUDGED.get(decoded);
  if (!judged) {
    judged = judgeProof(decoded);
    JUDGED.set(decoded, judged);
  }
  return judged;
}

function judgeProof(decoded: DecodedToken): { dpop: DpopVerdict; lints: LintFinding[] } {
  const lints: LintFinding[] = [];
  const add = (id: LintId, message: string) => lints.push({ id, severity: LINT_RULES[id].severity, message });
  const payload = decoded.payload ?? {};
  const missing = REQUIRED_CLAIMS.filter(([name]) => payload[name] === undefined).map(([name]) => `"${name}"`);
  if (missing.length > 0) {
    add('dpop-claims', `No ${missing.join(', ')}: a server rejects the proof.`);
  }
  for (const [name, type] of REQUIRED_CLAIMS) {
    if (payload[name] !== undefined && typeof payload[name] !== type) {
      add('dpop-claims', `"${name}" is ${describeValue(payload[name])}, not a ${type}.`);
    }
  }
  const thumbprint = jwkThumbprint(decoded.header?.jwk);
  const dpop: DpopVerdict = { thumbprint, htm: payload.htm, htu: payload.htu, iat: payload.iat, jti: payload.jti };
  const accessToken = decoded.accessTokenBeside;
  if (accessToken === undefined) {
    return { dpop, lints };
  }
  const binding = bindingTo(accessToken, payload, thumbprint);
  if (binding.ath === 'absent') {
    add('dpop-binding', 'No "ath", though an access token is sent with it: a resource server rejects the proof.');
  } else if (binding.ath === 'mismatch') {
    add('dpop-binding', `"ath" is not the hash of the access token beside it: the proof was made for another token.`);
  }
  if (binding.jkt === 'mismatch') {
    add(
      'dpop-binding',
      `The access token beside it is bound to another key (cnf.jkt is not this proof key's thumbprint ${thumbprint ?? '?'}).`,
    );
  }
  return { dpop: { ...dpop, accessToken: binding }, lints };
}

/** The access token checked against the proof: its hash against ath, its cnf.jkt against the key. */
function bindingTo(accessToken: string, payload: JsonObject, thumbprint: string | undefined): DpopBinding {
  const ath = typeof payload.ath !== 'string' ? 'absent' : payload.ath === sha256Text(accessToken) ? 'match' : 'mismatch';
  const decoded = accessToken.split('.').length === 3 ? decodeToken(accessToken) : undefined;
  if (!decoded?.payload) {
    return { ath, jkt: 'opaque' };
  }
  const cnf = decoded.payload.cnf;
  const jkt = isJsonObject(cnf) && typeof cnf.jkt === 'string' ? cnf.jkt : undefined;
  return { ath, jkt: jkt === undefined ? 'absent' : jkt === thumbprint ? 'match' : 'mismatch' };
}

/** One line on the binding, for hovers and the decoded view. */
export function bindingText(binding: DpopBinding): string {
  const ath = { match: 'ath matches its SHA-256', mismatch: 'ath does not match it', absent: 'no ath' }[binding.ath];
  const jkt = {
    match: "its cnf.jkt is this proof's key",
    mismatch: 'its cnf.jkt names another key',
    absent: 'it has no cnf.jkt',
    opaque: 'it is opaque (no cnf.jkt to compare)',
  }[binding.jkt];
  return oneLine(`Access token beside it: ${ath}; ${jkt}.`);
}

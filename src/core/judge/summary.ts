// A verdict as plain data: the one mapping from a judged token to what reports show of it. The API
// for other extensions, Decode Token and the command line each take their fields from here.
import type { JsonObject } from '../token/decode';
import { oneLine } from '../text/display';
import type { TimeState } from '../token/time';
import { lensTitle, type Verdict } from './verdict';
import { tokenKid, type VerifyStatus } from './verify';

export interface VerdictSummary {
  readonly kind: 'jws' | 'jwe';
  readonly header?: JsonObject;
  readonly payload?: JsonObject;
  /** The payload of a JWS that is not a JWT (text, or JSON that is not an object), as text. */
  readonly payloadText?: string;
  /** Why the token is not well-formed; undefined when it is. */
  readonly error?: string;
  /** The header's alg and the token's kid as one line of text each, for reports; undefined when absent. */
  readonly alg?: string;
  readonly kid?: string;
  /** The CodeLens line: "JWT RS256 · expires in 14 min · ✓ signed by prod-key". */
  readonly title: string;
  readonly time: { readonly state: TimeState; readonly secondsFromNow?: number; readonly summary: string };
  /** Undefined while the signature is not checked. Names the key by its label only: ids and sizes stay inside. */
  readonly signature?: { readonly status: VerifyStatus; readonly message: string; readonly keyLabel?: string };
  readonly lints: readonly { readonly id: string; readonly severity: string; readonly message: string }[];
}

export function summarizeVerdict(verdict: Verdict): VerdictSummary {
  const { decoded: token, time, signature: verify } = verdict;
  const kid = tokenKid(token);
  return {
    kind: token.kind,
    header: token.header,
    payload: token.payload,
    payloadText: token.notJwt !== undefined ? token.payloadText : undefined,
    error: token.error?.message,
    alg: typeof token.header?.alg === 'string' ? oneLine(token.header.alg, 20) : undefined,
    kid: kid === undefined ? undefined : oneLine(kid, 80),
    title: lensTitle(verdict),
    time: { state: time.state, secondsFromNow: time.secondsFromNow, summary: time.summary },
    signature: verify && { status: verify.status, message: verify.message, keyLabel: verify.key?.label },
    lints: verdict.lints.map((lint) => ({ id: lint.id, severity: lint.severity, message: lint.message })),
  };
}

// The API other extensions get from `vscode.extensions.getExtension('jwt-lens.jwt-lens').exports`:
// plain, JSON-safe data only (no engine objects, no key material), so it can stay stable while the
// inside changes. Documented in the README under "API for other extensions".
import * as vscode from 'vscode';
import { decodeToken, type DecodedToken } from './core/token/decode';
import { lensTitle, urgency, type Urgency, type Verdict } from './core/judge/verdict';
import type { TimeState } from './core/token/time';
import type { VerifyStatus } from './core/judge/verify';
import { dpopSummary, sdJwtSummary, type DpopSummary, type SdJwtSummary } from './core/render/formatSummary';
import { readConfig } from './config';
import type { InspectionService } from './services/inspections';

/** A token's header and claims, as decoded (the signature is not checked). */
export interface TokenInfo {
  readonly kind: 'jws' | 'jwe';
  readonly header?: Record<string, unknown>;
  readonly payload?: Record<string, unknown>;
  /** Why the token is not well-formed; undefined when it is. */
  readonly error?: string;
}

/** A token judged against the stored keys and the clock. */
export interface TokenVerdict extends TokenInfo {
  /** Most urgent first: expired, bad (signature, unsigned, malformed), expiring, not-yet-valid, ok. */
  readonly urgency: Urgency;
  /** The one line the CodeLens shows: "JWT RS256 · expires in 14 min · ✓ signed by prod-key". */
  readonly summary: string;
  readonly time: { readonly state: TimeState; readonly secondsFromNow?: number; readonly summary: string };
  /** Undefined when the signature was not checked (never, for `verify`). */
  readonly signature?: { readonly status: VerifyStatus; readonly message: string; readonly keyLabel?: string };
  readonly lints: readonly { readonly id: string; readonly severity: string; readonly message: string }[];
  /** An SD-JWT presentation: each disclosure, the claims a verifier sees, its Key Binding JWT. */
  readonly sdJwt?: SdJwtSummary;
  /** A DPoP proof: its request, key thumbprint and the access token beside it. */
  readonly dpop?: DpopSummary;
}

/** A token in a document: where it is, and its verdict. */
export interface DocumentTokenInfo {
  readonly text: string;
  /** Zero-based, as `vscode.Range`. */
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly offset: number;
  readonly verdict: TokenVerdict;
}

export interface JwtLensApi {
  /** Bumped on a breaking change to this interface. */
  readonly apiVersion: 1;
  /** Decodes a token (a leading "Bearer " is allowed); no signature check. */
  decode(token: string): TokenInfo;
  /** Decodes and judges a token: its times, and its signature against the stored keys. */
  verify(token: string): Promise<TokenVerdict>;
  /**
   * The tokens of a document (opened if it is not), with verdicts, signatures checked; at most
   * `limit` of them (default 500), in document order.
   */
  tokensIn(document: vscode.TextDocument | vscode.Uri, limit?: number): Promise<DocumentTokenInfo[]>;
  /** Fires when verdicts may read differently: keys, settings or the clock changed. */
  readonly onDidChangeVerdicts: vscode.Event<void>;
}

export function createApi(inspections: InspectionService): JwtLensApi {
  return {
    apiVersion: 1,
    decode: (token) => tokenInfo(decodeToken(token, readConfig().maxTokenLength)),
    verify: async (token) => {
      const settings = readConfig();
      const verdict = await inspections.verifiedVerdict(decodeToken(token, settings.maxTokenLength), settings);
      return tokenVerdict(verdict, settings.expiryWarningSeconds);
    },
    tokensIn: async (target, limit = 500) => {
      const document = target instanceof vscode.Uri ? await vscode.workspace.openTextDocument(target) : target;
      await inspections.verifyAll(inspections.inspect(document, limit).entries);
      const inspection = inspections.inspect(document, limit);
      return inspection.entries.map((entry) => ({
        text: entry.decoded.text,
        range: {
          start: { line: entry.range.start.line, character: entry.range.start.character },
          end: { line: entry.range.end.line, character: entry.range.end.character },
        },
        offset: entry.location.offset,
        verdict: tokenVerdict(entry.verdict, inspection.settings.expiryWarningSeconds),
      }));
    },
    onDidChangeVerdicts: inspections.onDidChangeVerdicts,
  };
}

function tokenInfo(decoded: DecodedToken): TokenInfo {
  return plain({ kind: decoded.kind, header: decoded.header, payload: decoded.payload, error: decoded.error?.message });
}

function tokenVerdict(verdict: Verdict, warningSeconds: number): TokenVerdict {
  const { time, verify } = verdict;
  return plain({
    kind: verdict.token.kind,
    header: verdict.token.header,
    payload: verdict.token.payload,
    error: verdict.token.error?.message,
    urgency: urgency(verdict, warningSeconds),
    summary: lensTitle(verdict),
    time: { state: time.state, secondsFromNow: time.secondsFromNow, summary: time.summary },
    // The key's label only: a verify result also carries HMAC key sizes and ids, which stay inside.
    signature: verify && { status: verify.status, message: verify.message, keyLabel: verify.key?.label },
    lints: verdict.lints.map((lint) => ({ id: lint.id, severity: lint.severity, message: lint.message })),
    sdJwt: sdJwtSummary(verdict),
    dpop: dpopSummary(verdict),
  });
}

/**
 * A copy through JSON: callers get data they may keep, change or post to a webview, never the
 * objects the inspections hold; members that are undefined are left out.
 */
function plain<T extends { header?: unknown; payload?: unknown; error?: string }>(value: T): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch {
    // A header or payload nested too deep to copy (a poison token): that token says so, its
    // document's other tokens are unaffected.
    return JSON.parse(JSON.stringify({ ...value, header: undefined, payload: undefined, error: 'Too deeply nested to copy.' })) as T;
  }
}

// The API other extensions get from `vscode.extensions.getExtension('jwt-lens.jwt-lens').exports`:
// plain, JSON-safe data only (no engine objects, no key material), so it can stay stable while the
// inside changes. Documented in docs/api.md.
import * as vscode from 'vscode';
import { decodeToken, type DecodedToken } from './core/token/decode';
import { urgency, type Urgency, type Verdict } from './core/judge/verdict';
import { summarizeVerdict } from './core/judge/summary';
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

/** Which stored key may re-sign a token (same claims, new expiry), by label; or why none may. */
export type ResignCheck =
  | { readonly ok: true; readonly keyLabel: string }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

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
  /**
   * Whether a stored key may re-sign the token, and which: the same answer the hover, the quick
   * fix, the status bar's token list and JWT: Re-sign Token give.
   */
  resigner(token: string): Promise<ResignCheck>;
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
      const inspection = await inspections.inspectVerified(document, { limit });
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
    resigner: async (token) => {
      const answer = await inspections.resigner(decodeToken(token, readConfig().maxTokenLength));
      // The label only, as for signatures: the stored key's id and metadata stay inside.
      return answer.ok
        ? { ok: true, keyLabel: answer.key.label }
        : { ok: false, error: { code: answer.error.code, message: answer.error.message } };
    },
    onDidChangeVerdicts: inspections.onDidChangeVerdicts,
  };
}

function tokenInfo(decoded: DecodedToken): TokenInfo {
  return plain({ kind: decoded.kind, header: decoded.header, payload: decoded.payload, error: decoded.error?.message });
}

function tokenVerdict(verdict: Verdict, warningSeconds: number): TokenVerdict {
  const { kind, header, payload, error, title, time, signature, lints } = summarizeVerdict(verdict);
  return plain({
    kind,
    header,
    payload,
    error,
    urgency: urgency(verdict, warningSeconds),
    summary: title,
    time,
    signature,
    lints,
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

// One error model for the whole extension: a stable code per failure, never message text to branch on.
//
// - The core never throws for bad input. A function that can fail returns a `Result`
//   (core/text/result.ts): `{ ok: true, … }` or `{ ok: false, error: { code, message } }`
//   (importKeyText, signToken, parseClaimsFile, resigner), each with its own code type. A token
//   can decode in part, so decodeToken returns what it read with its first `error: { code, message }`.
//   Verifying is not failing: verifyToken returns a verdict (`status`); "invalid signature" is an
//   answer. (generateSigningKey throws only if a key it just made cannot be exported.)
// - Above the core, a failure the user can act on is thrown as a `JwtLensError`: a stable `code`
//   (for tests, logs and automation), a user-facing `message` that never holds key material, the
//   `actions` that fix it (message buttons), and the `cause`, kept for debugging and never shown
//   or logged. `fromResult` turns a core result's error into one, keeping its code.
// - The command table (shared/commandTable.ts) is the one place that shows it: an error message
//   with the actions as buttons, the code in the log, and `{ error: { code, message } }` as the
//   command's return value (`CommandFailure`). A cancelled command returns `undefined`.

// Types only: the core's result codes are erased at build time, so util still depends on nothing at run time.
import type { DecodeErrorCode } from '../core/token/decode';
import type { KeyErrorCode } from '../core/keys/importKey';
import type { UrlErrorCode } from '../core/judge/fetchPolicy';
import type { FetchErrorCode } from '../core/judge/boundedFetch';
import type { JwksErrorCode } from '../core/judge/jwks';
import type { SignErrorCode } from '../core/sign/sign';
import type { ClaimsErrorCode } from '../core/sign/claims';
import type { ResignErrorCode } from '../core/sign/resign';
import type { AccountErrorCode } from '../core/providers/providerApi';

/** Codes a command fails with; the core's own result codes (`CoreErrorCode`) pass through `fromResult`. */
export type CommandErrorCode =
  /** VS Code's SecretStorage (the OS keychain) failed. */
  | 'ERR_SECRET_STORAGE'
  /** No stored key has that label, kid or id. */
  | 'ERR_KEY_NOT_FOUND'
  /** The key is listed but its secret is not in this machine's secret storage. */
  | 'ERR_KEY_SECRET_MISSING'
  /** No stored key can do what was asked (sign this algorithm, verify, export a public half). */
  | 'ERR_NO_SUITABLE_KEY'
  /** Restoring a key with material that is not the same key. */
  | 'ERR_KEY_MISMATCH'
  /** Signing or re-signing refused: Restricted Mode. */
  | 'ERR_UNTRUSTED_WORKSPACE'
  /** No token under the cursor, in the selection, the argument or the clipboard. */
  | 'ERR_NO_TOKEN'
  /** The token is not one this command can act on (not decodable, not a JWS, no signed URL). */
  | 'ERR_TOKEN_UNSUITABLE'
  /** Re-sign refused: the token's signature does not verify with the key that would sign it. */
  | 'ERR_RESIGN_REFUSED'
  /** Sign and Replace refused: the token's text in its document changed since it was opened for editing. */
  | 'ERR_SOURCE_CHANGED'
  /** No claims file to sign. */
  | 'ERR_NO_CLAIMS_FILE'
  /** The file to sign is JSON but not a claims file (no *.claims.json name, no "$jwt"). */
  | 'ERR_NOT_CLAIMS_FILE'
  /** Mux or FastPix claims, and the key has no kid: the platform would refuse the token. */
  | 'ERR_SIGN_NO_KID'
  /** A file named by an argument could not be read. */
  | 'ERR_FILE_READ'
  /** An argument is not one of the values the command takes. */
  | 'ERR_INVALID_ARGUMENT'
  /** No connected Mux or FastPix account by that id or label. */
  | 'ERR_ACCOUNT_UNKNOWN'
  /** The account's access token is missing from this machine's secret storage. */
  | 'ERR_ACCOUNT_SECRET_MISSING'
  /** A key created at the provider could not be stored (it was revoked again, or the message names it). */
  | 'ERR_ACCOUNT_KEY_NOT_STORED'
  /** Account API failures, one per cause (core/providers/providerApi.ts): 401, 403, 404, 429, 5xx, an unexpected answer. */
  | 'ERR_ACCOUNT_UNAUTHORIZED'
  | 'ERR_ACCOUNT_FORBIDDEN'
  | 'ERR_ACCOUNT_NOT_FOUND'
  | 'ERR_ACCOUNT_RATE_LIMITED'
  | 'ERR_ACCOUNT_SERVER'
  | 'ERR_ACCOUNT_RESPONSE'
  /** A private key an account created could not be read (the key is revoked again). */
  | 'ERR_ACCOUNT_KEY_UNREADABLE'
  /** No trusted issuer by that address, or none at all. */
  | 'ERR_ISSUER_NOT_FOUND'
  /** An answer that is not JSON (services/http.ts); the failures before an answer are core's FetchErrorCode. */
  | 'ERR_HTTP_NOT_JSON'
  /** Anything not foreseen; its message says only that (see the command table). */
  | 'ERR_UNEXPECTED';

/** The codes core results fail with, each exported beside its result type. */
export type CoreErrorCode =
  | DecodeErrorCode
  | KeyErrorCode
  | UrlErrorCode
  | FetchErrorCode
  | JwksErrorCode
  | SignErrorCode
  | ClaimsErrorCode
  | ResignErrorCode
  | AccountErrorCode;

/** Every code a JWT Lens failure carries: a closed list, so a misspelt code does not compile. */
export type ErrorCode = CommandErrorCode | CoreErrorCode;

/** A way out of the failure: a command with its argument, shown as a button on the message. */
export interface ErrorAction {
  readonly title: string;
  readonly command: string;
  readonly args?: unknown;
}

export interface JwtLensErrorOptions {
  readonly actions?: readonly ErrorAction[];
  /** What went wrong underneath (a keychain exception, a parse error); never shown, never logged. */
  readonly cause?: unknown;
}

export class JwtLensError extends Error {
  override readonly name: string = 'JwtLensError';
  readonly actions: readonly ErrorAction[];

  /** `message` is shown to the user as it is: it must never quote key input or secrets. */
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: JwtLensErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.actions = options.actions ?? [];
  }
}

/** What every command returns when it fails (a cancelled command returns `undefined`). */
export interface CommandFailure {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/** A core result's error as a JwtLensError, keeping its code; `prefix` puts it in context. */
export function fromResult(
  error: { readonly code: ErrorCode; readonly message: string },
  prefix = '',
  options?: JwtLensErrorOptions,
): JwtLensError {
  return new JwtLensError(error.code, `${prefix}${error.message}`, options);
}

/** The return value for a failure: code and message only (no actions, no cause). */
export function commandFailure(error: JwtLensError): CommandFailure {
  return { error: { code: error.code, message: error.message } };
}

/** Shown for anything that is not a JwtLensError: its own message could carry key material. */
export const UNEXPECTED_MESSAGE = 'The JWT Lens command failed unexpectedly. See the JWT Lens output for details.';

/** The one wording of a listed key whose secret is gone (another machine, a wiped keychain). */
export function missingSecret(label: string, actions?: readonly ErrorAction[]): JwtLensError {
  return new JwtLensError(
    'ERR_KEY_SECRET_MISSING',
    `The secret of key ${label} is missing from this machine's secret storage. Restore it from the Keys view (JWT Lens in the activity bar).`,
    { actions },
  );
}

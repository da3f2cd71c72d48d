// Commands on one token: Decode (into the decoded view), Verify with a chosen key, Copy Decoded
// JSON / Payload / Header, and Re-sign (same claims, new expiry, replaced in place as one undoable
// edit). Each takes the token as text or as { uri, offset } and returns its result.
import * as vscode from 'vscode';
import { describeKey } from '../core/keys/describeKey';
import type { DecodedToken } from '../core/token/decode';
import { NOT_RESIGNABLE, planResign, type ResignError } from '../core/sign/resign';
import { signToken, type SigningKey } from '../core/sign/sign';
import { parseDuration } from '../core/token/time';
import { verifyToken, type SignatureCheck } from '../core/judge/verify';
import { humanDuration } from '../core/token/time';
import type { Verdict } from '../core/judge/verdict';
import { signedUrlFor } from '../core/providers/signedUrls';
import { summarizeVerdict } from '../core/judge/summary';
import { isDpopProof } from '../core/token/sdJwt';
import { dpopSummary, sdJwtSummary, type DpopSummary, type SdJwtSummary } from '../core/render/formatSummary';
import { tokenKid } from '../core/judge/verify';
import { fromResult, JwtLensError } from '../util/errors';
import { registerCommandTable, type CommandTable } from '../shared/commandTable';
import type { KeyStore, StoredKey } from '../services/keyStore';
import type { DecodedView } from './decodedView';
import { isTokenLocation, locateToken, type LocatedToken, type TokenArgument } from './tokenLocation';
import type { InspectionService } from '../services/inspections';
import { FIX_ADD, fixesFor, namedKey, noSuitableKey, pickKey, secretMissing, type KeyArgument } from '../shared/keyPicker';
import { untrustedWorkspace } from '../shared/messages';
import type { Milestones } from '../shared/milestones';
import { COMMANDS } from '../util/commandIds';

export interface DecodeTokenResult {
  readonly header?: Record<string, unknown>;
  readonly payload?: Record<string, unknown>;
  /** The payload of a JWS that is not a JWT (text, or JSON that is not an object), as text. */
  readonly payloadText?: string;
  /** What is wrong with a token that decoded only in part (a failure is `{ error }`, util/errors.ts). */
  readonly warning?: string;
  /** "expires in 14 min", "expired 3 days ago", … */
  readonly time?: string;
  readonly signature?: SignatureCheck['status'];
  /** An SD-JWT presentation: each disclosure, the claims a verifier sees, its Key Binding JWT. */
  readonly sdJwt?: SdJwtSummary;
  /** A DPoP proof: its request, key thumbprint and the access token beside it. */
  readonly dpop?: DpopSummary;
}

export interface ResignOptions {
  /** Key id, label or kid; by default the stored key the token's kid names. */
  readonly key?: KeyArgument;
  /** A duration such as "15m", or seconds; by default the token's original lifetime. */
  readonly lifetime?: string | number;
}

const NO_TOKEN = 'No JWT found. Put the cursor on a token, select one, or copy one to the clipboard.';

export function registerTokenCommands(
  service: InspectionService,
  keyStore: KeyStore,
  view: DecodedView,
  milestones: Milestones,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const locate = async (argument: unknown): Promise<LocatedToken> => {
    const located = await locateToken(service, argument);
    if (!located) {
      throw new JwtLensError('ERR_NO_TOKEN', NO_TOKEN);
    }
    return located;
  };

  const decode = async (argument?: TokenArgument): Promise<DecodeTokenResult> => {
    const located = await locate(argument);
    const { decoded } = located;
    if (!decoded.header) {
      throw undecodable(decoded);
    }
    const location = isTokenLocation(argument) ? argument : located.entry?.location;
    const verdict = await view.show(decoded, location);
    milestones.reach('decoded');
    if (decoded.error) {
      void vscode.window.showWarningMessage(`Partly decoded. ${decoded.error.message}`);
    }
    return decodeResult(verdict);
  };

  const copy = async (argument: TokenArgument | undefined, what: 'all' | 'payload' | 'header'): Promise<string> => {
    const located = await locate(argument);
    const { header, payload, payloadText } = located.decoded;
    if (!header) {
      throw undecodable(located.decoded);
    }
    const value =
      what === 'header'
        ? header
        : what === 'payload'
          ? (payload ?? payloadText ?? null)
          : { header, payload: payload ?? payloadText ?? null };
    const text = JSON.stringify(value, null, 2);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Copied the decoded ${what === 'all' ? 'JWT' : what}`, 3000);
    return text;
  };

  const verifyWith = async (argument?: TokenArgument, keyArgument?: unknown): Promise<SignatureCheck | undefined> => {
    const located = await locate(argument);
    // From the editor's context menu the second argument is VS Code's, not a key.
    const key = typeof keyArgument === 'string' || isKeyReference(keyArgument) ? keyArgument : undefined;
    // No key named and no choice asked for (the hover's Verify with… asks): answer without a prompt
    // whenever a key source can, and ask only when none has the token's key.
    // A DPoP proof is checked with the key in its own header, never with a chosen one.
    if ((key === undefined && !isChooseRequest(keyArgument)) || isDpopProof(located.decoded.header)) {
      const automatic = await service.verifyWithoutPrompt(located.decoded);
      if (automatic.status !== 'no-key') {
        void (automatic.status === 'valid' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(automatic.message);
        return automatic;
      }
    }
    const alg = typeof located.decoded.header?.alg === 'string' ? located.decoded.header.alg : undefined;
    const kid = tokenKid(located.decoded);
    const stored =
      key !== undefined
        ? namedKey(keyStore, key)
        : await pickKey(
            keyStore,
            alg ? `Verify ${alg} with which key?` : 'Verify with which key?',
            (candidate) => alg === undefined || candidate.algorithms.verify.includes(alg),
            { message: `No stored key can verify ${alg ?? 'this token'}.`, fixes: fixesFor(alg, kid) },
            (candidate) => kid !== undefined && candidate.kid === kid,
          );
    if (!stored) {
      return undefined;
    }
    const all = await keyStore.verificationKeys();
    // The chosen key stands as the key the token names, whatever its own kid: the user asked for
    // this key, so a mismatch is a bad signature, not a missing key.
    const chosen = all.filter((candidate) => candidate.id === stored.id).map((candidate) => ({ ...candidate, kid }));
    const result = await verifyToken(located.decoded, chosen);
    const message =
      result.status === 'valid'
        ? `Signature valid with ${stored.label}.`
        : result.status === 'no-key'
          ? `${stored.label} is ${describeKey(stored)}: it cannot verify ${result.alg ?? 'this token'}.`
          : result.message;
    void (result.status === 'valid' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(message);
    return result;
  };

  const resign = async (argument?: TokenArgument, options: ResignOptions = {}): Promise<string | undefined> => {
    if (!vscode.workspace.isTrusted) {
      throw untrustedWorkspace();
    }
    const located = await locate(argument);
    const lifetime = typeof options.lifetime === 'string' ? parseDuration(options.lifetime) : options.lifetime;
    if (options.lifetime !== undefined && (lifetime === undefined || lifetime <= 0)) {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', `Lifetime "${options.lifetime}" is not a duration such as 15m, 1h or 7d.`);
    }
    const plan = planResign(located.decoded, service.now(), lifetime);
    if (!plan) {
      throw new JwtLensError('ERR_TOKEN_UNSUITABLE', NOT_RESIGNABLE);
    }
    // A key the caller names must exist (ERR_KEY_NOT_FOUND); otherwise the token's kid chooses.
    const named = options.key !== undefined ? namedKey(keyStore, options.key) : undefined;
    const { stored, key } = await resignerWithMaterial(service, keyStore, located.decoded, named);
    const signed = await signToken({
      payload: plan.payload,
      alg: plan.alg,
      key,
      header: plan.header,
      kid: plan.kid ?? stored.kid,
      kidIn: plan.kidIn,
    });
    if (!signed.ok) {
      throw fromResult(signed.error);
    }
    await keyStore.markUsed(stored.id);
    if (located.document && located.entry) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(located.document.uri, located.entry.range, signed.jwt);
      if (!(await vscode.workspace.applyEdit(edit))) {
        // Signed all the same: a warning, and the token is returned.
        void vscode.window.showWarningMessage('The document could not be edited (read-only?). The new token is on the clipboard.');
        await vscode.env.clipboard.writeText(signed.jwt);
        return signed.jwt;
      }
      log.info(`Re-signed a ${plan.alg} token with ${stored.label}, valid ${humanDuration(plan.lifetimeSeconds)}.`);
      void vscode.window.setStatusBarMessage(`Re-signed with ${stored.label}: valid for ${humanDuration(plan.lifetimeSeconds)}`, 5000);
    }
    return signed.jwt;
  };

  const copySignedUrl = async (argument?: TokenArgument): Promise<string> => {
    const located = await locate(argument);
    const { payload, text, kind } = located.decoded;
    const { url, reason } = payload && kind === 'jws' ? signedUrlFor(payload, text) : {};
    if (!url) {
      throw new JwtLensError(
        'ERR_TOKEN_UNSUITABLE',
        `This token has no signed URL: ${reason ?? 'only Mux playback (aud v, t, g or s, with sub) and FastPix (aud media:<id>) tokens carry one'}.`,
      );
    }
    await vscode.env.clipboard.writeText(url);
    void vscode.window.setStatusBarMessage('Copied the signed URL', 3000);
    return url;
  };

  const table: CommandTable = {
    [COMMANDS.copySignedUrl]: copySignedUrl,
    [COMMANDS.decodeToken]: decode,
    [COMMANDS.openDecoded]: decode,
    [COMMANDS.verifyToken]: verifyWith,
    [COMMANDS.copyDecodedJson]: (argument?: TokenArgument) => copy(argument, 'all'),
    [COMMANDS.copyPayload]: (argument?: TokenArgument) => copy(argument, 'payload'),
    [COMMANDS.copyHeader]: (argument?: TokenArgument) => copy(argument, 'header'),
    [COMMANDS.resignToken]: resign,
  };
  return registerCommandTable(table, log);
}

/**
 * The key the one re-sign rule allows, with its material read for signing; otherwise throws why
 * none may. A secret found gone only now is left out by the store from then on, so the rule is
 * asked again: another key with the token's kid may still sign.
 */
export async function resignerWithMaterial(
  service: InspectionService,
  keyStore: KeyStore,
  decoded: DecodedToken,
  named?: StoredKey,
): Promise<{ stored: StoredKey; key: SigningKey }> {
  let missing: JwtLensError | undefined;
  const tried = new Set<string>();
  for (;;) {
    const answer = await service.resigner(decoded, { key: named });
    if (!answer.ok) {
      // A forged token is refused as such; otherwise a missing secret says more than "no key".
      throw answer.error.code !== 'ERR_RESIGN_REFUSED' && missing ? missing : resignFailure(answer.error);
    }
    const stored = answer.key;
    const key = await keyStore.signingKey(stored.id);
    if (key) {
      return { stored, key };
    }
    missing ??= secretMissing(stored);
    if (named || tried.has(stored.id)) {
      throw missing;
    }
    tried.add(stored.id);
  }
}

/** Why no key may re-sign, with the buttons that fix it where one does. */
function resignFailure(error: ResignError<StoredKey>): JwtLensError {
  if (error.code === 'ERR_NO_SUITABLE_KEY') {
    return noSuitableKey(error.message, [FIX_ADD(error.kid)]);
  }
  if (error.code === 'ERR_KEY_SECRET_MISSING' && error.key) {
    return secretMissing(error.key);
  }
  return fromResult(error);
}

/** A token with no readable header: nothing to decode, copy or verify. */
function undecodable(decoded: DecodedToken): JwtLensError {
  return decoded.error
    ? fromResult(decoded.error, 'Cannot decode this JWT. ')
    : new JwtLensError('ERR_TOKEN_UNSUITABLE', 'Cannot decode this JWT.');
}

/** `{ choose: true }`: the caller (the hover's Verify with…) wants the key picked, not found. */
function isChooseRequest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { choose?: unknown }).choose === true;
}

function isKeyReference(value: unknown): value is { readonly id: string } {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** What Decode Token returns: the decoded parts and the verdict's time and signature, from the one summary. */
function decodeResult(verdict: Verdict): DecodeTokenResult {
  const summary = summarizeVerdict(verdict);
  return {
    header: summary.header,
    payload: summary.payload,
    payloadText: summary.payloadText,
    warning: summary.error,
    time: summary.kind === 'jws' && summary.error === undefined ? summary.time.summary : undefined,
    signature: summary.signature?.status,
    sdJwt: sdJwtSummary(verdict),
    dpop: dpopSummary(verdict),
  };
}

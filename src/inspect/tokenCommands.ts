// Commands on one token: Decode (into the decoded view), Verify with a chosen key, Copy Decoded
// JSON / Payload / Header, and Re-sign (same claims, new expiry, replaced in place as one undoable
// edit). Each takes the token as text or as { uri, offset } and returns its result.
import * as vscode from 'vscode';
import { describeKey } from '../core/keys';
import type { DecodedToken } from '../core/decode';
import { planResign, resignRefusal } from '../core/resign';
import { signToken, type SigningKey } from '../core/sign';
import { parseDuration } from '../core/claims';
import { verifyToken, type VerifyResult } from '../core/verify';
import { humanDuration } from '../core/time';
import type { Verdict } from '../core/verdict';
import { signedUrl } from '../core/urls';
import { tokenKid } from '../core/verify';
import { registerCommandTable, type CommandTable } from '../shared/commandTable';
import type { KeyStore, StoredKey } from '../services/keyStore';
import type { DecodedView } from './decodedView';
import { isTokenLocation, locateToken, type LocatedToken, type TokenArgument } from '../shared/tokenLocation';
import type { InspectionService } from '../services/inspections';
import { fixesFor, pickKey, type KeyArgument } from '../shared/keyPicker';
import { UNTRUSTED_MESSAGE } from '../shared/messages';
import { COMMANDS } from '../shared/commandIds';

export interface DecodeTokenResult {
  readonly header?: Record<string, unknown>;
  readonly payload?: Record<string, unknown>;
  readonly error?: string;
  /** "expires in 14 min", "expired 3 days ago", … */
  readonly time?: string;
  readonly signature?: VerifyResult['status'];
}

export interface ResignOptions {
  /** Key id, label or kid; by default the stored key the token's kid names. */
  readonly key?: KeyArgument;
  /** A duration such as "15m", or seconds; by default the token's original lifetime. */
  readonly lifetime?: string | number;
}

const NO_TOKEN = 'No JWT found. Put the cursor on a token, select one, or copy one to the clipboard.';

export function registerTokenCommands(service: InspectionService, keyStore: KeyStore, view: DecodedView, log: vscode.LogOutputChannel): vscode.Disposable {
  const locate = async (argument: unknown): Promise<LocatedToken | undefined> => {
    const located = await locateToken(service, argument);
    if (!located) void vscode.window.showInformationMessage(NO_TOKEN);
    return located;
  };

  const decode = async (argument?: TokenArgument): Promise<DecodeTokenResult | undefined> => {
    const located = await locate(argument);
    if (!located) return undefined;
    const { decoded } = located;
    if (!decoded.header) {
      void vscode.window.showErrorMessage(`Cannot decode this JWT. ${decoded.error?.message ?? ''}`.trim());
      return { error: decoded.error?.message };
    }
    const location = isTokenLocation(argument) ? argument : located.token?.location;
    const verdict = await view.show(decoded, location);
    if (decoded.error) void vscode.window.showWarningMessage(`Partly decoded. ${decoded.error.message}`);
    return summarise(verdict);
  };

  const copy = async (argument: TokenArgument | undefined, what: 'all' | 'payload' | 'header'): Promise<string | undefined> => {
    const located = await locate(argument);
    if (!located) return undefined;
    const { header, payload, payloadText } = located.decoded;
    if (!header) {
      void vscode.window.showErrorMessage(`Cannot decode this JWT. ${located.decoded.error?.message ?? ''}`.trim());
      return undefined;
    }
    const value = what === 'header' ? header : what === 'payload' ? payload ?? payloadText ?? null : { header, payload: payload ?? payloadText ?? null };
    const text = JSON.stringify(value, null, 2);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Copied the decoded ${what === 'all' ? 'JWT' : what}`, 3000);
    return text;
  };

  const verifyWith = async (argument?: TokenArgument, keyArgument?: unknown): Promise<VerifyResult | undefined> => {
    const located = await locate(argument);
    if (!located) return undefined;
    // From the editor's context menu the second argument is VS Code's, not a key.
    const key = typeof keyArgument === 'string' || (isKeyReference(keyArgument)) ? keyArgument : undefined;
    const alg = typeof located.decoded.header?.alg === 'string' ? located.decoded.header.alg : undefined;
    const kid = tokenKid(located.decoded);
    const stored = key !== undefined ? keyStore.resolve(key) : await pickKey(
      keyStore, alg ? `Verify ${alg} with which key?` : 'Verify with which key?',
      (candidate) => alg === undefined || candidate.algorithms.verify.includes(alg),
      { message: `No stored key can verify ${alg ?? 'this token'}.`, fixes: fixesFor(alg, kid) },
      (candidate) => kid !== undefined && candidate.kid === kid,
    );
    if (!stored) {
      if (key !== undefined) void vscode.window.showErrorMessage(`No stored key named ${typeof key === 'string' ? key : key.id}.`);
      return undefined;
    }
    const all = await keyStore.verificationKeys();
    const chosen = all.filter((candidate) => candidate.id === stored.id).map((candidate) => ({ ...candidate, kid: undefined }));
    // With one chosen key, its kid must not steer selection: the user asked for this key.
    const result = await verifyToken(located.decoded, chosen);
    const message = result.status === 'valid' ? `Signature valid with ${stored.label}.`
      : result.status === 'no-key' ? `${stored.label} is ${describeKey(stored)}: it cannot verify ${result.alg ?? 'this token'}.` : result.message;
    void (result.status === 'valid' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(message);
    return result;
  };

  const resign = async (argument?: TokenArgument, options: ResignOptions = {}): Promise<string | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(UNTRUSTED_MESSAGE);
      return undefined;
    }
    const located = await locate(argument);
    if (!located) return undefined;
    const lifetime = typeof options.lifetime === 'string' ? parseDuration(options.lifetime) : options.lifetime;
    if (options.lifetime !== undefined && (lifetime === undefined || lifetime <= 0)) {
      void vscode.window.showErrorMessage(`Lifetime "${options.lifetime}" is not a duration such as 15m, 1h or 7d.`);
      return undefined;
    }
    const plan = planResign(located.decoded, service.now(), lifetime);
    if (!plan) {
      void vscode.window.showErrorMessage('Only a well-formed signed JWT (JWS) can be re-signed.');
      return undefined;
    }
    const named = options.key !== undefined ? keyStore.resolve(options.key) : undefined;
    const candidates = options.key !== undefined ? (named ? [named] : []) : keyStore.signersFor(plan.kid, plan.alg);
    if (candidates.length === 0) {
      const add = 'Add Signing Key';
      void vscode.window.showErrorMessage(`No stored key${plan.kid ? ` with kid ${plan.kid}` : ''} can sign ${plan.alg}. Add the private key to re-sign.`, add)
        .then((answer) => answer === add && vscode.commands.executeCommand(COMMANDS.addKey));
      return undefined;
    }
    const chosen = await signerThatVerifies(keyStore, located.decoded, candidates);
    if (!chosen.ok) {
      void vscode.window.showErrorMessage(chosen.message);
      return undefined;
    }
    const { stored, key } = chosen;
    const signed = await signToken({ payload: plan.payload, alg: plan.alg, key, header: plan.header, kid: plan.kid ?? stored.kid, kidIn: plan.kidIn });
    if (!signed.ok) {
      void vscode.window.showErrorMessage(signed.error.message);
      return undefined;
    }
    await keyStore.markUsed(stored.id);
    if (located.document && located.token) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(located.document.uri, located.token.range, signed.token);
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage('The document could not be edited (read-only?). The new token is on the clipboard.');
        await vscode.env.clipboard.writeText(signed.token);
        return signed.token;
      }
      log.info(`Re-signed a ${plan.alg} token with ${stored.label}, valid ${humanDuration(plan.lifetimeSeconds)}.`);
      void vscode.window.setStatusBarMessage(`Re-signed with ${stored.label}: valid for ${humanDuration(plan.lifetimeSeconds)}`, 5000);
    }
    return signed.token;
  };

  const copySignedUrl = async (argument?: TokenArgument): Promise<string | undefined> => {
    const located = await locate(argument);
    if (!located) return undefined;
    const { payload, text, kind } = located.decoded;
    const url = payload && kind === 'jws' ? signedUrl(payload, text) : undefined;
    if (!url) {
      void vscode.window.showErrorMessage('This token has no signed URL: only Mux playback (aud v, t, g or s, with sub) and FastPix (aud media:<id>) tokens carry one.');
      return undefined;
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
 * The first candidate whose own key verifies the token's signature, with its material for signing;
 * otherwise the reason none may sign (the token's claims may be forged, or a secret is missing).
 */
async function signerThatVerifies(keyStore: KeyStore, token: DecodedToken, candidates: readonly StoredKey[])
  : Promise<{ ok: true; stored: StoredKey; key: SigningKey } | { ok: false; message: string }> {
  let refusal: string | undefined;
  let missing: string | undefined;
  for (const stored of candidates) {
    const key = await keyStore.load(stored.id);
    if (!key) {
      missing ??= `The secret of key ${stored.label} is missing from this machine's secret storage. Restore it from the JWT Keys view.`;
      continue;
    }
    const own = { id: stored.id, label: stored.label, type: key.type, verifyKey: key.verifyKey, verifyAlgorithms: key.algorithms.verify };
    const reason = await resignRefusal(token, own);
    if (reason === undefined) return { ok: true, stored, key: { ...key, label: stored.label } };
    refusal ??= reason;
  }
  return { ok: false, message: refusal ?? missing ?? 'No stored key can re-sign this token.' };
}

function isKeyReference(value: unknown): value is { readonly id: string } {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

function summarise(verdict: Verdict): DecodeTokenResult {
  const { token } = verdict;
  return {
    header: token.header, payload: token.payload, error: token.error?.message,
    time: token.kind === 'jws' && !token.error ? verdict.time.summary : undefined, signature: verdict.verify?.status,
  };
}

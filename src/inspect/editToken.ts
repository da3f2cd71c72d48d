// Edit Token opens a signed token's payload and header as a claims file (the claims schema,
// diagnostics and relative times apply; time claims carry their dates in comments). Sign and
// Replace writes the new token where the old one was, as one undoable edit, and refuses when that
// text changed since; Sign and Copy leaves the source alone. Either signs only with a key the one
// re-sign rule allows: a token that does not verify with a key never gets signed by it.
import * as vscode from 'vscode';
import { editableClaims, editedSignRequest } from '../core/sign/editToken';
import { parseClaimsFile } from '../core/sign/claims';
import { signToken } from '../core/sign/sign';
import { baseName } from '../core/text/paths';
import type { DecodedToken } from '../core/token/decode';
import { tokenKid } from '../core/judge/verify';
import { fromResult, JwtLensError } from '../util/errors';
import { registerCommandTable } from '../shared/commandTable';
import { automationArgs } from '../shared/commandArgs';
import { namedKey, pickSigner, type KeyArgument } from '../shared/keyPicker';
import { untrustedWorkspace } from '../shared/messages';
import type { KeyStore, StoredKey } from '../services/keyStore';
import type { InspectionService } from '../services/inspections';
import type { EditedTokens, TokenSource } from '../services/editedTokens';
import { readConfig } from '../config';
import { COMMANDS } from '../util/commandIds';
import { disposeAll } from '../util/disposables';
import { locateToken, type TokenArgument } from './tokenLocation';
import { resignerWithMaterial } from './tokenCommands';

/** True while the active editor is a token open for editing: its Sign buttons show, Sign Claims File's do not. */
export const EDITING_CONTEXT = 'jwtLens.editingToken';

export interface SignEditedArgs {
  /** The edit document; by default the active editor's. */
  readonly document?: vscode.Uri | string;
  /** Key id, label or kid; overrides "$jwt.key". It must verify the original token all the same. */
  readonly key?: KeyArgument;
}

export interface SignEditedResult {
  readonly token: string;
  /** The label of the key that signed. */
  readonly key: string;
  readonly alg: string;
  /** Sign and Replace: where the new token now is. */
  readonly replaced?: { readonly uri: string; readonly offset: number };
}

const NO_TOKEN = 'No JWT found. Put the cursor on a token, select one, or copy one to the clipboard.';
const NO_EDIT_DOCUMENT = 'This is not a token opened for editing. Run JWT: Edit Token on a token first.';
/** A character that would make the text at the token's place part of a longer token. */
const TOKEN_CHAR = /[A-Za-z0-9_\-.~]/;

export function registerEditToken(
  service: InspectionService,
  keyStore: KeyStore,
  edited: EditedTokens,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  let opened = 0;

  const editToken = async (argument?: TokenArgument | vscode.Uri): Promise<vscode.Uri> => {
    const located = await locateToken(service, argument);
    if (!located) {
      throw new JwtLensError('ERR_NO_TOKEN', NO_TOKEN);
    }
    const { decoded } = located;
    const source = located.document ? sourceOf(located.document, located.entry?.range, decoded) : undefined;
    const answer = await service.resigner(decoded);
    const text = editableClaims(decoded, {
      now: service.now(),
      keyLabel: answer.ok ? answer.key.label : undefined,
      noKeyReason: answer.ok ? undefined : noKeyNote(answer.error.code, decoded),
      origin: located.document && source ? originOf(located.document, source) : undefined,
    });
    if (!text.ok) {
      throw fromResult(text.error);
    }
    const document = await vscode.workspace.openTextDocument(nextEditUri());
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), text.text));
    edited.open(document.uri, decoded.text, decoded, source);
    if (document.languageId !== 'jsonc') {
      await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
    }
    await vscode.commands.executeCommand('setContext', EDITING_CONTEXT, true);
    return document.uri;
  };

  /** An untitled *.claims.json name not in use: the claims schema applies, and Save would put it in the workspace. */
  const nextEditUri = (): vscode.Uri => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const inUse = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (;;) {
      const name = `edit-token-${++opened}.claims.json`;
      const uri = folder ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.parse(`untitled:${name}`);
      if (!inUse.has(uri.toString())) {
        return uri;
      }
    }
  };

  const sign = async (argument: unknown, replace: boolean): Promise<SignEditedResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      throw untrustedWorkspace();
    }
    // From the editor title or the lens VS Code passes the document's Uri: a person is signing.
    const args = argument instanceof vscode.Uri ? { document: argument } : (automationArgs<SignEditedArgs>(argument) ?? {});
    const interactive = argument === undefined || argument instanceof vscode.Uri;
    const uri =
      typeof args.document === 'string' ? vscode.Uri.parse(args.document) : (args.document ?? vscode.window.activeTextEditor?.document.uri);
    const session = uri && edited.get(uri);
    if (!uri || !session) {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', NO_EDIT_DOCUMENT, {
        actions: [{ title: 'Edit Token', command: COMMANDS.editToken }],
      });
    }
    if (replace && !session.source) {
      throw new JwtLensError(
        'ERR_TOKEN_UNSUITABLE',
        'This token was not opened from a document, so there is no place to replace it. Use Sign and Copy.',
      );
    }
    // Refused before anything is signed: the source must still hold the token where it was.
    const target = replace ? await replaceTarget(session.source!, session.jwt) : undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const parsed = parseClaimsFile(document.getText(), service.now());
    if (!parsed.ok) {
      throw fromResult(parsed.error);
    }
    const named =
      args.key !== undefined
        ? namedKey(keyStore, args.key)
        : parsed.claims.options.key !== undefined
          ? namedKey(keyStore, parsed.claims.options.key)
          : await pickedKey(session.decoded, interactive);
    const { stored, key } = await resignerWithMaterial(service, keyStore, session.decoded, named);
    const request = editedSignRequest(parsed.claims, { alg: String(session.decoded.header?.alg), kid: tokenKid(session.decoded) });
    const signed = await signToken({ ...request, key, kid: request.kid ?? stored.kid });
    if (!signed.ok) {
      throw fromResult(signed.error);
    }
    await keyStore.markUsed(stored.id);
    const result = { token: signed.jwt, key: stored.label, alg: request.alg };
    if (!target) {
      await vscode.env.clipboard.writeText(signed.jwt);
      log.info(`Signed an edited token with ${stored.label} (${request.alg}); copied.`);
      void vscode.window.setStatusBarMessage(`Signed with ${stored.label} (${request.alg}); the token is on the clipboard`, 5000);
      return result;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target.document.uri, target.range, signed.jwt);
    if (!(await vscode.workspace.applyEdit(edit))) {
      await vscode.env.clipboard.writeText(signed.jwt);
      throw new JwtLensError(
        'ERR_TOKEN_UNSUITABLE',
        `${baseName(target.document.uri.path)} could not be edited (read-only?). The new token is on the clipboard.`,
      );
    }
    const start = target.document.offsetAt(target.range.start);
    edited.replaced(
      uri,
      signed.jwt,
      { uri: target.document.uri.toString(), span: { start, end: start + signed.jwt.length } },
      readConfig().maxTokenLength,
    );
    // The source shown with the new token selected: Undo there restores the old one.
    const shown = target.document.positionAt(start + signed.jwt.length);
    await vscode.window.showTextDocument(target.document, { selection: new vscode.Range(target.range.start, shown), preview: false });
    log.info(`Replaced an edited token in ${baseName(target.document.uri.path)}, signed with ${stored.label} (${request.alg}).`);
    void vscode.window.setStatusBarMessage(
      `Replaced with a token signed by ${stored.label} (${request.alg}); Undo restores the old one`,
      5000,
    );
    return { ...result, replaced: { uri: target.document.uri.toString(), offset: start } };
  };

  /** Without "$jwt.key": the token's kid chooses; a person may pick a key when it names none stored. */
  const pickedKey = async (decoded: DecodedToken, interactive: boolean): Promise<StoredKey | undefined> => {
    if (!interactive) {
      return undefined;
    }
    const byKid = await service.resigner(decoded);
    if (byKid.ok || byKid.error.code !== 'ERR_NO_SUITABLE_KEY') {
      return undefined;
    }
    // Only keys the token verifies with (the one re-sign rule): any other would be refused once picked.
    const picked = await pickSigner(keyStore, String(decoded.header?.alg), {
      only: {
        accepts: async (key) => (await service.resigner(decoded, { key })).ok,
        none: new JwtLensError(
          byKid.error.code,
          "None of your keys that can sign this token's algorithm verifies it, so none may re-sign it.",
        ),
      },
    });
    if (!picked) {
      throw new vscode.CancellationError();
    }
    return picked;
  };

  const updateContext = (editor: vscode.TextEditor | undefined) =>
    vscode.commands.executeCommand('setContext', EDITING_CONTEXT, edited.has(editor?.document.uri));

  const cancellable =
    (replace: boolean) =>
    async (argument?: unknown): Promise<SignEditedResult | undefined> => {
      try {
        return await sign(argument, replace);
      } catch (error) {
        if (error instanceof vscode.CancellationError) {
          return undefined;
        }
        throw error;
      }
    };

  const lenses = new EditTokenLenses(edited);
  const subscriptions = [
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'untitled', pattern: '**/*.claims.json' }, lenses),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    edited.onDidChange(() => updateContext(vscode.window.activeTextEditor)),
    registerCommandTable(
      {
        [COMMANDS.editToken]: editToken,
        [COMMANDS.signAndReplaceToken]: cancellable(true),
        [COMMANDS.signAndCopyToken]: cancellable(false),
      },
      log,
    ),
  ];
  return { dispose: () => disposeAll(subscriptions) };
}

/** Where the token is in its document, when its text there is the token itself. */
function sourceOf(document: vscode.TextDocument, range: vscode.Range | undefined, decoded: DecodedToken): TokenSource | undefined {
  const selection = vscode.window.activeTextEditor?.document === document ? vscode.window.activeTextEditor.selection : undefined;
  const at = range ?? (selection && !selection.isEmpty ? selection : undefined);
  if (!at) {
    return undefined;
  }
  let start = document.offsetAt(at.start);
  const text = document.getText(at);
  // A selection may hold spaces around the token.
  const inside = text.indexOf(decoded.text);
  if (inside < 0) {
    return undefined;
  }
  start += inside;
  return { uri: document.uri.toString(), span: { start, end: start + decoded.text.length } };
}

function originOf(document: vscode.TextDocument, source: TokenSource): string {
  const line = source.span ? document.positionAt(source.span.start).line + 1 : undefined;
  return `${baseName(document.uri.path)}${line !== undefined ? `, line ${line}` : ''}`;
}

/** Said in the edit document when no stored key may sign the token, so the dead end shows before the edit. */
function noKeyNote(code: string, decoded: DecodedToken): string {
  if (code === 'ERR_RESIGN_REFUSED') {
    return 'No stored key verifies this token, so none may sign it: a token that does not verify with a key never gets signed by it.';
  }
  if (code === 'ERR_NO_SUITABLE_KEY') {
    const kid = tokenKid(decoded);
    return kid !== undefined
      ? "No stored key has this token's kid. Signing asks for a key, which must verify this token."
      : 'The token names no kid. Signing asks for a key, which must verify this token.';
  }
  return 'No stored key can sign this token now.';
}

/** The source document and the token's range there, or why it cannot be replaced. */
async function replaceTarget(source: TokenSource, jwt: string): Promise<{ document: vscode.TextDocument; range: vscode.Range }> {
  let document: vscode.TextDocument | undefined;
  try {
    document = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri));
  } catch {
    document = undefined;
  }
  const name = baseName(vscode.Uri.parse(source.uri).path);
  const changed = new JwtLensError(
    'ERR_SOURCE_CHANGED',
    `Not replaced: the token in ${name} has changed since it was opened for editing. Run Edit Token on it again, or use Sign and Copy.`,
  );
  if (!document || !source.span) {
    throw changed;
  }
  const text = document.getText();
  const { start, end } = source.span;
  const still = text.slice(start, end) === jwt && !TOKEN_CHAR.test(text.charAt(start - 1)) && !TOKEN_CHAR.test(text.charAt(end));
  if (!still) {
    throw changed;
  }
  return { document, range: new vscode.Range(document.positionAt(start), document.positionAt(end)) };
}

/** "Sign and Replace · Sign and Copy" at the top of an edit document. */
class EditTokenLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly edited: EditedTokens) {
    this.subscription = edited.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.edited.get(document.uri);
    if (!session) {
      return [];
    }
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    if (session.source) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: '$(check) Sign and Replace',
          tooltip: 'Sign these claims and put the token where the original was',
          command: COMMANDS.signAndReplaceToken,
          arguments: [document.uri],
        }),
      );
    }
    lenses.push(
      new vscode.CodeLens(top, {
        title: '$(copy) Sign and Copy',
        tooltip: 'Sign these claims and copy the token; the source is left as it is',
        command: COMMANDS.signAndCopyToken,
        arguments: [document.uri],
      }),
    );
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
    this.subscription.dispose();
  }
}

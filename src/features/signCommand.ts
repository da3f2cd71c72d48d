// "JWT: Sign Claims File" signs the claims in a JSON(C) file with a stored key, and "JWT: New Claims
// File" starts one from a preset. Errors point at the place (a diagnostic in the file); a failed
// sign changes no file. Output: clipboard, insert at the cursor, or a new editor beside with the
// decoded view; the choice is remembered. Mux and FastPix claims also give the signed URL.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OUTPUT_MODES, parseClaimsFile, type OutputMode } from '../core/claims';
import { decodeToken } from '../core/decode';
import { signToken, signingRefusal } from '../core/sign';
import { CLAIMS_TEMPLATES } from '../core/templates';
import { humanDuration, isoUtc } from '../core/time';
import { signedUrl } from '../core/urls';
import { registerCommandTable } from './commandTable';
import type { DecodedView } from './decodedView';
import { pickKey } from './keyCommands';
import type { KeyStore, StoredKey } from './keyStore';
import { READ_ONLY_SCHEME, type ReadOnlyDocuments } from './readOnlyDocuments';
import type { TokenService } from './tokenService';

export const SIGN_COMMANDS = { signClaimsFile: 'jwtLens.signClaimsFile', newClaimsFile: 'jwtLens.newClaimsFile' } as const;

export interface SignClaimsArgs {
  /** The claims file; by default the active editor's document. */
  readonly file?: vscode.Uri | string;
  /** Key label, kid or id; overrides "$jwt.key". */
  readonly key?: string;
  readonly alg?: string;
  /** Where the token goes; "none" only returns it. Overrides "$jwt.output". */
  readonly output?: OutputMode | 'none';
}

/** What a failed sign returns: the message it showed. (A cancelled one returns undefined.) */
export interface SignClaimsFailure {
  readonly error: string;
}

export interface SignClaimsResult {
  readonly token: string;
  readonly url?: string;
  readonly expires?: string;
  readonly key: string;
  readonly alg: string;
}

const LAST_OUTPUT = 'jwtLens.lastSignOutput';
export const UNTRUSTED_MESSAGE = 'Signing is off in Restricted Mode: a claims file from an untrusted workspace could name your production key. Trust the workspace first (Workspaces: Manage Workspace Trust).';
const OUTPUT_LABELS: Record<OutputMode, string> = { clipboard: '$(copy) Copy to Clipboard', insert: '$(insert) Insert at Cursor', editor: '$(window) Open in New Editor' };

export function registerSignCommands(service: TokenService, keyStore: KeyStore, view: DecodedView, documents: ReadOnlyDocuments, state: vscode.Memento, log: vscode.LogOutputChannel): vscode.Disposable {
  const diagnostics = vscode.languages.createDiagnosticCollection('jwtLens.claims');
  // The editors most recently active, newest first: "insert" goes to the last one that is not the
  // claims file itself (the claims file is usually the active editor when signing).
  let recentEditors: vscode.TextEditor[] = vscode.window.activeTextEditor ? [vscode.window.activeTextEditor] : [];
  const tracker = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (!editor || editor.document.uri.scheme === 'output' || editor.document.uri.scheme === READ_ONLY_SCHEME) return;
    recentEditors = [editor, ...recentEditors.filter((candidate) => candidate.document !== editor.document)].slice(0, 5);
  });

  const fail = (message: string, document?: vscode.TextDocument, at?: { line?: number; column?: number; offset?: number }): SignClaimsFailure => {
    if (document && at?.line !== undefined) {
      const position = new vscode.Position(at.line - 1, Math.max(0, (at.column ?? 1) - 1));
      const range = document.getWordRangeAtPosition(position, /"[^"]*"|[^\s,:{}[\]]+/) ?? new vscode.Range(position, position.translate(0, 1));
      const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'JWT Lens';
      diagnostics.set(document.uri, [diagnostic]);
    }
    void vscode.window.showErrorMessage(message);
    return { error: message };
  };

  const sign = async (args: SignClaimsArgs = {}): Promise<SignClaimsResult | SignClaimsFailure | undefined> => {
    if (!vscode.workspace.isTrusted) return fail(UNTRUSTED_MESSAGE);
    const document = await claimsDocument(args.file);
    if (!document) return fail('Open a claims JSON file first (or run JWT: New Claims File).');
    diagnostics.delete(document.uri);
    const parsed = parseClaimsFile(document.getText(), service.now());
    if (!parsed.ok) return fail(`${path.basename(document.uri.path)}: ${parsed.error.message}`, document, parsed.error);
    const { payload, options } = parsed.claims;

    const keyName = args.key ?? options.key;
    let stored: StoredKey | undefined;
    if (keyName !== undefined) {
      stored = keyStore.find(keyName);
      if (!stored) return fail(`No stored key named "${keyName}". Add it with JWT: Add Signing Key, or fix "$jwt.key".`, document, args.key ? undefined : position(document, '"key"'));
    } else {
      stored = await pickKey(keyStore, 'Sign with which key?', (key) => key.isPrivate && key.algorithms.sign.length > 0);
      if (!stored) return undefined;
    }
    const requested = args.alg ?? options.alg;
    const cannotSign = signingRefusal(stored, requested ?? stored.algorithms.sign[0] ?? stored.algorithms.verify[0]);
    if (cannotSign && (requested !== undefined || stored.algorithms.sign.length === 0)) {
      return fail(cannotSign.message, document, options.alg && !args.alg ? position(document, '"alg"') : undefined);
    }
    const interactive = args.file === undefined && args.key === undefined;
    const alg = requested ?? (stored.algorithms.sign.length > 1 && interactive
      ? (await vscode.window.showQuickPick(stored.algorithms.sign.map((label) => ({ label })), { title: `Algorithm for ${stored.label}` }))?.label
      : stored.algorithms.sign[0]);
    if (!alg) return undefined;
    const key = await keyStore.signingKey(stored.id);
    if (!key) return fail(`The secret of key ${stored.label} is missing from this machine's secret storage. Restore it from the JWT Keys view.`);
    const result = await signToken({ payload, alg, key, header: options.header, kid: stored.kid, kidIn: options.kidIn });
    if (!result.ok) return fail(result.error.message);
    await keyStore.markUsed(stored.id);

    const token = result.token;
    const url = signedUrl(payload, token);
    const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
    const expires = exp !== undefined ? isoUtc(exp) : undefined;
    log.info(`Signed ${path.basename(document.uri.path)} with ${stored.label} (${alg})${expires ? `, expires ${expires}` : ''}.`);

    const output = args.output ?? options.output ?? (await chooseOutput(state, args));
    if (output === undefined) return undefined;
    if (output !== 'none') {
      await state.update(LAST_OUTPUT, output);
      const target = recentEditors.find((editor) => editor.document !== document && !editor.document.isClosed);
      await deliver(output, token, target, view, documents, path.basename(document.uri.path).replace(/\.(claims|jwt)?\.?jsonc?$/, ''));
      // The lifetime as signed (exp − iat), not less the seconds spent choosing where the token goes.
      const issuedAt = typeof payload.iat === 'number' ? payload.iat : Math.floor(service.now());
      const lifetime = exp !== undefined ? ` It expires ${expires} (in ${humanDuration(exp - issuedAt)}).` : ' It has no expiry.';
      const buttons = ['Copy Token', ...(url ? ['Copy Signed URL'] : [])];
      void vscode.window.showInformationMessage(`Signed with ${stored.label} (${alg}).${lifetime}`, ...buttons).then(async (choice) => {
        if (choice === 'Copy Token') await vscode.env.clipboard.writeText(token);
        if (choice === 'Copy Signed URL' && url) await vscode.env.clipboard.writeText(url);
      });
    }
    return { token, url, expires, key: stored.label, alg };
  };

  const newClaimsFile = async (templateId?: string): Promise<vscode.Uri | undefined> => {
    const template = templateId !== undefined
      ? CLAIMS_TEMPLATES.find((candidate) => candidate.id === templateId)
      : (await vscode.window.showQuickPick(CLAIMS_TEMPLATES.map((candidate) => ({ label: candidate.label, description: candidate.description, template: candidate })), { title: 'New Claims File', placeHolder: 'Preset' }))?.template;
    if (!template) {
      if (templateId !== undefined) void vscode.window.showErrorMessage(`No preset "${templateId}"; use one of ${CLAIMS_TEMPLATES.map((candidate) => candidate.id).join(', ')}.`);
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    // An untitled document with a *.claims.json name: the claims schema applies, and Save puts it in the workspace.
    const uri = folder ? vscode.Uri.joinPath(folder, template.fileName).with({ scheme: 'untitled' }) : vscode.Uri.parse(`untitled:${template.fileName}`);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), template.content));
    if (document.languageId !== 'jsonc') await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
    return document.uri;
  };

  return vscode.Disposable.from(diagnostics, tracker, registerCommandTable({
    [SIGN_COMMANDS.signClaimsFile]: (args?: SignClaimsArgs | vscode.Uri) => sign(args instanceof vscode.Uri ? { file: args } : args),
    [SIGN_COMMANDS.newClaimsFile]: newClaimsFile,
  }, log));
}

async function claimsDocument(file: vscode.Uri | string | undefined): Promise<vscode.TextDocument | undefined> {
  if (file !== undefined) return vscode.workspace.openTextDocument(typeof file === 'string' ? vscode.Uri.file(file) : file);
  return vscode.window.activeTextEditor?.document;
}

function position(document: vscode.TextDocument, needle: string): { line: number; column: number } | undefined {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) return undefined;
  const at = document.positionAt(offset);
  return { line: at.line + 1, column: at.character + 1 };
}

async function chooseOutput(state: vscode.Memento, args: SignClaimsArgs): Promise<OutputMode | 'none' | undefined> {
  const last = state.get<OutputMode>(LAST_OUTPUT);
  if (args.file !== undefined || args.key !== undefined) return last ?? 'none';
  const ordered = [...OUTPUT_MODES].sort((a, b) => (a === last ? -1 : b === last ? 1 : 0));
  return (await vscode.window.showQuickPick(ordered.map((mode) => ({ label: OUTPUT_LABELS[mode], mode, description: mode === last ? 'last used' : undefined })), { title: 'Where should the token go?' }))?.mode;
}

async function deliver(output: OutputMode, token: string, insertInto: vscode.TextEditor | undefined, view: DecodedView, documents: ReadOnlyDocuments, name: string): Promise<void> {
  if (output === 'clipboard') {
    await vscode.env.clipboard.writeText(token);
  } else if (output === 'insert') {
    // A workspace edit at the editor's last selection: that editor may be hidden behind the claims file.
    const edit = new vscode.WorkspaceEdit();
    if (insertInto) edit.replace(insertInto.document.uri, insertInto.selection, token);
    if (!insertInto || !(await vscode.workspace.applyEdit(edit))) {
      await vscode.env.clipboard.writeText(token);
      void vscode.window.showWarningMessage('No editor to insert into: the token is on the clipboard.');
    }
  } else {
    await documents.show(`${name || 'signed'}.jwt`, `${token}\n`, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    await view.show(decodeToken(token));
  }
}

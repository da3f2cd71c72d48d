// The Get Started walkthrough's step buttons: each opens what its step needs, then runs the step's
// action there, so the first click works on any machine, with or without a workspace or a disk.
// Sign opens a claims file (the workspace's, else a sample), Decode a sample token with the cursor
// on it, Show Tokens a sample with a token expiring in minutes. The steps complete on milestones
// (shared/milestones.ts), reached only when the thing was done.
import * as vscode from 'vscode';
import type { ClockService } from '../services/clock';
import type { KeyStore } from '../services/keyStore';
import { registerCommandTable } from '../shared/commandTable';
import type { Milestones } from '../shared/milestones';
import { COMMANDS } from '../util/commandIds';
import { CLAIMS_FILE_NAME } from '../core/sign/claims';
import { JwtLensError } from '../util/errors';
import { SAMPLE_CLAIMS, sampleLog, sampleTokens } from './sampleTokens';

export const STEPS = ['sign', 'decode', 'status'] as const;

export function registerGetStarted(
  clock: ClockService,
  keyStore: KeyStore,
  milestones: Milestones,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const noteKeys = () => {
    if (keyStore.list().length > 0) {
      milestones.reach('keyAdded');
    }
  };
  noteKeys();

  const tryStep = async (step?: unknown): Promise<unknown> => {
    if (step === 'sign') {
      const uri = await claimsFileToSign();
      return vscode.commands.executeCommand(COMMANDS.signClaimsFile, uri);
    }
    if (step === 'decode' || step === 'status') {
      const tokens = await sampleTokens(clock.now());
      const editor = await showSample('sample-tokens.log', 'plaintext', sampleLog(tokens));
      if (step === 'status') {
        return vscode.commands.executeCommand(COMMANDS.showTokensInFile);
      }
      // The cursor on the first token, as a person would put it before decoding.
      const start = editor.document.positionAt(editor.document.getText().indexOf(tokens.valid) + 10);
      editor.selection = new vscode.Selection(start, start);
      return vscode.commands.executeCommand(COMMANDS.decodeToken);
    }
    throw new JwtLensError('ERR_INVALID_ARGUMENT', `No Get Started step "${String(step)}"; use one of ${STEPS.join(', ')}.`);
  };

  return vscode.Disposable.from(keyStore.onDidChange(noteKeys), registerCommandTable({ [COMMANDS.tryGetStartedStep]: tryStep }, log));
}

/** The claims file the active editor shows, else the workspace's nearest the root, else a sample. */
async function claimsFileToSign(): Promise<vscode.Uri> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && CLAIMS_FILE_NAME.test(active.path)) {
    return active;
  }
  const found = await vscode.workspace.findFiles('**/*.{claims,jwt}.{json,jsonc}', '**/node_modules/**', 50);
  const depth = (uri: vscode.Uri) => uri.path.split('/').length;
  const [nearest] = found.sort((a, b) => depth(a) - depth(b) || a.path.localeCompare(b.path));
  if (nearest) {
    await vscode.window.showTextDocument(nearest);
    return nearest;
  }
  return (await showSample('sample.claims.json', 'jsonc', SAMPLE_CLAIMS)).document.uri;
}

/** An untitled document holding `content` (replacing what an earlier click left), shown. */
async function showSample(name: string, language: string, content: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = folder ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.parse(`untitled:${name}`);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), content));
  if (document.languageId !== language) {
    await vscode.languages.setTextDocumentLanguage(document, language);
  }
  // Changing the language may replace the editor: the one showing the document now.
  return vscode.window.visibleTextEditors.find((shown) => shown.document.uri.toString() === uri.toString()) ?? editor;
}

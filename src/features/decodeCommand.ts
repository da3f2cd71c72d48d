// `JWT: Decode Token`: decodes the token in the selection, at the cursor, or on the clipboard into
// a read-only JSON document. Callable with a token string to skip the lookup (automation, tests).
import * as vscode from 'vscode';
import { decodeToken, type DecodedToken } from '../core/decode';
import { tokenAt } from '../core/scan';
import { readConfig } from '../config';
import type { DecodedDocuments } from './decodedDocuments';

export const DECODE_TOKEN_COMMAND = 'jwtLens.decodeToken';

export interface DecodeTokenResult {
  readonly header?: unknown;
  readonly payload?: unknown;
  readonly error?: string;
  readonly uri?: string;
}

export function registerDecodeCommand(documents: DecodedDocuments, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(DECODE_TOKEN_COMMAND, async (token?: unknown): Promise<DecodeTokenResult | undefined> => {
    const { maxTokenLength } = readConfig();
    const text = typeof token === 'string' ? token : await findTokenText(maxTokenLength);
    if (text === undefined) {
      void vscode.window.showInformationMessage('No JWT found. Put the cursor on a token, select one, or copy one to the clipboard.');
      return undefined;
    }
    const decoded = decodeToken(text, maxTokenLength);
    if (!decoded.header) {
      log.info(`Decode failed: ${decoded.error?.code}`);
      void vscode.window.showErrorMessage(`Cannot decode this JWT. ${decoded.error?.message ?? ''}`.trim());
      return { error: decoded.error?.message };
    }
    const editor = await documents.show('Decoded JWT', renderDecoded(decoded));
    if (decoded.error) void vscode.window.showWarningMessage(`Partly decoded. ${decoded.error.message}`);
    return { header: decoded.header, payload: decoded.payload, error: decoded.error?.message, uri: editor.document.uri.toString() };
  });
}

async function findTokenText(maxTokenLength: number): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    if (!editor.selection.isEmpty) return editor.document.getText(editor.selection);
    const line = editor.document.lineAt(editor.selection.active.line);
    const match = tokenAt(line.text, editor.selection.active.character, { maxTokenLength });
    if (match) return match.text;
  }
  const clipboard = (await vscode.env.clipboard.readText()).trim();
  return clipboard.startsWith('ey') ? clipboard : undefined;
}

function renderDecoded(decoded: DecodedToken): string {
  const view: Record<string, unknown> = { header: decoded.header };
  if (decoded.kind === 'jwe') {
    view.payload = '(encrypted: a JWE payload cannot be decoded without the decryption key)';
  } else {
    view.payload = decoded.payload ?? decoded.payloadText ?? null;
    view.signature = decoded.parts[2] ?? '';
  }
  if (decoded.error) view.problem = decoded.error.message;
  return `${JSON.stringify(view, null, 2)}\n`;
}

// How commands name a token: its text, or where it is (document URI and offset). Hover links and
// CodeLens pass locations; automation may pass either.
import * as vscode from 'vscode';
import { decodeToken, type DecodedToken } from '../core/token/decode';
import { readConfig } from '../config';
import type { InspectionEntry, InspectionService, TokenLocation } from '../services/inspections';

export type { TokenLocation } from '../services/inspections';

export type TokenArgument = string | TokenLocation;

export interface LocatedToken {
  readonly decoded: DecodedToken;
  readonly document?: vscode.TextDocument;
  readonly entry?: InspectionEntry;
}

export function isTokenLocation(value: unknown): value is TokenLocation {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TokenLocation).uri === 'string' &&
    typeof (value as TokenLocation).offset === 'number'
  );
}

/** A `command:` link carrying arguments, as hovers and Markdown need it. */
export function commandLink(command: string, ...args: unknown[]): string {
  // encodeURIComponent leaves ( and ): a `)` from a token's kid would end a Markdown link early.
  return `command:${command}?${encodeURIComponent(JSON.stringify(args)).replace(/\(/g, '%28').replace(/\)/g, '%29')}`;
}

/**
 * The token an argument names; without one, the selection, the token at the cursor, or the
 * clipboard. Undefined when there is none.
 */
export async function locateToken(service: InspectionService, argument?: unknown): Promise<LocatedToken | undefined> {
  // From the editor's context menu VS Code passes the document's Uri: the token is at its cursor.
  if (argument instanceof vscode.Uri) {
    const uri = argument.toString();
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === uri);
    if (editor && editor !== vscode.window.activeTextEditor) {
      return locateInEditor(service, editor);
    }
    argument = undefined;
  }
  if (typeof argument === 'string') {
    return { decoded: decodeToken(argument, readConfig().maxTokenLength) };
  }
  if (isTokenLocation(argument)) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(argument.uri));
    const token = service.entryAt(document, document.positionAt(argument.offset));
    return token ? { decoded: token.decoded, document, entry: token } : undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const inEditor = editor && locateInEditor(service, editor);
  if (inEditor) {
    return inEditor;
  }
  const clipboard = (await vscode.env.clipboard.readText()).trim();
  return /^(Bearer\s+)?ey/i.test(clipboard) ? { decoded: decodeToken(clipboard, readConfig().maxTokenLength) } : undefined;
}

function locateInEditor(service: InspectionService, editor: vscode.TextEditor): LocatedToken | undefined {
  if (!editor.selection.isEmpty) {
    return {
      decoded: decodeToken(editor.document.getText(editor.selection), service.settingsFor(editor.document).maxTokenLength),
      document: editor.document,
    };
  }
  const token = service.entryAt(editor.document, editor.selection.active);
  return token ? { decoded: token.decoded, document: editor.document, entry: token } : undefined;
}

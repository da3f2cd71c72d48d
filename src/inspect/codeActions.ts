// Code actions on a token: "Re-sign with <key> (same claims, new expiry)" when it has expired or
// expires soon and a stored key named by its kid can sign it and verifies its signature; "Add Key
// for kid X" when that key is missing; "Copy Payload"; "Open Decoded".
import * as vscode from 'vscode';
import { labelText } from '../core/text/display';
import { missingKid } from '../core/judge/verdict';
import type { InspectionService } from '../services/inspections';
import { addKeyCommandFor } from '../shared/keyPicker';
import { COMMANDS } from '../util/commandIds';
import { DIAGNOSTIC_SOURCE } from '../shared/messages';

// Copy Payload and Open Decoded fix nothing, so they are not quick fixes; VS Code drops (and logs) an
// action whose kind the request's `only` does not contain, and an empty kind is contained by none.
export const TOKEN_ACTION_KIND = vscode.CodeActionKind.Empty.append('jwtLens');

export class TokenCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, TOKEN_ACTION_KIND],
  };

  constructor(private readonly service: InspectionService) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const token = this.service.entryAt(document, range.start);
    if (!token) {
      return [];
    }
    const { decoded, location, verdict, urgency: state } = token;
    const actions: vscode.CodeAction[] = [];
    // A token whose signature does not verify with the key is never offered: its claims may be forged.
    const resigner = state === 'expired' || state === 'expiring' ? await this.service.resigner(decoded) : undefined;
    if (resigner?.ok) {
      const signer = resigner.key;
      const resign = new vscode.CodeAction(`Re-sign with ${signer.label} (same claims, new expiry)`, vscode.CodeActionKind.QuickFix);
      resign.command = { title: resign.title, command: COMMANDS.resignToken, arguments: [location, { key: { id: signer.id } }] };
      resign.diagnostics = context.diagnostics.filter(
        (diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && diagnostic.range.intersection(token.range),
      );
      resign.isPreferred = true;
      actions.push(resign);
    }
    const kid = missingKid(verdict);
    if (kid !== undefined) {
      const add = addKeyCommandFor(decoded, kid);
      const action = new vscode.CodeAction(`Add Key for kid ${labelText(kid, 40)}`, vscode.CodeActionKind.QuickFix);
      action.command = { title: action.title, command: add.command, arguments: add.arguments };
      actions.push(action);
    }
    // The same names as the hover's links.
    if (decoded.payload) {
      const copy = new vscode.CodeAction('Copy Payload', TOKEN_ACTION_KIND);
      copy.command = { title: copy.title, command: COMMANDS.copyPayload, arguments: [location] };
      actions.push(copy);
    }
    if (decoded.header) {
      const open = new vscode.CodeAction('Open Decoded', TOKEN_ACTION_KIND);
      open.command = { title: open.title, command: COMMANDS.openDecoded, arguments: [location] };
      actions.push(open);
    }
    return actions.filter((action) => !context.only || (action.kind && context.only.contains(action.kind)));
  }
}

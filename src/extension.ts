// Wires the features together. Nothing else happens at activation.
import * as vscode from 'vscode';
import { DecodedDocuments } from './features/decodedDocuments';
import { registerDecodeCommand } from './features/decodeCommand';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('JWT Lens', { log: true });
  const decodedDocuments = new DecodedDocuments();
  context.subscriptions.push(log, decodedDocuments, registerDecodeCommand(decodedDocuments, log));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

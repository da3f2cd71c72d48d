// Wires the features together. Nothing else happens at activation.
import * as vscode from 'vscode';
import { DecodedDocuments } from './features/decodedDocuments';
import { registerDecodeCommand } from './features/decodeCommand';
import { registerKeyCommands } from './features/keyCommands';
import { KeyStore } from './features/keyStore';
import { KEYS_VIEW_ID, KeysTreeProvider } from './features/keysView';

/** What the extension exports: its services, for tests and other extensions. */
export interface JwtLensApi {
  readonly keyStore: KeyStore;
  /** Where VS Code lets this extension write (the secret-hygiene test searches them). */
  readonly storage: { readonly globalStorageUri: vscode.Uri; readonly logUri: vscode.Uri };
}

export function activate(context: vscode.ExtensionContext): JwtLensApi {
  const log = vscode.window.createOutputChannel('JWT Lens', { log: true });
  const keyStore = new KeyStore(context.secrets, context.globalState, log);
  const decodedDocuments = new DecodedDocuments();
  const keysTree = new KeysTreeProvider(keyStore);
  context.subscriptions.push(
    log,
    keyStore,
    decodedDocuments,
    keysTree,
    vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: keysTree, showCollapseAll: false }),
    registerDecodeCommand(decodedDocuments, log),
    registerKeyCommands(keyStore, log),
  );
  return { keyStore, storage: { globalStorageUri: context.globalStorageUri, logUri: context.logUri } };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

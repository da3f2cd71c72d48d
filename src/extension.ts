// Wires the features together. Nothing else happens at activation: no scanning of closed files,
// no secret read until a token needs verifying or a key is used.
import * as vscode from 'vscode';
import type { Clock } from './core/time';
import { tokenKid } from './core/verify';
import { TokenDiagnostics } from './expiry/diagnostics';
import { registerFindTokens } from './expiry/findTokens';
import { ExpiryStatusBar } from './expiry/statusBar';
import { TokenCodeActions } from './inspect/codeActions';
import { TokenCodeLensProvider } from './inspect/codeLens';
import { DecodedView } from './inspect/decodedView';
import { TokenHoverProvider } from './inspect/hover';
import { registerTokenCommands } from './inspect/tokenCommands';
import { demoSecretFromEnvironment, seedDemoKeys } from './keys/demoKeys';
import { registerKeyCommands } from './keys/keyCommands';
import { KEYS_VIEW_ID, KeysTreeProvider } from './keys/keysView';
import { KeyStore } from './services/keyStore';
import { TokenService } from './services/tokenService';
import { ReadOnlyDocuments } from './shared/readOnlyDocuments';
import { registerSignCommands } from './sign/signCommand';

/** What the extension exports: its services, for tests and other extensions. */
export interface JwtLensApi {
  readonly keyStore: KeyStore;
  readonly tokens: TokenService;
  readonly decodedView: DecodedView;
  readonly statusBar: ExpiryStatusBar;
  readonly codeLens: TokenCodeLensProvider;
  readonly keysTree: KeysTreeProvider;
  readonly diagnostics: TokenDiagnostics;
  /** Replaces the clock every time judgement reads (tests move time). */
  setClock(clock: Clock): void;
  /** Where VS Code lets this extension write (the secret-hygiene test searches them). */
  readonly storage: { readonly globalStorageUri: vscode.Uri; readonly logUri: vscode.Uri };
}

/** Every language and scheme: tokens turn up in any file, untitled and read-only ones too. */
const ALL_DOCUMENTS: vscode.DocumentSelector = '*';

export function activate(context: vscode.ExtensionContext): JwtLensApi {
  const log = vscode.window.createOutputChannel('JWT Lens', { log: true });
  const keyStore = new KeyStore(context.secrets, context.globalState, log);
  const tokens = new TokenService(keyStore);
  const decodedView = new DecodedView(tokens);
  const keysTree = new KeysTreeProvider(keyStore);
  const documents = new ReadOnlyDocuments();
  const codeLens = new TokenCodeLensProvider(tokens);
  const diagnostics = new TokenDiagnostics(tokens);
  // The list offers Re-sign only for a token a signing key of its own has verified; the command
  // checks again before it signs.
  const statusBar = new ExpiryStatusBar(tokens, ({ token, verify }) => verify?.status === 'valid'
    && keyStore.signersFor(tokenKid(token), String(token.header?.alg)).some((key) => key.id === verify.key?.id));
  context.subscriptions.push(
    log,
    keyStore,
    tokens,
    decodedView,
    documents,
    keysTree,
    codeLens,
    statusBar,
    diagnostics,
    vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: keysTree, showCollapseAll: false }),
    vscode.languages.registerHoverProvider(ALL_DOCUMENTS, new TokenHoverProvider(tokens)),
    vscode.languages.registerCodeLensProvider(ALL_DOCUMENTS, codeLens),
    vscode.languages.registerCodeActionsProvider(ALL_DOCUMENTS, new TokenCodeActions(tokens), TokenCodeActions.metadata),
    registerFindTokens(tokens, log),
    registerKeyCommands(keyStore, documents, log),
    registerTokenCommands(tokens, keyStore, decodedView, log),
    registerSignCommands(tokens, keyStore, documents, context.globalState, log),
  );
  const demoSecret = demoSecretFromEnvironment();
  if (demoSecret) {
    void seedDemoKeys(keyStore, demoSecret, log).catch(() => log.warn('Demo mode: the demo keys could not be added.'));
  }
  return {
    keyStore, tokens, decodedView, statusBar, diagnostics, codeLens, keysTree,
    setClock: (clock) => tokens.setClock(clock),
    storage: { globalStorageUri: context.globalStorageUri, logUri: context.logUri },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

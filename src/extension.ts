// Wires the features together. Nothing else happens at activation: no scanning of closed files,
// no secret read until a token needs verifying or a key is used.
import * as vscode from 'vscode';
import { registerAccountCommands } from './accounts/accountCommands';
import { createApi, type JwtLensApi } from './api';
import { readAccountBaseUrl, readFetchPolicy } from './config';
import { TokenDiagnostics } from './expiry/diagnostics';
import { registerFindTokens } from './expiry/findTokens';
import { ExpiryStatusBar } from './expiry/statusBar';
import { TokenCodeActions } from './inspect/codeActions';
import { TokenCodeLensProvider } from './inspect/codeLens';
import { DecodedView } from './inspect/decodedView';
import { TokenHoverProvider } from './inspect/hover';
import { PlayerDiagnostics } from './inspect/playerDiagnostics';
import { registerTokenCommands } from './inspect/tokenCommands';
import { registerEditToken } from './inspect/editToken';
import { demoSecretFromEnvironment, seedDemoKeys } from './keys/demoKeys';
import { registerIssuerCommands } from './keys/issuerCommands';
import { registerKeyCommands } from './keys/keyCommands';
import { KEYS_VIEW_ID, KeysTreeProvider } from './keys/keysView';
import { AccountService } from './services/accountService';
import { ClockService } from './services/clock';
import { EditedTokens } from './services/editedTokens';
import { FastPixKeyProvider } from './services/fastpixKeys';
import { InspectionService } from './services/inspections';
import { KeyStore } from './services/keyStore';
import { TrustedIssuers } from './services/trustedIssuers';
import { Verification } from './services/verification';
import { Milestones } from './shared/milestones';
import { ReadOnlyDocuments } from './shared/readOnlyDocuments';
import { registerSignCommands } from './sign/signCommand';
import { registerGetStarted } from './walkthrough/getStarted';
import { createTestHooks, isTestRun, ReadCounter, type TestHooks } from './testHooks';

export type { JwtLensApi } from './api';

/** Every language and scheme: tokens turn up in any file, untitled and read-only ones too. */
const ALL_DOCUMENTS: vscode.DocumentSelector = '*';

export function activate(context: vscode.ExtensionContext): JwtLensApi & { testHooks?: TestHooks } {
  const log = vscode.window.createOutputChannel('JWT Lens', { log: true });
  const keyStore = new KeyStore(context.secrets, context.globalState, log);
  const accounts = new AccountService(
    context.secrets,
    context.globalState,
    { baseUrl: readAccountBaseUrl, fetchPolicy: readFetchPolicy },
    log,
  );
  const clock = new ClockService();
  const trustedIssuers = new TrustedIssuers(context.globalState, clock, log, (kid) => keyStore.list().some((key) => key.kid === kid));
  const verification = new Verification(keyStore, [trustedIssuers]);
  const fastpixKeys = new FastPixKeyProvider(accounts, log);
  const inspections = new InspectionService(verification, clock);
  const decodedView = new DecodedView(inspections, context.extensionUri);
  const keysTree = new KeysTreeProvider(keyStore, trustedIssuers, accounts, () => clock.now());
  const documents = new ReadOnlyDocuments();
  const editedTokens = new EditedTokens();
  const codeLens = new TokenCodeLensProvider(inspections, (id, alg) => keyStore.signers({ alg }).some((key) => key.id === id));
  // Before any feature reads a document (diagnostics and the status bar do at construction).
  const counter = isTestRun(context) ? new ReadCounter(inspections) : undefined;
  const diagnostics = new TokenDiagnostics(inspections);
  const playerDiagnostics = new PlayerDiagnostics(inspections, clock);
  const milestones = new Milestones();
  const statusBar = new ExpiryStatusBar(inspections, milestones);
  context.subscriptions.push(
    log,
    keyStore,
    accounts,
    clock,
    trustedIssuers,
    verification,
    fastpixKeys,
    verification.addKeyProvider(fastpixKeys),
    inspections,
    decodedView,
    documents,
    editedTokens,
    keysTree,
    codeLens,
    statusBar,
    diagnostics,
    playerDiagnostics,
    vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: keysTree, showCollapseAll: false }),
    vscode.languages.registerHoverProvider(ALL_DOCUMENTS, new TokenHoverProvider(inspections, trustedIssuers, milestones)),
    vscode.languages.registerCodeLensProvider(ALL_DOCUMENTS, codeLens),
    vscode.languages.registerCodeActionsProvider(ALL_DOCUMENTS, new TokenCodeActions(inspections), TokenCodeActions.metadata),
    registerFindTokens(inspections, log),
    registerKeyCommands(keyStore, documents, log),
    registerIssuerCommands(trustedIssuers, log),
    registerAccountCommands(accounts, keyStore, context.globalState, log),
    registerTokenCommands(inspections, keyStore, decodedView, milestones, log),
    registerEditToken(inspections, keyStore, editedTokens, log),
    registerSignCommands(clock, keyStore, documents, editedTokens, context.globalState, milestones, log),
    registerGetStarted(clock, keyStore, milestones, log),
  );
  if (counter) {
    context.subscriptions.push(counter);
  }
  const demoSecret = demoSecretFromEnvironment();
  if (demoSecret) {
    void seedDemoKeys(keyStore, demoSecret, log).catch(() => log.warn('Demo mode: the demo keys could not be added.'));
  }
  const api = createApi(inspections);
  if (!counter) {
    return api;
  }
  const testHooks = createTestHooks(context, counter, {
    keyStore,
    accounts,
    inspections,
    clock,
    decodedView,
    statusBar,
    codeLens,
    keysTree,
    diagnostics,
    trustedIssuers,
    playerDiagnostics,
    milestones,
  });
  return { ...api, testHooks };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

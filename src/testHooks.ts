// What the in-host tests reach: the services and features themselves, and counters of document
// scans and settings reads. Only built when VS Code runs the extension's tests (ExtensionMode.Test):
// other extensions get the small API in api.ts, never the inside.
import * as vscode from 'vscode';
import { observeConfigReads } from './config';
import type { Clock } from './core/token/time';
import type { TokenDiagnostics } from './expiry/diagnostics';
import type { ExpiryStatusBar } from './expiry/statusBar';
import type { TokenCodeLensProvider } from './inspect/codeLens';
import type { DecodedView } from './inspect/decodedView';
import type { PlayerDiagnostics } from './inspect/playerDiagnostics';
import type { KeysTreeProvider } from './keys/keysView';
import type { AccountService } from './services/accountService';
import type { ClockService } from './services/clock';
import type { InspectionService } from './services/inspections';
import type { KeyStore } from './services/keyStore';
import type { TrustedIssuers } from './services/trustedIssuers';
import type { Milestones } from './shared/milestones';

export interface TestHooks {
  readonly keyStore: KeyStore;
  readonly accounts: AccountService;
  readonly inspections: InspectionService;
  readonly decodedView: DecodedView;
  readonly statusBar: ExpiryStatusBar;
  readonly codeLens: TokenCodeLensProvider;
  readonly keysTree: KeysTreeProvider;
  readonly diagnostics: TokenDiagnostics;
  readonly trustedIssuers: TrustedIssuers;
  readonly playerDiagnostics: PlayerDiagnostics;
  /** What the user has done, as the Get Started steps wait for it. */
  readonly milestones: Milestones;
  /** Replaces the clock every verdict reads (tests move time). */
  setClock(clock: Clock): void;
  /** Scans and settings reads for this document's current version since activation. */
  readsOf(document: vscode.TextDocument): { readonly scans: number; readonly settingsReads: number };
  /** Where VS Code lets this extension write (the secret-hygiene test searches them). */
  readonly storage: { readonly globalStorageUri: vscode.Uri; readonly logUri: vscode.Uri };
}

/** True when VS Code runs this extension's tests (an extensionTestsPath was given). */
export function isTestRun(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test;
}

/**
 * Counts scans and settings reads per document version. Installed before any feature reads a
 * document, so the counts are complete.
 */
export class ReadCounter implements vscode.Disposable {
  private readonly scans = new Map<string, number>();
  private readonly settingsReads = new Map<string, number>();

  constructor(inspections: InspectionService) {
    inspections.observeScans((document) => bump(this.scans, versionKey(document)));
    observeConfigReads((scope) => {
      // Reads for a document count against its version; global and folder reads are not per document.
      if (isDocument(scope)) {
        bump(this.settingsReads, versionKey(scope));
      }
    });
  }

  readsOf(document: vscode.TextDocument): { scans: number; settingsReads: number } {
    const key = versionKey(document);
    return { scans: this.scans.get(key) ?? 0, settingsReads: this.settingsReads.get(key) ?? 0 };
  }

  dispose(): void {
    observeConfigReads(undefined);
  }
}

export function createTestHooks(
  context: vscode.ExtensionContext,
  counter: ReadCounter,
  parts: Omit<TestHooks, 'setClock' | 'readsOf' | 'storage'> & { readonly clock: ClockService },
): TestHooks {
  const { clock, ...features } = parts;
  return {
    ...features,
    setClock: (replacement) => clock.set(replacement),
    readsOf: (document) => counter.readsOf(document),
    storage: { globalStorageUri: context.globalStorageUri, logUri: context.logUri },
  };
}

function versionKey(document: vscode.TextDocument): string {
  return `${document.uri.toString()}#${document.version}`;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function isDocument(scope: vscode.ConfigurationScope | undefined): scope is vscode.TextDocument {
  return typeof scope === 'object' && scope !== null && 'uri' in scope && 'version' in scope && 'languageId' in scope;
}

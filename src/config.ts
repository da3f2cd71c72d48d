// The one typed reader of `jwtLens.*` settings. Defaults here match package.json.
import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URLS, type AccountProvider } from './core/providers/providerApi';
import type { FetchPolicy } from './core/judge/fetchPolicy';
import { parseTrustedIssuer, type TrustedIssuer } from './core/judge/jwks';
import { readJudgingSettings, type JudgingSettings } from './core/judge/judgingSettings';

export type { DiagnosticKind, DiagnosticLevel, LintLevel } from './core/judge/judgingSettings';
export { DEFAULT_MAX_DOCUMENT_SIZE, MAX_CLOCK_TOLERANCE_SECONDS } from './core/judge/judgingSettings';

export const CONFIG_SECTION = 'jwtLens';

export type CodeLensMode = 'all' | 'problems' | 'off';

/** The judging settings (src/core/judge/judgingSettings.ts, shared with the CLI) and the editor-only ones. */
export interface JwtLensConfig extends JudgingSettings {
  /** Hovers, CodeLens, diagnostics and the status bar for this document's language. */
  readonly enabled: boolean;
  readonly codeLens: CodeLensMode;
  readonly findTokensInclude: string;
}

/** Test mode only: told of every settings read (the in-host suite counts them per document version). */
let readObserver: ((scope: vscode.ConfigurationScope | undefined) => void) | undefined;

export function observeConfigReads(observer: ((scope: vscode.ConfigurationScope | undefined) => void) | undefined): void {
  readObserver = observer;
}

/** Settings for a document (language-specific overrides apply), or the global ones. */
export function readConfig(scope?: vscode.ConfigurationScope): JwtLensConfig {
  readObserver?.(scope);
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  // An invalid value falls back to its default, as VS Code shows the schema's warning beside it.
  const { settings: judging } = readJudgingSettings((name) => settings.get(name));
  const codeLens = settings.get('codeLens');
  return {
    ...judging,
    enabled: settings.get('enable') !== false,
    codeLens: codeLens === 'problems' || codeLens === 'off' ? codeLens : 'all',
    findTokensInclude: typeof settings.get('findTokens.include') === 'string' ? settings.get<string>('findTokens.include')! : '**/*',
  };
}

/**
 * The network policy, from user settings only: a setting that widens what is fetched is
 * application-scoped, and a workspace value (a cloned repository's .vscode/settings.json) is ignored
 * here too, whatever VS Code does with it.
 */
export function readFetchPolicy(): FetchPolicy {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    allowHttpLocalhost: settings.inspect('network.allowHttpLocalhost')?.globalValue === true,
    allowPrivateAddresses: settings.inspect('network.allowPrivateAddresses')?.globalValue === true,
  };
}

const TRUSTED_ISSUERS = 'trustedIssuers';

/**
 * `jwtLens.trustedIssuers` from user settings only: trusting an issuer makes JWT Lens fetch from it,
 * so a workspace value (a cloned repository's settings) is ignored, as for the fetch policy.
 * Entries that do not read are left out; `problems` says why, for the log.
 */
export function readTrustedIssuers(): { readonly issuers: TrustedIssuer[]; readonly problems: string[] } {
  const value = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect(TRUSTED_ISSUERS)?.globalValue;
  const issuers: TrustedIssuer[] = [];
  const problems: string[] = [];
  for (const [index, item] of (Array.isArray(value) ? (value as unknown[]) : []).entries()) {
    const parsed = parseTrustedIssuer(item);
    if (!parsed.ok) {
      problems.push(`entry ${index + 1}: ${parsed.error.message}`);
    } else if (!issuers.some((known) => known.id === parsed.value.id)) {
      issuers.push(parsed.value);
    }
  }
  return { issuers, problems };
}

/** Writes the trusted issuers to user settings (never a workspace's). */
export async function writeTrustedIssuers(issuers: readonly TrustedIssuer[]): Promise<void> {
  const value = issuers.map(({ issuer, jwksUri, audience }) => ({ issuer, jwksUri, audience }));
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update(TRUSTED_ISSUERS, value, vscode.ConfigurationTarget.Global);
}

/**
 * `jwtLens.mux.apiBaseUrl` / `jwtLens.fastpix.apiBaseUrl`, from user settings only (a workspace
 * must not send your access token elsewhere); the provider's own API when unset or empty.
 */
export function readAccountBaseUrl(provider: AccountProvider): string {
  const value = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect(`${provider}.apiBaseUrl`)?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_API_BASE_URLS[provider];
}

/** Fires `listener` when any `jwtLens.*` setting changes. */
export function onConfigChange(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) {
      listener();
    }
  });
}

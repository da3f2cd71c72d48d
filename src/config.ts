// The one typed reader of `jwtLens.*` settings. Defaults here match package.json.
import * as vscode from 'vscode';
import { parseDuration } from './core/claims';
import { DEFAULT_MAX_TOKEN_LENGTH } from './core/decode';
import { DEFAULT_API_BASE_URLS, type AccountProvider } from './core/accounts';
import type { FetchPolicy } from './core/fetchPolicy';
import { DEFAULT_MAX_LIFETIME_SECONDS } from './core/lint';

export const CONFIG_SECTION = 'jwtLens';

export type CodeLensMode = 'all' | 'problems' | 'off';
export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';
/** For lints, 'default' keeps each rule's own severity. */
export type LintLevel = DiagnosticLevel | 'default';
export type DiagnosticKind = 'expired' | 'notYetValid' | 'badSignature' | 'unsigned' | 'lints';

export interface JwtLensConfig {
  /** Hovers, CodeLens, diagnostics and the status bar for this document's language. */
  readonly enabled: boolean;
  readonly maxTokenLength: number;
  /** Documents longer than this (characters) are not scanned. */
  readonly maxDocumentSize: number;
  readonly clockToleranceSeconds: number;
  readonly maxLifetimeSeconds: number;
  readonly codeLens: CodeLensMode;
  readonly expiryWarningSeconds: number;
  readonly diagnostics: Readonly<Record<Exclude<DiagnosticKind, 'lints'>, DiagnosticLevel> & { lints: LintLevel }>;
  readonly findTokensInclude: string;
}

export const DEFAULT_MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;
/** Clock skew beyond this is not skew: a setting of 1e15 would make every expired token valid. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
const DIAGNOSTIC_DEFAULTS: JwtLensConfig['diagnostics'] = {
  expired: 'warning',
  notYetValid: 'warning',
  badSignature: 'error',
  unsigned: 'warning',
  lints: 'default',
};
const LEVELS: LintLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Test mode only: told of every settings read (the in-host suite counts them per document version). */
let readObserver: ((scope: vscode.ConfigurationScope | undefined) => void) | undefined;

export function observeConfigReads(observer: ((scope: vscode.ConfigurationScope | undefined) => void) | undefined): void {
  readObserver = observer;
}

/** Settings for a document (language-specific overrides apply), or the global ones. */
export function readConfig(scope?: vscode.ConfigurationScope): JwtLensConfig {
  readObserver?.(scope);
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const diagnostics: Record<DiagnosticKind, LintLevel> = { ...DIAGNOSTIC_DEFAULTS };
  for (const kind of Object.keys(DIAGNOSTIC_DEFAULTS) as DiagnosticKind[]) {
    const level = settings.get(`diagnostics.${kind}`);
    if (LEVELS.includes(level as LintLevel) || (kind === 'lints' && level === 'default')) {
      diagnostics[kind] = level as LintLevel;
    }
  }
  const codeLens = settings.get('codeLens');
  return {
    enabled: settings.get('enable') !== false,
    maxTokenLength: positiveInteger(settings.get('maxTokenLength'), DEFAULT_MAX_TOKEN_LENGTH),
    maxDocumentSize: positiveInteger(settings.get('maxDocumentSize'), DEFAULT_MAX_DOCUMENT_SIZE),
    clockToleranceSeconds: Math.min(nonNegative(settings.get('clockTolerance'), 0), MAX_CLOCK_TOLERANCE_SECONDS),
    maxLifetimeSeconds: durationSetting(settings.get('maxLifetime'), DEFAULT_MAX_LIFETIME_SECONDS),
    codeLens: codeLens === 'problems' || codeLens === 'off' ? codeLens : 'all',
    expiryWarningSeconds: nonNegative(settings.get('expiryWarningMinutes'), 10) * 60,
    diagnostics: diagnostics as JwtLensConfig['diagnostics'],
    findTokensInclude: typeof settings.get('findTokens.include') === 'string' ? settings.get<string>('findTokens.include')! : '**/*',
  };
}

/**
 * The network policy, from user settings only: a setting that widens what is fetched is
 * application-scoped, and a workspace value (a cloned repository's .vscode/settings.json) is ignored
 * here too, whatever VS Code does with it.
 */
export function readFetchPolicy(): FetchPolicy {
  const setting = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect('network.allowHttpLocalhost');
  return { allowHttpLocalhost: setting?.globalValue === true };
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

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function durationSetting(value: unknown, fallback: number): number {
  const seconds = typeof value === 'string' ? parseDuration(value) : undefined;
  return seconds !== undefined && seconds > 0 ? seconds : fallback;
}

// The judging settings (jwtLens.* in VS Code, .jwtlens.json and --rule on the command line), read
// and validated in one place from any source of values: the extension and the CLI judge alike.
import { parseDuration } from '../token/time';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../token/decode';
import { DEFAULT_MAX_LIFETIME_SECONDS } from './lint';

export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';
/** For lints, 'default' keeps each rule's own severity. */
export type LintLevel = DiagnosticLevel | 'default';
export type DiagnosticKind = 'expired' | 'notYetValid' | 'badSignature' | 'unsigned' | 'lints' | 'liveToken';
export type DiagnosticLevels = Readonly<Record<Exclude<DiagnosticKind, 'lints'>, DiagnosticLevel> & { lints: LintLevel }>;

export interface JudgingSettings {
  readonly maxTokenLength: number;
  /** Documents longer than this (characters) are not scanned. */
  readonly maxDocumentSize: number;
  readonly clockToleranceSeconds: number;
  readonly maxLifetimeSeconds: number;
  readonly expiryWarningSeconds: number;
  readonly diagnostics: DiagnosticLevels;
}

export const DEFAULT_MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;
/** Clock skew beyond this is not skew: a setting of 1e15 would make every expired token valid. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
/**
 * The editor's defaults. A live token is off there: the editor is where tokens are written on
 * purpose (fixtures, tokens just signed) and the hover already says how long each lasts; the CLI,
 * which guards what gets committed, raises it to an error (src/cli/configFile.ts).
 */
export const DIAGNOSTIC_DEFAULTS: DiagnosticLevels = {
  expired: 'warning',
  notYetValid: 'warning',
  badSignature: 'error',
  unsigned: 'warning',
  lints: 'default',
  liveToken: 'off',
};
export const DIAGNOSTIC_LEVELS: readonly DiagnosticLevel[] = ['error', 'warning', 'information', 'hint', 'off'];
export const DIAGNOSTIC_KINDS = Object.keys(DIAGNOSTIC_DEFAULTS) as DiagnosticKind[];

/** The names read, as in package.json without the "jwtLens." prefix. */
export const JUDGING_SETTING_NAMES = [
  'maxTokenLength',
  'maxDocumentSize',
  'clockTolerance',
  'maxLifetime',
  'expiryWarningMinutes',
  ...DIAGNOSTIC_KINDS.map((kind) => `diagnostics.${kind}`),
] as const;

export interface SettingsReading {
  readonly settings: JudgingSettings;
  /** Names whose value was set but not valid (their defaults apply): the CLI refuses them, the extension ignores them. */
  readonly invalid: readonly string[];
}

/** Reads the judging settings through `get(name)` (undefined when unset); an invalid value falls back to its default. */
export function readJudgingSettings(get: (name: string) => unknown): SettingsReading {
  const invalid: string[] = [];
  const read = <T>(name: string, parse: (value: unknown) => T | undefined, fallback: T): T => {
    const value = get(name);
    if (value === undefined) {
      return fallback;
    }
    const parsed = parse(value);
    if (parsed === undefined) {
      invalid.push(name);
      return fallback;
    }
    return parsed;
  };
  const diagnostics: Record<DiagnosticKind, LintLevel> = { ...DIAGNOSTIC_DEFAULTS };
  for (const kind of DIAGNOSTIC_KINDS) {
    diagnostics[kind] = read(`diagnostics.${kind}`, (value) => level(value, kind === 'lints'), DIAGNOSTIC_DEFAULTS[kind]);
  }
  const settings: JudgingSettings = {
    maxTokenLength: read('maxTokenLength', positiveInteger, DEFAULT_MAX_TOKEN_LENGTH),
    maxDocumentSize: read('maxDocumentSize', positiveInteger, DEFAULT_MAX_DOCUMENT_SIZE),
    clockToleranceSeconds: Math.min(read('clockTolerance', nonNegative, 0), MAX_CLOCK_TOLERANCE_SECONDS),
    maxLifetimeSeconds: read('maxLifetime', duration, DEFAULT_MAX_LIFETIME_SECONDS),
    expiryWarningSeconds: read('expiryWarningMinutes', nonNegative, 10) * 60,
    diagnostics: diagnostics as DiagnosticLevels,
  };
  return { settings, invalid };
}

function level(value: unknown, isLints: boolean): LintLevel | undefined {
  return DIAGNOSTIC_LEVELS.includes(value as DiagnosticLevel) || (isLints && value === 'default') ? (value as LintLevel) : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function duration(value: unknown): number | undefined {
  const seconds = typeof value === 'string' ? parseDuration(value) : undefined;
  return seconds !== undefined && seconds > 0 ? seconds : undefined;
}

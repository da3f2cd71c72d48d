// The judging settings for the CLI: the extension's setting names (src/core/judge/judgingSettings.ts), from a
// .jwtlens.json (JSON with comments; "jwtLens." prefixes allowed, so a settings.json block can be
// copied in) and --rule name=value flags, which win. A finding code as a name ("no-exp": "off")
// sets that one finding's level. Any unknown name or invalid value is a usage error, not a default.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FINDING_RULES, type FindingCode, type TokenFinding } from '../core/judge/findings';
import { parseJsonc } from '../core/text/jsonc';
import { isJsonObject } from '../core/token/decode';
import {
  DIAGNOSTIC_KINDS,
  DIAGNOSTIC_LEVELS,
  JUDGING_SETTING_NAMES,
  readJudgingSettings,
  type DiagnosticLevel,
  type JudgingSettings,
} from '../core/judge/judgingSettings';
import { CliError, ioError } from './cliError';

export const CONFIG_FILE = '.jwtlens.json';

export interface CliSettings extends JudgingSettings {
  /** Levels set per finding code, over the kind's level. */
  readonly codeLevels: ReadonlyMap<FindingCode, DiagnosticLevel>;
}

/**
 * Where the CLI's defaults differ from the editor's: a scan guards what is committed, where a
 * live token is a leaked credential, so it fails the scan.
 */
export const CLI_DEFAULTS: Readonly<Record<string, unknown>> = { 'diagnostics.liveToken': 'error' };

const NUMERIC = new Set(['maxTokenLength', 'maxDocumentSize', 'clockTolerance', 'expiryWarningMinutes']);

/** The name without "jwtLens.", with a diagnostics kind's short form ("expired") made whole. */
function canonicalName(name: string): string {
  const bare = name.startsWith('jwtLens.') ? name.slice('jwtLens.'.length) : name;
  return (DIAGNOSTIC_KINDS as string[]).includes(bare) ? `diagnostics.${bare}` : bare;
}

/** "name=value" from --rule; numbers for the numeric settings. */
export function parseRule(rule: string): [name: string, value: unknown] {
  const equals = rule.indexOf('=');
  if (equals <= 0) {
    throw new CliError(`--rule ${rule}: use name=value, for example --rule maxLifetime=7d or --rule no-exp=off.`);
  }
  const name = canonicalName(rule.slice(0, equals).trim());
  const text = rule.slice(equals + 1).trim();
  return [name, NUMERIC.has(name) && text !== '' && Number.isFinite(Number(text)) ? Number(text) : text];
}

function readConfigFile(path: string, cwd: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw ioError(error, 'settings file', path);
  }
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    throw new CliError(`${path}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}`);
  }
  if (!isJsonObject(parsed.value)) {
    throw new CliError(`${path}: settings are a JSON object such as { "maxLifetime": "7d", "no-exp": "off" }.`);
  }
  return parsed.value;
}

/**
 * The settings from `configPath` (or ./.jwtlens.json when it exists) and the rules. `configPath`
 * undefined and no file there: the defaults, as the extension has them.
 */
export function loadSettings(configPath: string | undefined, rules: readonly string[], cwd: string): CliSettings {
  const values = new Map<string, unknown>(Object.entries(CLI_DEFAULTS));
  const defaultPath = resolve(cwd, CONFIG_FILE);
  const path = configPath ?? (existsSync(defaultPath) ? defaultPath : undefined);
  if (path !== undefined) {
    for (const [name, value] of Object.entries(readConfigFile(path, cwd))) {
      values.set(canonicalName(name), value);
    }
  }
  for (const rule of rules) {
    const [name, value] = parseRule(rule);
    values.set(name, value);
  }
  const codeLevels = new Map<FindingCode, DiagnosticLevel>();
  const known = new Set<string>(JUDGING_SETTING_NAMES);
  for (const [name, value] of values) {
    if (name in FINDING_RULES) {
      if (!DIAGNOSTIC_LEVELS.includes(value as DiagnosticLevel)) {
        throw new CliError(`"${name}": ${JSON.stringify(value)} is not a level; use ${DIAGNOSTIC_LEVELS.join(', ')}.`);
      }
      codeLevels.set(name as FindingCode, value as DiagnosticLevel);
    } else if (!known.has(name)) {
      throw new CliError(`"${name}" is not a setting. Use ${[...JUDGING_SETTING_NAMES].join(', ')}, or a finding code such as no-exp.`);
    }
  }
  const { settings, invalid } = readJudgingSettings((name) => values.get(name));
  if (invalid.length > 0) {
    const name = invalid[0];
    throw new CliError(`"${name}": ${JSON.stringify(values.get(name))} is not a valid value (see README, Settings).`);
  }
  return { ...settings, codeLevels };
}

/** The findings with each code's own level applied (dropped where it is off). */
export function applyCodeLevels(findings: readonly TokenFinding[], codeLevels: ReadonlyMap<FindingCode, DiagnosticLevel>): TokenFinding[] {
  if (codeLevels.size === 0) {
    return [...findings];
  }
  return findings.flatMap((finding) => {
    const level = codeLevels.get(finding.code);
    if (level === undefined) {
      return [finding];
    }
    return level === 'off' ? [] : [{ ...finding, level }];
  });
}

// The one typed reader of `jwtLens.*` settings. Defaults here match package.json.
import * as vscode from 'vscode';
import { DEFAULT_MAX_TOKEN_LENGTH } from './core/decode';

export const CONFIG_SECTION = 'jwtLens';

export interface JwtLensConfig {
  readonly maxTokenLength: number;
}

export function readConfig(): JwtLensConfig {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    maxTokenLength: positiveInteger(settings.get('maxTokenLength'), DEFAULT_MAX_TOKEN_LENGTH),
  };
}

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

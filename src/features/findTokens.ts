// "JWT: Find Tokens in Workspace": every token across the workspace (files.exclude and the
// jwtLens.findTokens.include glob respected), with expiry and signature status, most urgent first.
// Reads files with the engine's bounded scan; never opens them as documents.
import * as vscode from 'vscode';
import { decodeUtf8 } from '../core/base64';
import { decodeMatch, scanTokens } from '../core/scan';
import { lensTitle, urgency, URGENCY_ORDER, type Urgency } from '../core/verdict';
import { readConfig } from '../config';
import { registerCommandTable } from './commandTable';
import { describeSubject, ICONS } from './statusBar';
import type { TokenService } from './tokenService';

export const FIND_TOKENS_COMMAND = 'jwtLens.findTokens';
const MAX_FILES = 5000;
const MAX_RESULTS = 2000;

export interface FoundToken {
  readonly uri: string;
  readonly line: number;
  readonly status: string;
  readonly urgency: Urgency;
}

export function registerFindTokens(service: TokenService, log: vscode.LogOutputChannel): vscode.Disposable {
  const find = async (options: { show?: boolean } = {}): Promise<FoundToken[]> => {
    const config = readConfig();
    const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding JWTs' }, async () => {
      // exclude undefined: files.exclude applies.
      const files = await vscode.workspace.findFiles(config.findTokensInclude, undefined, MAX_FILES);
      const results: Array<FoundToken & { range: vscode.Range; sortKey: number }> = [];
      for (const file of files) {
        if (results.length >= MAX_RESULTS) break;
        let bytes: Uint8Array;
        try {
          const stat = await vscode.workspace.fs.stat(file);
          if (stat.size > config.maxDocumentSize) continue;
          bytes = await vscode.workspace.fs.readFile(file);
        } catch {
          continue;
        }
        if (bytes.includes(0)) continue; // binary
        const text = decodeUtf8(bytes);
        const lineStarts = [0];
        for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
        const matches = scanTokens(text, { maxTokenLength: config.maxTokenLength, maxTokens: MAX_RESULTS - results.length }).tokens;
        const decoded = matches.map(decodeMatch);
        await service.verifyAll(decoded);
        const verdicts = service.verdictsNow(decoded);
        for (const [index, match] of matches.entries()) {
          const verdict = verdicts[index];
          const kind = urgency(verdict, config.expiryWarningSeconds);
          const line = upperBound(lineStarts, match.start) - 1;
          const range = new vscode.Range(line, match.start - lineStarts[line], line, match.end - lineStarts[line]);
          results.push({ uri: file.toString(), line: line + 1, status: `${describeSubject(verdict)}${lensTitle(verdict)}`, urgency: kind, range, sortKey: verdict.time.secondsFromNow ?? Infinity });
        }
      }
      return results.sort((a, b) => URGENCY_ORDER.indexOf(a.urgency) - URGENCY_ORDER.indexOf(b.urgency) || a.sortKey - b.sortKey);
    });
    log.info(`Find Tokens in Workspace: ${found.length} tokens.`);
    if (options.show !== false) {
      if (found.length === 0) {
        void vscode.window.showInformationMessage('No JWTs found in the workspace (jwtLens.findTokens.include and files.exclude apply).');
      } else {
        const picked = await vscode.window.showQuickPick(found.map((entry) => ({
          label: `${ICONS[entry.urgency]} ${entry.status}`,
          // On its own line: at the right of a long status it was cut off.
          detail: `${vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri))}:${entry.line}`,
          entry,
        })), { title: `${found.length} JWT${found.length === 1 ? '' : 's'} in the workspace`, matchOnDetail: true });
        if (picked) {
          await vscode.window.showTextDocument(vscode.Uri.parse(picked.entry.uri), { selection: picked.entry.range });
        }
      }
    }
    return found.map(({ uri, line, status, urgency: kind }) => ({ uri, line, status, urgency: kind }));
  };
  return registerCommandTable({ [FIND_TOKENS_COMMAND]: find }, log);
}

/** Index of the first element greater than `value` in a sorted array. */
function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

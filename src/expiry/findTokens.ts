// "JWT: Find Tokens in Workspace": every token across the workspace (files.exclude and the
// jwtLens.findTokens.include glob respected), with expiry and signature status, most urgent first.
// A file open in an editor is read from its document's inspection (what the user sees, unsaved
// edits included); others are read from disk with the engine's bounded scan, never opened.
import * as vscode from 'vscode';
import { decodeUtf8 } from '../core/text/base64';
import { lensTitle, URGENCY_ORDER, type Urgency } from '../core/judge/verdict';
import { readConfig } from '../config';
import { registerCommandTable } from '../shared/commandTable';
import { describeSubject, ICONS } from './statusBar';
import type { InspectionEntry, InspectionService } from '../services/inspections';
import { COMMANDS } from '../util/commandIds';

const MAX_FILES = 5000;
const MAX_RESULTS = 2000;

export interface FoundToken {
  readonly uri: string;
  readonly line: number;
  readonly status: string;
  readonly urgency: Urgency;
}

export function registerFindTokens(service: InspectionService, log: vscode.LogOutputChannel): vscode.Disposable {
  const find = async (options: { show?: boolean } = {}): Promise<FoundToken[]> => {
    const config = readConfig();
    const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding JWTs' }, async () => {
      // exclude undefined: files.exclude applies.
      const files = await vscode.workspace.findFiles(config.findTokensInclude, undefined, MAX_FILES);
      const results: Array<FoundToken & { range: vscode.Range; sortKey: number }> = [];
      for (const file of files) {
        if (results.length >= MAX_RESULTS) {
          break;
        }
        const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === file.toString());
        let entries: readonly InspectionEntry[];
        if (open) {
          entries = (await service.inspectVerified(open, { limit: MAX_RESULTS - results.length })).entries;
        } else {
          let bytes: Uint8Array;
          try {
            const stat = await vscode.workspace.fs.stat(file);
            if (stat.size > config.maxDocumentSize) {
              continue;
            }
            bytes = await vscode.workspace.fs.readFile(file);
          } catch {
            continue;
          }
          if (bytes.includes(0)) {
            continue;
          } // binary
          entries = await service.inspectTextVerified(file, decodeUtf8(bytes), config, MAX_RESULTS - results.length);
        }
        for (const { range, verdict, urgency: kind } of entries) {
          results.push({
            uri: file.toString(),
            line: range.start.line + 1,
            status: `${describeSubject(verdict)}${lensTitle(verdict)}`,
            urgency: kind,
            range,
            sortKey: verdict.time.secondsFromNow ?? Infinity,
          });
        }
      }
      return results.sort((a, b) => URGENCY_ORDER.indexOf(a.urgency) - URGENCY_ORDER.indexOf(b.urgency) || a.sortKey - b.sortKey);
    });
    log.info(`Find Tokens in Workspace: ${found.length} tokens.`);
    if (options.show !== false) {
      if (found.length === 0) {
        void vscode.window.showInformationMessage('No JWTs found in the workspace (jwtLens.findTokens.include and files.exclude apply).');
      } else {
        const picked = await vscode.window.showQuickPick(
          found.map((entry) => ({
            label: `${ICONS[entry.urgency]} ${entry.status}`,
            // On its own line: at the right of a long status it was cut off.
            detail: `${vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri))}:${entry.line}`,
            entry,
          })),
          { title: `${found.length} JWT${found.length === 1 ? '' : 's'} in the workspace`, matchOnDetail: true },
        );
        if (picked) {
          await vscode.window.showTextDocument(vscode.Uri.parse(picked.entry.uri), { selection: picked.entry.range });
        }
      }
    }
    return found.map(({ uri, line, status, urgency: kind }) => ({ uri, line, status, urgency: kind }));
  };
  return registerCommandTable({ [COMMANDS.findTokens]: find }, log);
}

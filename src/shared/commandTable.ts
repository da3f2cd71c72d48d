// One loop registers a table of commands (rust-analyzer's pattern), with one error policy: a
// failure the user can fix shows its message; anything else is logged by type only (messages of
// unknown errors could carry key material) and shown as a generic failure.
import * as vscode from 'vscode';
import { KeyStoreError } from '../services/keyStore';

export type CommandTable = Record<string, (...args: never[]) => unknown>;

export function registerCommandTable(table: CommandTable, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(...Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof KeyStoreError) {
          void vscode.window.showErrorMessage(error.message);
        } else {
          log.error(`${id} failed: ${error instanceof Error ? error.name : typeof error}`);
          void vscode.window.showErrorMessage('The JWT Lens command failed unexpectedly. See the JWT Lens output for details.');
        }
        return undefined;
      }
    })));
}

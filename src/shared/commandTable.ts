// One loop registers a table of commands, and it is the one place that
// shows a command's failure (util/errors.ts): a JwtLensError shows its message with its actions as
// buttons, logs its code, and the command returns { error: { code, message } }. Anything else is
// logged by type only (messages of unknown errors could carry key material) and shown as a
// generic failure, with the same return shape.
import * as vscode from 'vscode';
import type { CommandId } from '../util/commandIds';
import { commandFailure, JwtLensError, UNEXPECTED_MESSAGE, type CommandFailure } from '../util/errors';

type CommandHandler = (...args: never[]) => unknown;

/** Handlers by command id (util/commandIds.ts): a misspelt id does not compile. Each capability registers its part. */
export type CommandTable = Partial<Record<CommandId, CommandHandler>>;

export function registerCommandTable(table: CommandTable, log: vscode.LogOutputChannel): vscode.Disposable {
  const entries = Object.entries(table) as [CommandId, CommandHandler][];
  return vscode.Disposable.from(
    ...entries.map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          return showFailure(id, error, log);
        }
      }),
    ),
  );
}

/** Shows the failure (without waiting for an answer) and returns what the command returns for it. */
function showFailure(id: string, error: unknown, log: vscode.LogOutputChannel): CommandFailure {
  const known = error instanceof JwtLensError ? error : undefined;
  if (known) {
    log.warn(`${id} failed: ${known.code}`);
  } else {
    log.error(`${id} failed: ${error instanceof Error ? error.name : typeof error}`);
  }
  const failure = known ?? new JwtLensError('ERR_UNEXPECTED', UNEXPECTED_MESSAGE);
  const { actions } = failure;
  void vscode.window.showErrorMessage(failure.message, ...actions.map((action) => action.title)).then((answer) => {
    const action = actions.find((candidate) => candidate.title === answer);
    if (action) {
      void vscode.commands.executeCommand(action.command, action.args);
    }
  });
  return commandFailure(failure);
}
